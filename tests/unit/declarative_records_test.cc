// Record selection, transformations and child rows as data: a page in, the exact rows out.
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/declarative/child_rows.h"
#include "sluice/declarative/record_selector.h"
#include "sluice/declarative/transformation.h"
#include "sluice/json/flatten.h"
#include "unit/declarative_record_text.h"

namespace sluice::declarative {
namespace {

const TemplateNames kNames{{"zones", "tag"}, {}, false};

RecordSelectorDefinition selector(const std::string& yaml) {
  Diagnostics d("r.yaml");
  auto s = read_record_selector(YAML::Load(yaml), {d, kNames}, "s");
  EXPECT_TRUE(d.empty()) << d.errors().front();
  return s;
}

// Every selected record as "key:json" lines, and the count the page held.
std::pair<std::vector<std::string>, size_t> select(const RecordSelectorDefinition& def,
                                                   const Config& config, const std::string& body) {
  simdjson::dom::parser parser;
  RecordSelector s(def, config);
  std::vector<std::string> out;
  size_t n = s.select(parser.parse(body), [&](simdjson::dom::object o, std::string_view key) {
    out.push_back(std::string(key) + ":" + simdjson::minify(o));
  });
  return {out, n};
}

TEST(DeclarativeRecords, PathsAreTriedInOrder) {
  auto def = selector("{path: [data.items, \"\"]}");
  EXPECT_EQ(select(def, {}, R"({"data":{"items":[{"id":1},{"id":2}]}})"),
            std::make_pair(std::vector<std::string>{R"(:{"id":1})", R"(:{"id":2})"}, size_t{2}));
  EXPECT_EQ(select(def, {}, R"([{"id":3}])").first, std::vector<std::string>{R"(:{"id":3})"});
  EXPECT_THROW(select(selector("{path: results}"), {}, R"({"error":"x"})"), Error);
}

TEST(DeclarativeRecords, AnIdKeyedMapBecomesRows) {
  auto def = selector("{path: surveys, map_key: survey_id}");
  EXPECT_EQ(select(def, {}, R"({"surveys":{"s1":{"n":"A"},"s2":{"n":"B"}}})").first,
            (std::vector<std::string>{R"(s1:{"n":"A"})", R"(s2:{"n":"B"})"}));
}

TEST(DeclarativeRecords, FiltersKeepSomeButCountAll) {
  auto def = selector("{filter: [{field: zone, in_config: zones}, {field: kind, equals: people}]}");
  const std::string page =
      R"([{"zone":"a","kind":"people"},{"zone":"b","kind":"people"},{"zone":"a","kind":"cars"}])";
  EXPECT_EQ(
      select(def, {{"zones", {"a"}}}, page),
      std::make_pair(std::vector<std::string>{R"(:{"zone":"a","kind":"people"})"}, size_t{3}));
  // An unset list keeps every value.
  EXPECT_EQ(select(def, {}, page).first.size(), 2u);
}

TEST(DeclarativeRecords, TransformationsRenameAddCastAndDrop) {
  Diagnostics d("t.yaml");
  auto steps = read_transformations(YAML::Load(R"([
    {rename: {from: zoneId, to: zone}},
    {add: {field: source, value: "tag-{{ config.tag }}"}},
    {cast: {field: avg, to: double}},
    {cast: {field: bad, to: long}},
    {cast: {field: when, to: timestamp}},
    drop: secret])"),
                                    {d, kNames}, "s");
  ASSERT_TRUE(d.empty()) << d.errors().front();
  simdjson::dom::parser parser;
  const std::string page =
      R"({"zoneId":"z1","avg":"2.50","bad":"12x","when":"2026-01-01T01:00:00Z","secret":1})";
  Record r = flatten(parser.parse(page).get_object());
  const Config config = {{"tag", "eu"}};
  apply_transformations(steps, r, {&config});
  EXPECT_EQ(text(r), "zone=z1 avg=2.5 bad=null when=2026-01-01T01:00:00Z source=tag-eu");
  EXPECT_EQ(r.find("avg")->kind, Value::Kind::kDouble);
  EXPECT_EQ(r.find("when")->kind, Value::Kind::kTimestamp);
}

TEST(DeclarativeRecords, ChildRowsFromAnArrayOrAMapCarryTheParentKey) {
  Diagnostics d("c.yaml");
  auto children = read_children(YAML::Load(R"([
    {field: answers, table: answers, parent_key: {response_uuid: uuid}},
    {field: tags, table: tags, parent_key: {response_uuid: uuid}, key_column: tag},
    {field: config.form.elements, table: questions, parent_key: {response_uuid: uuid}}])"),
                                {d, kNames}, "responses");
  ASSERT_TRUE(d.empty()) << d.errors().front();
  simdjson::dom::parser parser;
  const std::string page =
      R"({"uuid":"r1","answers":[{"q":"Q1","v":5},{"q":"Q2","v":"no"}],"tags":{"vip":true,"new":{"at":"x"}},"config":{"form":{"elements":["a"]}}})";
  simdjson::dom::object o = parser.parse(page).get_object();
  Record parent = flatten(o);
  std::vector<std::string> rows;
  for (const auto& child : children)
    for (const Record& r : child_rows(child, o, parent))
      rows.push_back(child.table + ": " + text(r));
  EXPECT_EQ(rows, (std::vector<std::string>{"answers: response_uuid=r1 _index=0 q=Q1 v=5",
                                            "answers: response_uuid=r1 _index=1 q=Q2 v=no",
                                            "tags: response_uuid=r1 tag=vip value=true",
                                            "tags: response_uuid=r1 tag=new at=x",
                                            "questions: response_uuid=r1 _index=0 value=a"}));
}

}  // namespace
}  // namespace sluice::declarative
