// `sluice singer` played from a Singer target's side (as Meltano runs it): the discovered catalog
// and every message of a sync of every connector checked against the Singer specification
// (tests/conformance/singer_validate.py), stream selection, a sync resumed from its last STATE
// with only new records, a sync killed with SIGKILL resumed from the last STATE it printed, and
// bad input.
#include "support/json_lines_face.h"

namespace sluice::testing {
namespace {

class SingerFace : public JsonLinesFace {
 protected:
  std::vector<std::string> read_args(const std::string& state_file) override {
    std::vector<std::string> args = {"singer", connector, "--config", "configuration.json"};
    if (!state_file.empty()) args.insert(args.end(), {"--state", state_file});
    if (!catalog_file.empty()) args.insert(args.end(), {"--catalog", catalog_file});
    return args;
  }
  std::optional<FaceRecord> record_of(const nlohmann::json& m) const override {
    if (m["type"] != "RECORD") return std::nullopt;
    return FaceRecord{m["stream"], m["record"]};
  }
  bool is_state(const nlohmann::json& m) const override { return m["type"] == "STATE"; }
  nlohmann::json next_state(const std::vector<nlohmann::json>& messages) const override {
    nlohmann::json value = nlohmann::json::object();
    for (const auto& m : messages)
      if (m["type"] == "STATE") value = m["value"];
    return value;
  }
  nlohmann::json validate(const std::string& file, std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), dir.file(file));
    return conformance("singer_validate.py", extra);
  }
  // A sync's failure: one sentence on stderr, nothing on stdout, a non-zero exit.
  void expect_one_sentence_error(const ProcessResult& r, const std::string& words) {
    EXPECT_NE(r.exit_code, 0) << words;
    EXPECT_EQ(r.out, "");
    std::string text = r.err.substr(0, r.err.find_last_not_of('\n') + 1);
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
    EXPECT_NE(text.find(words), std::string::npos) << text;
    EXPECT_EQ(text.back(), '.') << text;
    EXPECT_EQ(text.find(". "), std::string::npos) << "more than one sentence: " << text;
  }

  std::string catalog_file;
};

TEST_F(SingerFace, DiscoverAndSyncOfEveryConnectorFollowTheSpecification) {
  for (const std::string c : {"refiner", "countly", "qualtrics", "sensource"}) {
    SCOPED_TRACE(c);
    start(c);
    ProcessResult d = sluice({"singer", c, "--config", "configuration.json", "--discover"});
    ASSERT_EQ(d.exit_code, 0) << d.err;
    write_file(dir.file("catalog.json"), d.out);
    ProcessResult r = run_read("sync.jsonl");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json v = validate("sync.jsonl", {"--catalog", dir.file("catalog.json")});
    std::cout << "[ singer ] " << c << ": " << v.dump() << "\n";
    EXPECT_GT(v["types"].value("RECORD", 0), 0);
    EXPECT_GT(v["types"].value("STATE", 0), 0);
    EXPECT_EQ(v["types"].value("SCHEMA", 0), static_cast<int>(v["records"].size()));
  }
}

TEST_F(SingerFace, OnlySelectedStreamsAreRead) {
  start("refiner");
  nlohmann::json catalog = nlohmann::json::parse(
      sluice({"singer", "refiner", "--config", "configuration.json", "--discover"}).out);
  for (auto& s : catalog["streams"]) {
    bool keep = s["tap_stream_id"] == "surveys" || s["tap_stream_id"] == "questions";
    s["metadata"][0]["metadata"]["selected"] = keep;
  }
  write_file(dir.file("selected.json"), catalog.dump());
  catalog_file = "selected.json";
  ProcessResult r = run_read("sync.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json v = validate("sync.jsonl");
  EXPECT_EQ(v["records"], nlohmann::json({{"surveys", 4}, {"questions", 16}}));
  // Legacy --properties with stream-level `selected` chooses the same way.
  for (auto& s : catalog["streams"]) {
    s["selected"] = s["tap_stream_id"] == "surveys";
    s.erase("metadata");
  }
  write_file(dir.file("properties.json"), catalog.dump());
  ProcessResult p = sluice(
      {"singer", "refiner", "--config", "configuration.json", "--properties", "properties.json"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  write_file(dir.file("properties.jsonl"), p.out);
  EXPECT_EQ(validate("properties.jsonl")["records"], nlohmann::json({{"surveys", 4}}));

  // Once a state says which Sluice streams write which tables, streams writing none of the
  // selected tables are not read from the API at all.
  catalog_file = "";
  ProcessResult everything = run_read("everything.jsonl");
  ASSERT_EQ(everything.exit_code, 0) << everything.err;
  write_file(dir.file("state.json"), next_state(json_lines(everything.out)).dump());
  int64_t before = sandbox->requests();
  ASSERT_EQ(run_read("all_again.jsonl", "state.json").exit_code, 0);
  int64_t all_streams = sandbox->requests() - before;
  catalog_file = "selected.json";
  before = sandbox->requests();
  ProcessResult some = run_read("some.jsonl", "state.json");
  ASSERT_EQ(some.exit_code, 0) << some.err;
  int64_t selected_streams = sandbox->requests() - before;
  std::cout << "[ singer ] requests from the same state: every stream " << all_streams
            << ", surveys and questions only " << selected_streams << "\n";
  EXPECT_LT(selected_streams, all_streams);
  EXPECT_EQ(validate("some.jsonl")["records"], nlohmann::json({{"surveys", 4}, {"questions", 16}}));
}

TEST_F(SingerFace, ASyncFromTheLastStateGetsOnlyNewRecords) {
  start("refiner");
  expect_second_read_gets_only_new_records();
  validate("second.jsonl");
}

TEST_F(SingerFace, ASyncKilledMidStreamResumesFromItsLastStateLosingNothing) {
  start("refiner", /*latency_ms=*/5);
  config["page_length"] = 5;
  config["checkpoint_every"] = 20;
  write_file(dir.file("configuration.json"), config.dump());
  expect_killed_read_resumes();
  validate("rerun.jsonl");
}

TEST_F(SingerFace, BadInputIsOneSentenceAndANonZeroExit) {
  start("refiner");
  nlohmann::json catalog = nlohmann::json::parse(
      sluice({"singer", "refiner", "--config", "configuration.json", "--discover"}).out);
  catalog["streams"][0]["tap_stream_id"] = "invoices";
  write_file(dir.file("unknown.json"), catalog.dump());
  expect_one_sentence_error(
      sluice({"singer", "refiner", "--config", "configuration.json", "--catalog", "unknown.json"}),
      "\"invoices\"");
  write_file(dir.file("garbled.json"), "{\"streams\": [");
  expect_one_sentence_error(
      sluice({"singer", "refiner", "--config", "configuration.json", "--catalog", "garbled.json"}),
      "not valid JSON");
  nlohmann::json blob = {{"connector", "countly"},
                         {"seq", 3},
                         {"cursors", nlohmann::json::object()},
                         {"shared", nlohmann::json::object()},
                         {"streams_of", nlohmann::json::object()}};
  write_file(dir.file("users.json"), nlohmann::json{{"bookmarks", {{"users", blob}}}}.dump());
  expect_one_sentence_error(
      sluice({"singer", "refiner", "--config", "configuration.json", "--state", "users.json"}),
      "\"users\"");
  write_file(dir.file("countly.json"), nlohmann::json{{"bookmarks", {{"responses", blob}}}}.dump());
  expect_one_sentence_error(
      sluice({"singer", "refiner", "--config", "configuration.json", "--state", "countly.json"}),
      "countly connector");
}

}  // namespace
}  // namespace sluice::testing
