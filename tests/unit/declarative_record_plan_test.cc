// Records by position (declarative/record_plan) as data: a page in, the exact rows out, each the
// same row — names, kinds and values, in the same order — as the Record path (record_rows) emits.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "sluice/declarative/record_plan.h"
#include "sluice/declarative/record_rows.h"

namespace sluice::declarative {
namespace {

const TemplateNames kNames{{"tag"}, {}, false};

// Every row emitted, as "table: name=kind:text ..." (kind: n null, b bool, i int, d double,
// s string, j json, t timestamp), and whether it came by position.
class Rows : public Emitter {
 public:
  std::vector<std::string> rows;
  size_t by_position = 0;
  std::map<std::string, std::set<uint64_t>> shapes;  // the shape ids each table's rows came in
  void upsert(const std::string& table, Record r) override { add(table, r); }
  void upsert_row(const std::string& table, const RowShape& shape, const Cell* cells) override {
    ++by_position;
    shapes[table].insert(shape.id());
    add(table, record_of(shape, cells));
  }
  void update(const std::string&, Record) override { ADD_FAILURE(); }
  void remove(const std::string&, Record) override { ADD_FAILURE(); }
  void truncate(const std::string&) override { ADD_FAILURE(); }
  void checkpoint(const nlohmann::json&) override { ADD_FAILURE(); }

 private:
  void add(const std::string& table, const Record& r) {
    std::string line = table + ":";
    for (const Field& f : r.fields)
      line += " " + f.name + "=" + std::string(1, "nbidsjtD"[static_cast<int>(f.value.kind)]) +
              ":" + (f.value.is_null() ? "" : f.value.to_text());
    rows.push_back(std::move(line));
  }
};

StreamDefinition stream(const std::string& transform, const std::string& children,
                        int flatten_depth = 8) {
  Diagnostics d("s.yaml");
  StreamDefinition s;
  s.name = "responses";
  s.table.name = "responses";
  s.transform = read_transformations(YAML::Load(transform), {d, kNames}, "s");
  s.children = read_children(YAML::Load(children), {d, kNames}, "s");
  s.flatten_depth = flatten_depth;
  EXPECT_TRUE(d.empty()) << d.errors().front();
  return s;
}

struct BothPaths {
  Rows planned, general;
  size_t fell_back = 0;
};

// Each record of `page` (an array) through a plan and through the Record path.
BothPaths run(const StreamDefinition& s, const std::string& page, const Lookups& lookups = {},
              std::string_view map_key = "") {
  simdjson::dom::parser parser;
  const Config config = {{"tag", "eu"}};
  const TemplateValues values{.config = &config};
  RecordPlans plans(s, lookups);
  FieldNames names;
  BothPaths out;
  for (simdjson::dom::element e : parser.parse(page).get_array()) {
    simdjson::dom::object o = e.get_object();
    if (!plans.emit(o, map_key, values, out.planned)) {
      ++out.fell_back;
      emit_record(s, o, map_key, values, lookups, names, out.planned);
    }
    emit_record(s, o, map_key, values, lookups, names, out.general);
  }
  return out;
}

const char* kTransform = R"([
  {rename: {from: form_uuid, to: survey_uuid}},
  {add: {field: source, value: "tag-{{ config.tag }}"}},
  {cast: {field: counter, to: long}},
  drop: secret,
  {coalesce: {field: user_id, from: [contact_remote_id, contact_uuid]}},
  {drop_object: {field: contact, keep: [contact_uuid]}},
  {drop_object: {field: form}},
  {pick: {field: score, from: data, in_lookup: nps, to: long}}])";
const char* kChildren = R"([
  {field: data, table: answers, parent_key: {response_uuid: uuid, survey_uuid: form_uuid},
   key_column: question_id, value_column: answer, value_text: true, type_column: answer_type},
  {field: tags, table: tags, parent_key: {response_uuid: uuid},
   transform: [{rename: {from: value, to: tag}}]}])";

