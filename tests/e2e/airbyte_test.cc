// `sluice airbyte` played from Airbyte's side: every message of spec, check, discover and read of
// every connector validated against the published protocol schema (tests/conformance/
// airbyte_protocol, the same file as ../shared/reference/airbyte_protocol), the
// configured catalog against ConfiguredAirbyteCatalog, an incremental read resumed from its last
// states, a read killed with SIGKILL resumed from the last STATE it printed, and bad input.
#include <signal.h>

#include "support/json_lines_face.h"

namespace sluice::testing {
namespace {

class AirbyteFace : public JsonLinesFace {
 protected:
  // Runs `sluice airbyte <connector> <words...>`, keeps stdout in `<file>` and validates it.
  ProcessResult airbyte(const std::string& file, std::vector<std::string> words) {
    words.insert(words.begin(), {"airbyte", connector});
    ProcessResult r = sluice(words);
    write_file(dir.file(file), r.out);
    return r;
  }
  nlohmann::json validate(const std::string& file, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {airbyte_protocol_dir(), dir.file(file)};
    args.insert(args.end(), extra.begin(), extra.end());
    return conformance("airbyte_validate.py", args);
  }
  // A configured catalog of every discovered stream, incremental where it may be.
  void configure_all() {
    nlohmann::json streams = nlohmann::json::array();
    for (const auto& m : json_lines(read_file(dir.file("discover.jsonl")))) {
      if (m["type"] != "CATALOG") continue;
      for (const auto& s : m["catalog"]["streams"]) {
        bool inc = s["supported_sync_modes"].size() == 2;
        streams.push_back({{"stream", s},
                           {"sync_mode", inc ? "incremental" : "full_refresh"},
                           {"destination_sync_mode", inc ? "append_dedup" : "overwrite"},
                           {"primary_key", s["source_defined_primary_key"]}});
      }
    }
    write_file(dir.file("catalog.json"), nlohmann::json{{"streams", streams}}.dump());
  }
  std::vector<std::string> read_args(const std::string& state_file) override {
    std::vector<std::string> args = {
        "airbyte",   connector,     "read", "--config", "configuration.json",
        "--catalog", "catalog.json"};
    if (!state_file.empty()) args.insert(args.end(), {"--state", state_file});
    return args;
  }
  std::optional<FaceRecord> record_of(const nlohmann::json& m) const override {
    if (m["type"] != "RECORD") return std::nullopt;
    return FaceRecord{m["record"]["stream"], m["record"]["data"]};
  }
  bool is_state(const nlohmann::json& m) const override { return m["type"] == "STATE"; }
  // The last STATE of each stream, as the platform keeps them.
  nlohmann::json next_state(const std::vector<nlohmann::json>& messages) const override {
    std::map<std::string, nlohmann::json> last;
    for (const auto& m : messages)
      if (m["type"] == "STATE")
        last[m["state"]["stream"]["stream_descriptor"]["name"]] = m["state"];
    nlohmann::json out = nlohmann::json::array();
    for (auto& [_, s] : last) out.push_back(s);
    return out;
  }
  // One TRACE error, config_error, of one sentence, and a non-zero exit.
  void expect_one_sentence_error(const ProcessResult& r, const std::string& file,
                                 const std::string& words) {
    EXPECT_NE(r.exit_code, 0) << words;
    auto messages = json_lines(r.out);
    ASSERT_EQ(messages.size(), 1u) << r.out;
    const auto& e = messages[0]["trace"]["error"];
    EXPECT_EQ(messages[0]["trace"]["type"], "ERROR");
    EXPECT_EQ(e["failure_type"], "config_error");
    std::string text = e["message"];
    EXPECT_NE(text.find(words), std::string::npos) << text;
    EXPECT_EQ(text.back(), '.') << text;
    EXPECT_EQ(text.find(". "), std::string::npos) << "more than one sentence: " << text;
    EXPECT_EQ(validate(file)["messages"], 1);
  }
};

TEST_F(AirbyteFace, EveryVerbOfEveryConnectorValidatesAgainstThePublishedSchema) {
  for (const std::string c : {"refiner", "countly", "qualtrics", "sensource"}) {
    SCOPED_TRACE(c);
    start(c);
    ASSERT_EQ(airbyte("spec.jsonl", {"spec"}).exit_code, 0);
    nlohmann::json spec = json_lines(read_file(dir.file("spec.jsonl"))).at(0);
    EXPECT_FALSE(spec["spec"]["connectionSpecification"]["required"].empty());
    EXPECT_EQ(validate("spec.jsonl")["types"], nlohmann::json({{"SPEC", 1}}));

    ProcessResult check = airbyte("check.jsonl", {"check", "--config", "configuration.json"});
    ASSERT_EQ(check.exit_code, 0) << check.err;
    EXPECT_EQ(json_lines(check.out).at(0)["connectionStatus"]["status"], "SUCCEEDED") << check.out;
    EXPECT_EQ(validate("check.jsonl")["types"], nlohmann::json({{"CONNECTION_STATUS", 1}}));

    // A configuration that breaks the spec is FAILED with exit 0, as Airbyte expects.
    write_file(dir.file("bad.json"), R"({"base_url": 7})");
    ProcessResult bad = airbyte("bad_check.jsonl", {"check", "--config", "bad.json"});
    EXPECT_EQ(bad.exit_code, 0);
    EXPECT_EQ(json_lines(bad.out).at(0)["connectionStatus"]["status"], "FAILED") << bad.out;
    EXPECT_EQ(validate("bad_check.jsonl")["messages"], 1);

    ASSERT_EQ(airbyte("discover.jsonl", {"discover", "--config", "configuration.json"}).exit_code,
              0);
    EXPECT_EQ(validate("discover.jsonl")["types"], nlohmann::json({{"CATALOG", 1}}));
    // Where a table's reads follow a column, the catalog names it, and it is a timestamp column of
    // the stream's schema.
    size_t cursors = 0;
    const nlohmann::json catalog = json_lines(read_file(dir.file("discover.jsonl"))).at(0);
    for (const auto& s : catalog["catalog"]["streams"]) {
      if (!s.contains("default_cursor_field")) continue;
      ++cursors;
      const std::string field = s["default_cursor_field"].at(0);
      EXPECT_EQ(s["json_schema"]["properties"][field]["format"], "date-time") << s.dump();
      EXPECT_EQ(s["supported_sync_modes"].size(), 2u) << s.dump();
    }
    EXPECT_GE(cursors, 1u);
    configure_all();
    ProcessResult r = run_read("read.jsonl");
    ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 2000) << r.err;
    nlohmann::json v = validate("read.jsonl", {"--catalog", dir.file("catalog.json"),
                                               "--discovered", dir.file("discover.jsonl")});
    std::cout << "[ airbyte ] " << c << ": " << v.dump() << "\n";
    EXPECT_GT(v["types"].value("RECORD", 0), 0);
    EXPECT_GT(v["types"].value("STATE", 0), 0);
    EXPECT_FALSE(v["records"].empty());
    // Every chosen stream starts and completes; the secret never shows.
    auto messages = json_lines(r.out);
    std::map<std::string, std::string> status;
    for (const auto& m : messages)
      if (m["type"] == "TRACE" && m["trace"]["type"] == "STREAM_STATUS")
        status[m["trace"]["stream_status"]["stream_descriptor"]["name"]] =
            m["trace"]["stream_status"]["status"];
    for (const auto& [stream, s] : status) EXPECT_EQ(s, "COMPLETE") << stream;
    for (const auto& [key, value] : config.items()) {
      bool secret = key.find("key") != std::string::npos ||
                    key.find("secret") != std::string::npos ||
                    key.find("token") != std::string::npos;
      if (secret) {
        EXPECT_EQ(r.out.find(value.get<std::string>()), std::string::npos) << key;
      }
    }
  }
}

TEST_F(AirbyteFace, ASecondReadWithTheLastStatesGetsOnlyNewRecords) {
  start("refiner");
  airbyte("discover.jsonl", {"discover", "--config", "configuration.json"});
  configure_all();
  expect_second_read_gets_only_new_records();
  validate("second.jsonl", {"--discovered", dir.file("discover.jsonl")});
  // The same state with responses configured as full_refresh: that stream starts over.
  nlohmann::json catalog = nlohmann::json::parse(read_file(dir.file("catalog.json")));
  for (auto& s : catalog["streams"])
    if (s["stream"]["name"] == "responses") s["sync_mode"] = "full_refresh";
  write_file(dir.file("catalog.json"), catalog.dump());
  ProcessResult full = run_read("full.jsonl", "state.json");
  ASSERT_EQ(full.exit_code, 0) << full.out.substr(0, 2000);
  EXPECT_EQ(records(json_lines(full.out), "responses").size(), 180u + 7u);
  EXPECT_LE(records(json_lines(full.out), "surveys").size(), 4u);
}

TEST_F(AirbyteFace, AReadKilledMidStreamResumesFromItsLastStateLosingNothing) {
  start("refiner", /*latency_ms=*/5);
  config["page_length"] = 5;
  config["checkpoint_every"] = 20;
  write_file(dir.file("configuration.json"), config.dump());
  airbyte("discover.jsonl", {"discover", "--config", "configuration.json"});
  configure_all();
  expect_killed_read_resumes();
  validate("rerun.jsonl", {"--discovered", dir.file("discover.jsonl")});
}

TEST_F(AirbyteFace, BadInputIsATraceErrorOfOneSentence) {
  start("refiner");
  airbyte("discover.jsonl", {"discover", "--config", "configuration.json"});
  configure_all();
  nlohmann::json catalog = nlohmann::json::parse(read_file(dir.file("catalog.json")));
  catalog["streams"][0]["stream"]["name"] = "invoices";
  write_file(dir.file("unknown.json"), catalog.dump());
  expect_one_sentence_error(
      airbyte("e1.jsonl", {"read", "--config", "configuration.json", "--catalog", "unknown.json"}),
      "e1.jsonl", "\"invoices\"");

  write_file(dir.file("garbled.json"), "{\"streams\": [");
  expect_one_sentence_error(
      airbyte("e2.jsonl", {"read", "--config", "configuration.json", "--catalog", "garbled.json"}),
      "e2.jsonl", "not valid JSON");

  // A state of Countly's users stream, and one of its own stream names written by Countly.
  nlohmann::json blob = {{"connector", "countly"},
                         {"seq", 3},
                         {"cursors", nlohmann::json::object()},
                         {"shared", nlohmann::json::object()},
                         {"streams_of", nlohmann::json::object()}};
  auto state = [&](const std::string& stream) {
    return nlohmann::json::array(
        {{{"type", "STREAM"},
          {"stream", {{"stream_descriptor", {{"name", stream}}}, {"stream_state", blob}}}}});
  };
  write_file(dir.file("users.json"), state("users").dump());
  expect_one_sentence_error(run_read("e3.jsonl", "users.json"), "e3.jsonl", "\"users\"");
  write_file(dir.file("countly.json"), state("responses").dump());
  expect_one_sentence_error(run_read("e4.jsonl", "countly.json"), "e4.jsonl", "countly connector");
}

TEST_F(AirbyteFace, AFailedReadLeavesItsStreamsIncompleteWithATraceError) {
  start("refiner");
  airbyte("discover.jsonl", {"discover", "--config", "configuration.json"});
  configure_all();
  config["api_key"] = "wrong-key-0123456789";
  write_file(dir.file("configuration.json"), config.dump());
  ProcessResult r = run_read("failed.jsonl");
  EXPECT_EQ(r.exit_code, 77) << r.out;  // authentication
  EXPECT_EQ(r.out.find("wrong-key-0123456789"), std::string::npos);
  std::map<std::string, int> statuses;
  nlohmann::json error;
  for (const auto& m : json_lines(r.out)) {
    if (m["type"] != "TRACE") continue;
    if (m["trace"]["type"] == "STREAM_STATUS") ++statuses[m["trace"]["stream_status"]["status"]];
    if (m["trace"]["type"] == "ERROR") error = m["trace"]["error"];
  }
  EXPECT_EQ(statuses["STARTED"], 5);
  EXPECT_EQ(statuses["INCOMPLETE"], 5);
  EXPECT_EQ(statuses["COMPLETE"], 0);
  EXPECT_EQ(error["failure_type"], "config_error") << error.dump();
  EXPECT_NE(error.value("message", "").find("api_key"), std::string::npos) << error.dump();
  validate("failed.jsonl");
}

}  // namespace
}  // namespace sluice::testing
