// The part of the Airbyte and Singer faces that knows no platform: per-table states mapped from
// Sluice's per-stream cursors, values in their declared types, and the line emitter's order
// (records, then the states that cover them) and deletes.
#include <gtest/gtest.h>

#include <sstream>

#include "sluice/core/error.h"
#include "sluice/protocols/json_lines/json_schema.h"
#include "sluice/protocols/json_lines/line_emitter.h"
#include "sluice/protocols/json_lines/table_states.h"

namespace sluice::json_lines {
namespace {

// Sluice's whole state with these stream cursors.
nlohmann::json whole(nlohmann::json cursors) {
  return {{"streams", std::move(cursors)}};
}

TEST(TableStates, LearnsWhichStreamsWriteEachTableAndResumesEachFromItsNewestCursor) {
  TableChoice all = {{"parents", true}, {"children", true}, {"others", true}};
  TableStates run("demo");
  // What the platform keeps: the latest state of each table.
  std::map<std::string, nlohmann::json> kept;
  auto checkpoint = [&](const nlohmann::json& state, const std::set<std::string>& touched) {
    auto moved = run.checkpoint(state, touched, all);
    for (auto& [t, s] : moved) kept[t] = s;
    return moved.size();
  };
  // Stream `p` writes parents and children, stream `o` writes others.
  EXPECT_EQ(checkpoint(whole({{"p", 1}}), {"parents", "children"}), 3u);
  // p moves while only parents receive records: every table of p follows it.
  checkpoint(whole({{"p", 2}}), {"parents"});
  EXPECT_EQ(kept["children"]["cursors"], nlohmann::json({{"p", 2}}));
  checkpoint(whole({{"p", 2}, {"o", 7}}), {"others"});
  EXPECT_EQ(kept["others"]["cursors"], nlohmann::json({{"o", 7}}));
  EXPECT_EQ(kept["others"]["streams_of"]["children"], nlohmann::json({"p"}));
  EXPECT_EQ(checkpoint(whole({{"p", 2}, {"o", 7}}), {}), 0u);  // nothing moved, nothing sent
  TableStates next("demo");
  for (auto& [t, s] : kept) next.load(t, s);
  EXPECT_EQ(next.resume(all), whole({{"o", 7}, {"p", 2}}));

  // A table read in full, or chosen without a state of its own, restarts the streams writing it.
  TableStates full("demo");
  for (auto& [t, s] : kept) full.load(t, s);
  EXPECT_EQ(full.resume({{"parents", true}, {"children", false}, {"others", true}}),
            whole({{"o", 7}}));
  TableStates partial("demo");
  partial.load("parents", kept["parents"]);
  partial.load("others", kept["others"]);
  EXPECT_EQ(partial.resume(all), whole({{"o", 7}}));
}

TEST(TableStates, RestartedStreamsLeaveTheListOfStreamsDoneInThisSync) {
  TableChoice all = {{"parents", true}, {"others", true}};
  TableStates run("demo");
  run.checkpoint(whole({{"p", 1}}), {"parents"}, all);
  nlohmann::json state = whole({{"p", 1}});
  state["completed_this_sync"] = {"p"};
  auto moved = run.checkpoint(state, {}, all);
  TableStates next("demo");
  for (auto& [t, s] : moved) next.load(t, s);
  EXPECT_EQ(next.resume(all)["completed_this_sync"], nlohmann::json({"p"}));
  TableStates again("demo");
  for (auto& [t, s] : moved) again.load(t, s);
  nlohmann::json resumed = again.resume({{"parents", false}, {"others", true}});
  EXPECT_FALSE(resumed.contains("completed_this_sync"));
  EXPECT_FALSE(resumed.contains("streams"));
}

TEST(TableStates, StreamsWritingNoChosenTableAreSkipped) {
  TableChoice all = {{"parents", true}, {"others", true}};
  TableStates run("demo");
  run.checkpoint(whole({{"p", 1}}), {"parents"}, all);
  auto moved = run.checkpoint(whole({{"p", 1}, {"o", 2}}), {"others"}, all);
  TableStates next("demo");
  for (auto& [t, s] : moved) next.load(t, s);
  nlohmann::json resumed = next.resume({{"parents", true}});
  EXPECT_EQ(resumed["completed_this_sync"], nlohmann::json({"o"}));
  EXPECT_EQ(resumed["streams"], nlohmann::json({{"o", 2}, {"p", 1}}));
}

TEST(TableStates, RefusesAStateOfAnotherConnectorOrNotWrittenBySluice) {
  TableStates run("countly");
  auto moved = run.checkpoint(whole({{"users", 1}}), {"users"}, {{"users", true}});
  TableStates other("refiner");
  try {
    other.load("users", moved.at(0).second);
    FAIL() << "a Countly state was accepted by Refiner";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("belongs to the countly connector"), std::string::npos);
  }
  EXPECT_THROW(other.load("users", nlohmann::json({{"cursor", 5}})), Error);
}

TEST(JsonSchema, ValuesTakeTheirDeclaredTypes) {
  EXPECT_EQ(value_json(Value::string("2024-01-01 03:18:22"), ColumnType::kUtcDateTime),
            "2024-01-01T03:18:22Z");
  EXPECT_EQ(value_json(Value::string("2024-01-01T05:14:44+02:00"), ColumnType::kUtcDateTime),
            "2024-01-01T03:14:44Z");
  EXPECT_EQ(value_json(Value::string("2024-03-05T10:00:00Z"), ColumnType::kNaiveDate),
            "2024-03-05");
  EXPECT_EQ(value_json(Value::string("12"), ColumnType::kLong), 12);
  EXPECT_EQ(value_json(Value::integer(5), ColumnType::kString), "5");
  EXPECT_EQ(value_json(Value::string("n/a"), ColumnType::kLong), "n/a");  // passed on as sent
  EXPECT_EQ(value_json(Value::real(0.0 / 0.0)), nullptr);
  EXPECT_EQ(value_json(Value::json("{\"a\":[1]}")), nlohmann::json({{"a", {1}}}));
  TableSpec t{"t", {"id"}, {{"id", ColumnType::kLong}, {"at", ColumnType::kUtcDateTime}}};
  nlohmann::json schema = table_schema(t, "_ab_cdc_deleted_at");
  EXPECT_EQ(schema["properties"]["at"]["format"], "date-time");
  EXPECT_EQ(schema["properties"]["id"]["type"], nlohmann::json({"null", "integer"}));
  EXPECT_TRUE(schema["properties"].contains("_ab_cdc_deleted_at"));
}

// Collects what the face would print, in order.
class Lines : public LineEmitter {
 public:
  using LineEmitter::LineEmitter;
  std::vector<std::string> out;

