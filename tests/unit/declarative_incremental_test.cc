// Incremental cursors and partition routers as data: a saved position in, the windows to read and
// the position to save out; a configuration or parent records in, the partitions out.
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/declarative/incremental.h"
#include "sluice/declarative/partition_router.h"

namespace sluice::declarative {
namespace {

const TemplateNames kNames{{"start_date", "days", "zones"}, {}, true};

IncrementalDefinition incremental(const std::string& yaml) {
  Diagnostics d("i.yaml");
  auto def = read_incremental(YAML::Load(yaml), {d, kNames}, "s");
  EXPECT_TRUE(d.empty()) << d.errors().front();
  return def;
}

int64_t t(const char* text) {
  return *parse_timestamp(text);
}

std::vector<std::string> text(const std::vector<Window>& windows) {
  std::vector<std::string> out;
  for (const auto& w : windows)
    out.push_back(format_timestamp(w.start) + "/" + format_timestamp(w.end));
  return out;
}

TEST(DeclarativeIncremental, WindowsOfAStepUntilTheHourAfterNow) {
  auto def = incremental(
      "{field: at, start: '{{ config.start_date }}', step: '{{ config.days }}d', end_ceiling: 1h, "
      "reopen: 1d}");
  const Config config = {{"start_date", "2026-01-01"}, {"days", 2}};
  const int64_t now = t("2026-01-05T10:30:00Z");
  EXPECT_EQ(text(plan_windows(def, config, nullptr, now)),
            (std::vector<std::string>{"2026-01-01T00:00:00Z/2026-01-03T00:00:00Z",
                                      "2026-01-03T00:00:00Z/2026-01-05T00:00:00Z",
                                      "2026-01-05T00:00:00Z/2026-01-05T11:00:00Z"}));
  // The saved position never passes the start of today: today is read again next time.
  EXPECT_EQ(window_position(def, {t("2026-01-03T00:00:00Z"), t("2026-01-05T00:00:00Z")}, now),
            (nlohmann::json{{"position", "2026-01-05T00:00:00Z"}}));
  EXPECT_EQ(window_position(def, {t("2026-01-05T00:00:00Z"), t("2026-01-05T11:00:00Z")}, now),
            (nlohmann::json{{"position", "2026-01-05T00:00:00Z"}}));
  // A saved position wins over the start.
  EXPECT_EQ(text(plan_windows(def, config, {{"position", "2026-01-05T00:00:00Z"}}, now)),
            (std::vector<std::string>{"2026-01-05T00:00:00Z/2026-01-05T11:00:00Z"}));
  EXPECT_TRUE(plan_windows(def, config, {{"position", "2026-01-06T00:00:00Z"}}, now).empty());
  EXPECT_EQ(idle_position(def, config, nullptr, t("2025-12-31T10:00:00Z")),
            (nlohmann::json{{"position", "2025-12-31T00:00:00Z"}}));
}

TEST(DeclarativeIncremental, LookbackStartsBeforeTheSavedPosition) {
  auto def = incremental("{field: updated_at, start: '2026-01-01', lookback: 1h}");
  const int64_t now = t("2026-02-01T00:00:00Z");
  EXPECT_EQ(text(plan_windows(def, {}, {{"position", "2026-01-20T05:00:00Z"}}, now)),
            (std::vector<std::string>{"2026-01-20T04:00:00Z/2026-02-01T00:00:00Z"}));
  auto ints = incremental("{field: id, type: integer, start: '100', lookback: 5}");
  auto w = plan_windows(ints, {}, {{"position", 250}}, now);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].start, 245);
  EXPECT_EQ(plan_windows(ints, {}, nullptr, now)[0].start, 100);
}

