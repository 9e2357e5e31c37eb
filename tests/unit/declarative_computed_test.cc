// Computed fields, lookups and map children as data: a record in, the exact record out.
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/declarative/child_rows.h"
#include "sluice/declarative/lookup.h"
#include "sluice/declarative/source_definition.h"
#include "sluice/declarative/transformation.h"
#include "sluice/json/flatten.h"
#include "unit/declarative_record_text.h"

namespace sluice::declarative {
namespace {

const TemplateNames kNames{{}, {}, false};

std::vector<Transformation> steps(const std::string& yaml) {
  Diagnostics d("t.yaml");
  auto out = read_transformations(YAML::Load(yaml), {d, kNames}, "s");
  EXPECT_TRUE(d.empty()) << d.errors().front();
  return out;
}

Record transformed(const std::vector<Transformation>& s, const std::string& json,
                   const Lookups& lookups = {}) {
  simdjson::dom::parser parser;
  Record r = flatten(parser.parse(json).get_object());
  const Config config;
  apply_transformations(s, r, {&config}, lookups);
  return r;
}

TEST(DeclarativeComputed, CoalesceTakesTheFirstColumnHoldingAValue) {
  auto s = steps("[{coalesce: {field: user_id, from: [contact.remote_id, contact.uuid]}}]");
  EXPECT_EQ(text(transformed(s, R"({"contact":{"remote_id":"u-1","uuid":"c1"}})")),
            "contact_remote_id=u-1 contact_uuid=c1 user_id=u-1");
  // Null and empty text are no value; none at all is null.
  EXPECT_EQ(text(transformed(s, R"({"contact":{"remote_id":null,"uuid":"c2"}})")),
            "contact_remote_id=null contact_uuid=c2 user_id=c2");
  EXPECT_EQ(text(transformed(s, R"({"contact":{"remote_id":"","uuid":"c3"}})")),
            "contact_remote_id= contact_uuid=c3 user_id=c3");
  EXPECT_EQ(text(transformed(s, R"({"other":1})")), "other=1 user_id=null");
}

TEST(DeclarativeComputed, DropObjectRemovesEveryColumnFlattenedFromIt) {
  auto s = steps(
      "[{drop_object: {field: contact, keep: [contact_uuid]}}, {drop_object: {field: "
      "form}}]");
  EXPECT_EQ(
      text(transformed(
          s, R"({"uuid":"r1","contact":{"uuid":"c1","email":"e","attributes":{"plan":"pro"}},)"
             R"("contacts":2,"form":null})")),
      "uuid=r1 contact_uuid=c1 contacts=2");
}

TEST(DeclarativeComputed, PickTakesTheMapValueWhoseKeyIsInTheLookup) {
  auto s = steps("[{pick: {field: score, from: data, in_lookup: nps, to: long}}]");
  const Lookups lookups = {{"nps", {"q1_nps", "q2_nps"}}};
  EXPECT_EQ(text(transformed(s, R"({"data":{"q1_nps":7,"q1_reason":"ok"}})", lookups)),
            "data_q1_nps=7 data_q1_reason=ok score=7");
  // A number sent as text is cast; no key of the lookup leaves the field null.
  Record r = transformed(s, R"({"data":{"q2_nps":"9"}})", lookups);
  EXPECT_EQ(text(r), "data_q2_nps=9 score=9");
  EXPECT_EQ(r.find("score")->kind, Value::Kind::kInt);
  EXPECT_EQ(text(transformed(s, R"({"data":{"q9_nps":3}})", lookups)), "data_q9_nps=3 score=null");
  EXPECT_THROW(transformed(s, R"({"data":{}})", {}), Error);
}

TEST(DeclarativeComputed, ALookupGathersKeysFromNestedListsWhereAFieldHoldsText) {
  Diagnostics d("l.yaml");
  auto lookups = read_lookups(YAML::Load(R"([{name: nps, stream: surveys,
      path: config.form_elements, key: id, where: {field: type, contains: nps}}])"),
                              {d, kNames}, "responses");
  ASSERT_TRUE(d.empty()) << d.errors().front();
  ASSERT_EQ(lookups.size(), 1u);
  simdjson::dom::parser parser;
  std::set<std::string> set;
  for (
      const char* survey :
      {R"({"config":{"form_elements":[{"id":"q1_nps","type":"nps_rating"},{"id":"q1_x","type":"rating"}]}})",
       R"({"config":{"form_elements":[{"id":"q2_nps","type":"nps"},{"type":"nps"},"odd"]}})",
       R"({"config":null})"})
    add_to_lookup(lookups[0], parser.parse(std::string(survey)).get_object(), set);
  EXPECT_EQ(set, (std::set<std::string>{"q1_nps", "q2_nps"}));
}

TEST(DeclarativeComputed, MapChildValuesAsTextWithTheirJsonType) {
  Diagnostics d("c.yaml");
  auto children = read_children(YAML::Load(R"([{field: data, table: answers,
      parent_key: {response_uuid: uuid}, key_column: question_id, value_column: answer_value,
      value_text: true, type_column: answer_type,
      transform: [{add: {field: source, value: api}}]}])"),
                                {d, kNames}, "responses");
  ASSERT_TRUE(d.empty()) << d.errors().front();
  simdjson::dom::parser parser;
  simdjson::dom::object o =
      parser
          .parse(std::string(
              R"({"uuid":"r1","data":{"a":7,"b":"7","c":null,"d":["x","y"],"e":{"k":1},"f":true,"g":2.5}})"))
          .get_object();
  std::vector<std::string> rows;
  for (Record& r : child_rows(children[0], o, flatten(o))) {
    const Config config;
    apply_transformations(children[0].transform, r, {&config});
    rows.push_back(text(r));
  }
  EXPECT_EQ(
      rows,
      (std::vector<std::string>{
          "response_uuid=r1 question_id=a answer_value=7 answer_type=number source=api",
          "response_uuid=r1 question_id=b answer_value=7 answer_type=text source=api",
          "response_uuid=r1 question_id=c answer_value=null answer_type=null source=api",
          R"(response_uuid=r1 question_id=d answer_value=["x","y"] answer_type=array source=api)",
          R"(response_uuid=r1 question_id=e answer_value={"k":1} answer_type=object source=api)",
          "response_uuid=r1 question_id=f answer_value=true answer_type=boolean source=api",
          "response_uuid=r1 question_id=g answer_value=2.5 answer_type=number source=api"}));
}

TEST(DeclarativeComputed, APickNamingNoLookupOrALookupOfALaterStreamIsReported) {
  const std::string yaml = R"(version: 1
name: t
requester: {base_url: "http://x"}
streams:
  - name: responses
    path: r
    lookups: [{name: nps, stream: surveys, key: id}]
    transform: [{pick: {field: score, from: data, in_lookup: npz}}]
  - name: surveys
    path: s
)";
  std::string message;
  try {
    read_source_text(yaml, "t.yaml");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConfig);
    message = e.what();
  }
  EXPECT_NE(message.find("t.yaml:8:16: a `pick` of stream responses names lookup `npz`, which is "
                         "not in its `lookups`."),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("lookup nps of stream responses reads stream surveys, which must be "
                         "defined before it."),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace sluice::declarative