TEST(DeclarativeRecordPlan, EveryKindAndStepLandsTheRecordPathsRowsExactly) {
  const Lookups nps = {{"nps", {"q1", "q9"}}};
  const std::string page = R"([
    {"uuid":"r1","form":{"uuid":"f1","name":"S"},"counter":"7","secret":1,"big":18446744073709551615,
     "ok":true,"ratio":0.5,"none":null,"empty":{},"list":[1,{"a":2}],"deep":{"a":{"b":{"c":1}}},
     "contact":{"uuid":"c1","remote_id":"","email":"e@x"},"data":{"q1":"9","q2":[1,2],"q3":null},
     "tags":["vip","new"]},
    {"uuid":"r2","form":{"uuid":"f1","name":"S"},"counter":"x","secret":2,"big":1,
     "ok":false,"ratio":2,"none":"now text","empty":{},"list":[],"deep":{"a":{"b":{"c":2}}},
     "contact":{"uuid":"c2","remote_id":"u-2","email":null},"data":{"q1":10,"q2":"ünïcode","q3":{"x":1}},
     "tags":[]}])";
  BothPaths r = run(stream(kTransform, kChildren, 2), page, nps);
  EXPECT_EQ(r.fell_back, 0u);
  EXPECT_EQ(r.planned.rows, r.general.rows);
  EXPECT_EQ(r.planned.by_position, 2u + 6u);  // the two rows and their six answers
  EXPECT_EQ(
      r.planned.rows,
      (std::vector<std::string>{
          "answers: response_uuid=s:r1 survey_uuid=s:f1 question_id=s:q1 answer=s:9 "
          "answer_type=s:text",
          "answers: response_uuid=s:r1 survey_uuid=s:f1 question_id=s:q2 answer=s:[1,2] "
          "answer_type=s:array",
          "answers: response_uuid=s:r1 survey_uuid=s:f1 question_id=s:q3 answer=n: "
          "answer_type=s:null",
          "tags: response_uuid=s:r1 _index=i:0 tag=s:vip",
          "tags: response_uuid=s:r1 _index=i:1 tag=s:new",
          "responses: uuid=s:r1 survey_uuid=s:f1 counter=i:7 big=s:18446744073709551615 ok=b:true "
          "ratio=d:0.5 none=n: empty=j:{} list=j:[1,{\"a\":2}] deep_a_b=j:{\"c\":1} "
          "contact_uuid=s:c1 source=s:tag-eu user_id=s:c1 score=i:9",
          "answers: response_uuid=s:r2 survey_uuid=s:f1 question_id=s:q1 answer=s:10 "
          "answer_type=s:number",
          "answers: response_uuid=s:r2 survey_uuid=s:f1 question_id=s:q2 answer=s:ünïcode "
          "answer_type=s:text",
          "answers: response_uuid=s:r2 survey_uuid=s:f1 question_id=s:q3 "
          "answer=s:{\"x\":1} answer_type=s:object",
          "responses: uuid=s:r2 survey_uuid=s:f1 counter=n: big=i:1 ok=b:false ratio=i:2 "
          "none=s:now text "
          "empty=j:{} list=j:[] deep_a_b=j:{\"c\":2} contact_uuid=s:c2 "
          "source=s:tag-eu user_id=s:u-2 score=i:10"}));
}

