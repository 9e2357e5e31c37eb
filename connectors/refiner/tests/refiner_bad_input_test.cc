// Bad input: one clear sentence, a non-zero exit, nothing lost, and the key never printed.
#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"

namespace sluice::testing {
namespace {

// A failure as the user sees it: one line on stderr, the exit code, and no trace of the key.
void expect_clean_failure(const ProcessResult& r, int code, const std::string& words,
                          const std::string& key) {
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("sluice: "), r.err.rfind("sluice: ")) << "one message only: " << r.err;
  if (!key.empty()) {
    EXPECT_EQ(r.err.find(key), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find(key), std::string::npos) << r.out;
  }
}

TEST_F(RefinerE2E, ConfigurationProblemsAreNamedBeforeTheWarehouseIsTouched) {
  start({{"responses", "10"}});
  ProcessResult r = sluice({"sync", "refiner"});
  expect_clean_failure(r, 78, "There is no configuration file", "");
  EXPECT_NE(r.err.find("sluice init refiner"), std::string::npos);

  write_file(dir.file("configuration.json"), "{\"api_key\": \"abc\",\n \"start_date\": }");
  expect_clean_failure(sluice({"sync", "refiner"}), 78, "is not valid JSON (line 2", "");

  write_file(dir.file("configuration.json"),
             R"({"start_date": "2024-13-45", "page_length": "many"})");
  r = sluice({"sync", "refiner"});
  expect_clean_failure(r, 78, "`api_key` is required", "");
  EXPECT_NE(r.err.find("`start_date` must be an ISO 8601"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("`page_length` must be a whole number"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(warehouse()))
      << "a bad configuration must not create a warehouse";

  expect_clean_failure(sluice({"sync", "nosuch"}), 64, "Unknown connector \"nosuch\"", "");
  expect_clean_failure(sluice({"frobnicate"}), 64, "unknown verb", "");
}

TEST_F(RefinerE2E, RefusedKeysAreReportedWithTheApisOwnWords) {
  start({{"responses", "10"}});
  struct Case {
    std::string key;
    std::string words;
  } cases[] = {
      {"short-key", "No API key found in headers"},
      {"not a valid key at all!", "API key does not look valid"},
      {"well-formed-but-unknown-key-123", "API key not valid or does not exist"},
  };
  for (const auto& c : cases) {
    config["api_key"] = c.key;
    ProcessResult r = sync();
    expect_clean_failure(r, 77, c.words, c.key);
    EXPECT_NE(r.err.find("Refiner refused the api_key"), std::string::npos) << r.err;
  }
  // Nothing landed: no data tables, no state; the failed runs are in the history.
  std::string w = warehouse();
  EXPECT_EQ(scalar(w,
                   "SELECT count(*) FROM information_schema.tables WHERE table_name NOT LIKE "
                   "'\\_sluice%' ESCAPE '\\'"),
            "0");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM _sluice_state"), "0");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM _sluice_runs WHERE status = 'failed'"), "3");
  EXPECT_EQ(read_file(w).find("well-formed-but-unknown-key-123"), std::string::npos);
}

TEST_F(RefinerE2E, AnUnreachableHostIsNamed) {
  start({{"responses", "10"}});
  config["base_url"] = "http://127.0.0.1:9/v1/";
  expect_clean_failure(sync(), 69, "Could not reach Refiner at http://127.0.0.1:9/v1/",
                       kSandboxKey);
}

TEST_F(RefinerE2E, AFileThatIsNotAWarehouseIsLeftAlone) {
  start({{"responses", "10"}});
  std::string junk(5000, 'x');
  write_file(warehouse(), junk);
  expect_clean_failure(sync(), 74, "is not a DuckDB warehouse", kSandboxKey);
  EXPECT_EQ(read_file(warehouse()), junk);
}

TEST_F(RefinerE2E, ALockedWarehouseIsReportedAndUnchanged) {
  start({{"responses", "50"}});
  ASSERT_EQ(sync().exit_code, 0);
  Rows before = dump_table(warehouse(), "responses");
  {
    auto holder = open_duckdb(warehouse());  // another writer holds the file
    sandbox->admin_post("/__sandbox/responses?count=50");
    expect_clean_failure(sync(), 75, "is in use by another process", kSandboxKey);
  }
  EXPECT_EQ(dump_table(warehouse(), "responses"), before);
}

TEST_F(RefinerE2E, TheKeyAppearsNowhere) {
  start({{"responses", "200"}});
  ProcessResult r = sync();
  ASSERT_EQ(r.exit_code, 0);
  ProcessResult verbose = sluice({"sync", "refiner", "--verbose", "--no-progress"});
  ASSERT_EQ(verbose.exit_code, 0);
  ProcessResult state = sluice({"state", "show", "refiner"});
  ProcessResult runs = sluice({"query", "SELECT * FROM _sluice_runs"});
  for (const ProcessResult* p : {&r, &verbose, &state, &runs}) {
    EXPECT_EQ(p->out.find(kSandboxKey), std::string::npos) << p->out;
    EXPECT_EQ(p->err.find(kSandboxKey), std::string::npos) << p->err;
  }
  EXPECT_EQ(read_file(warehouse()).find(kSandboxKey), std::string::npos);
}

}  // namespace
}  // namespace sluice::testing