 protected:
  nlohmann::json record_message(const std::string& table, nlohmann::json data) override {
    out.push_back("RECORD " + table + " " + data.dump());
    return nlohmann::json::object();
  }
  void states_moved(const std::vector<Moved>& moved) override {
    for (const Moved& m : moved)
      out.push_back("STATE " + m.table + " " + std::to_string(m.records));
  }
};

TEST(LineEmitter, StatesFollowTheRecordsTheyCoverAndDeletesAreStamped) {
  std::vector<TableSpec> tables = {{"items", {"id"}, {{"id", ColumnType::kLong}}},
                                   {"hidden", {"id"}, {{"id", ColumnType::kLong}}}};
  TableStates states("demo");
  Lines emit(tables, {{"items", true}}, states, "_deleted_at");
  ::testing::internal::CaptureStdout();  // the test emitter's empty lines
  Record r;
  r.set("id", Value::string("1"));
  emit.upsert("items", r);
  emit.upsert("hidden", r);  // not chosen: not sent
  emit.remove("items", r);
  emit.checkpoint(whole({{"s", 1}}));
  emit.upsert("items", r);
  emit.finish();  // the record after the last checkpoint gets that checkpoint's state
  ::testing::internal::GetCapturedStdout();
  ASSERT_EQ(emit.out.size(), 5u);
  EXPECT_EQ(emit.out[0], "RECORD items {\"id\":1}");
  EXPECT_EQ(emit.out[1].rfind("RECORD items {\"_deleted_at\":\"20", 0), 0u) << emit.out[1];
  EXPECT_EQ(emit.out[2], "STATE items 2");
  EXPECT_EQ(emit.out[3], "RECORD items {\"id\":1}");
  EXPECT_EQ(emit.out[4], "STATE items 1");
}

}  // namespace
}  // namespace sluice::json_lines