TEST(DeclarativeRecordPlan, EachShapeOfRecordHasItsOwnPlan) {
  // A null contact, then an object; other questions answered: four shapes, met twice each.
  const std::string one = R"({"uuid":"a","contact":null,"data":{"q1":1}})";
  const std::string two = R"({"uuid":"b","contact":{"uuid":"c","remote_id":"u"},"data":{"q1":2}})";
  const std::string three = R"({"uuid":"c","contact":null,"data":{"q9":3,"q1":4}})";
  const std::string four = R"({"uuid":"d","data":{}})";
  const std::string page = "[" + one + "," + two + "," + three + "," + four + "," + three + "," +
                           two + "," + one + "," + four + "]";
  const StreamDefinition s = stream(kTransform, "[]");
  simdjson::dom::parser parser;
  const Config config;
  const Lookups nps = {{"nps", {"q1", "q9"}}};
  RecordPlans plans(s, nps);
  Rows rows;
  for (simdjson::dom::element e : parser.parse(page).get_array())
    ASSERT_TRUE(plans.emit(e.get_object(), "", {.config = &config}, rows));
  EXPECT_EQ(plans.plans(), 4u);
  BothPaths r = run(s, page, nps);
  EXPECT_EQ(r.planned.rows, r.general.rows);
  // The map's last key listed in the lookup wins, as the Record path's pick has it.
  EXPECT_EQ(r.planned.rows[2],
            "responses: uuid=s:c data_q9=i:3 data_q1=i:4 source=s:tag-eu user_id=n: score=i:4");
}

TEST(DeclarativeRecordPlan, PlansOfRowsWithTheSameColumnsShareTheirShape) {
  // Each survey's questions make a plan of their own; the map goes to a child table, so every
  // response row has the same columns and the loader sees one shape.
  const std::string page =
      R"([{"uuid":"a","form_uuid":"f1","data":{"q1":1}},{"uuid":"b","form_uuid":"f2","data":{"q2":"x","q3":2}},{"uuid":"c","form_uuid":"f1","data":{"q1":3}}])";
  BothPaths r = run(stream("[]", kChildren), page);
  EXPECT_EQ(r.planned.rows, r.general.rows);
  EXPECT_EQ(r.planned.shapes["responses"].size(), 1u);
  EXPECT_EQ(r.planned.shapes["answers"].size(), 1u);
}

TEST(DeclarativeRecordPlan, ARowNamingAColumnTwiceTakesTheRecordPath) {
  // `a_b` flattened from {"a":{"b":..}} and a top-level `a_b`: one column, the last value.
  BothPaths r = run(stream("[]", "[]"), R"([{"a":{"b":1},"a_b":2}])");
  EXPECT_EQ(r.fell_back, 0u);
  EXPECT_EQ(r.planned.rows, (std::vector<std::string>{"responses: a_b=i:2"}));
  EXPECT_EQ(r.planned.rows, r.general.rows);
  // A rename onto an existing column names it twice: the loader keeps the last value.
  BothPaths renamed = run(stream("[{rename: {from: x, to: y}}]", "[]"), R"([{"x":1,"y":2}])");
  EXPECT_EQ(renamed.fell_back, 1u);
  EXPECT_EQ(renamed.planned.rows, renamed.general.rows);
}

TEST(DeclarativeRecordPlan, AnIdKeyedMapsKeyAndJsonFieldsLandAsTheRecordPathsDo) {
  StreamDefinition s = stream("[]", "[]");
  s.records.map_key = "surveyId";
  s.json_fields = {"attributes"};
  BothPaths r =
      run(s, R"([{"n":"A","attributes":{"plan":"pro","seats":3}},{"n":"B","attributes":null}])", {},
          "s1");
  EXPECT_EQ(r.fell_back, 0u);
  EXPECT_EQ(r.planned.rows, r.general.rows);
  EXPECT_EQ(r.planned.rows,
            (std::vector<std::string>{
                "responses: n=s:A survey_id=s:s1 attributes=j:{\"plan\":\"pro\",\"seats\":3}",
                "responses: n=s:B survey_id=s:s1 attributes=n:"}));
}

TEST(DeclarativeRecordPlan, ShapesPastTheLimitTakeTheRecordPath) {
  std::string page = "[";
  for (int k = 0; k < 70; ++k)
    page += (k ? "," : "") + std::string(R"({"k)") + std::to_string(k) + R"(":1})";
  page += "]";
  BothPaths r = run(stream("[]", "[]"), page);
  EXPECT_EQ(r.fell_back, 6u);  // 64 shapes planned
  EXPECT_EQ(r.planned.rows, r.general.rows);
}

}  // namespace
}  // namespace sluice::declarative