TEST(DeclarativeIncremental, AReadStoppedInsideAWindowResumesThereThenStepsOn) {
  auto def = incremental(
      "{field: at, start: '{{ config.start_date }}', step: '{{ config.days }}d', end_ceiling: 1h}");
  const Config config = {{"start_date", "2026-01-01"}, {"days", 2}};
  // The window saved (as planned before a crash), then those after it up to the hour after now.
  const nlohmann::json saved =
      window_json(def, {t("2026-01-03T00:00:00Z"), t("2026-01-05T00:00:00Z")});
  EXPECT_EQ(saved,
            (nlohmann::json{{"start", "2026-01-03T00:00:00Z"}, {"end", "2026-01-05T00:00:00Z"}}));
  EXPECT_EQ(
      text(resume_windows(def, config, *window_from_json(def, saved), t("2026-01-06T10:30:00Z"))),
      (std::vector<std::string>{"2026-01-03T00:00:00Z/2026-01-05T00:00:00Z",
                                "2026-01-05T00:00:00Z/2026-01-06T11:00:00Z"}));
  // Without a step the stopped window is the whole read; an integer window has no end.
  auto single = incremental("{field: at, start: '2026-01-01'}");
  EXPECT_EQ(text(resume_windows(single, {}, {t("2026-01-01T00:00:00Z"), t("2026-01-02T00:00:00Z")},
                                t("2026-03-01T00:00:00Z"))),
            (std::vector<std::string>{"2026-01-01T00:00:00Z/2026-01-02T00:00:00Z"}));
  auto ints = incremental("{field: id, type: integer, start: '100'}");
  EXPECT_EQ(window_json(ints, {250, 0}), (nlohmann::json{{"start", 250}}));
  EXPECT_EQ(window_from_json(ints, {{"start", 250}})->start, 250);
  EXPECT_FALSE(window_from_json(def, {{"start", "not a time"}, {"end", "2026-01-05"}}));
  EXPECT_FALSE(window_from_json(ints, {{"start", "250"}})) << "an integer cursor saves integers";
}

TEST(DeclarativeIncremental, RecordCursorReadsTimesAndIntegers) {
  simdjson::dom::parser parser;
  const std::string page = R"({"at":"2026-01-02T03:00:00.000Z","id":"17","n":4})";
  simdjson::dom::object o = parser.parse(page).get_object();
  EXPECT_EQ(record_cursor(incremental("{field: at, start: x}"), o), t("2026-01-02T03:00:00Z"));
  EXPECT_EQ(record_cursor(incremental("{field: id, type: integer, start: '0'}"), o), 17);
  EXPECT_EQ(record_cursor(incremental("{field: gone, start: x}"), o), std::nullopt);
}

TEST(DeclarativeIncremental, BadStartsAndStepsAreNamed) {
  auto def =
      incremental("{field: at, start: '{{ config.start_date }}', step: '{{ config.days }}x'}");
  EXPECT_THROW(plan_windows(def, {{"start_date", "soon"}, {"days", 1}}, nullptr, 0), Error);
  try {
    plan_windows(def, {{"start_date", "2026-01-01"}, {"days", 1}}, nullptr,
                 t("2026-01-02T00:00:00Z"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConfig);
    EXPECT_NE(std::string(e.what()).find("\"1x\" is not a duration"), std::string::npos);
  }
  Diagnostics d("i.yaml");
  read_incremental(YAML::Load("{field: at, start: x, lookback: soon, type: float}"), {d, kNames},
                   "s");
  EXPECT_EQ(d.errors().size(), 2u);
}

TEST(DeclarativePartitions, FromAConfigListOrAParentStream) {
  Diagnostics d("p.yaml");
  TemplateNames names = kNames;
  auto from_config = read_partitions(YAML::Load("{from_config: zones}"), {d, kNames}, "s", names);
  auto from_parent =
      read_partitions(YAML::Load("{from_stream: {stream: surveys, fields: {survey: uuid}}}"),
                      {d, kNames}, "s", names);
  ASSERT_TRUE(d.empty()) << d.errors().front();
  EXPECT_EQ(names.partition, (std::set<std::string>{"value", "survey"}));
  EXPECT_EQ(list_partitions(from_config, {{"zones", {"a", "b"}}}, {}),
            (std::vector<nlohmann::json>{{{"value", "a"}}, {{"value", "b"}}}));
  EXPECT_TRUE(list_partitions(from_config, {}, {}).empty());
  auto parents = [](const std::function<void(const nlohmann::json&)>& each) {
    each({{"uuid", "s1"}, {"name", "A"}});
    each({{"uuid", "s2"}});
    each({{"uuid", "s1"}});
  };
  auto parts = list_partitions(from_parent, {}, parents);
  EXPECT_EQ(parts, (std::vector<nlohmann::json>{{{"survey", "s1"}}, {{"survey", "s2"}}}));
  EXPECT_EQ(partition_key(parts[1]), "s2");
  read_partitions(YAML::Load("{from_config: nothing}"), {d, kNames}, "s", names);
  read_partitions(YAML::Load("{}"), {d, kNames}, "s", names);
  EXPECT_EQ(d.errors().size(), 2u);
}

}  // namespace
}  // namespace sluice::declarative
