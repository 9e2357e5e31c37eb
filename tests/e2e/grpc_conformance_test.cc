// Fivetran's side of `sluice serve grpc`, played by a client that cannot share a mistake with the
// server: tests/conformance/fivetran_client.py compiles the published partner SDK v2 contract
// (tests/conformance/fivetran_partner_sdk/, never the project's copies) with protoc and
// grpc_python_plugin and drives all four RPCs against every connector's sandbox, at sizes beyond
// one page. What its Update streams, applied by key as Fivetran applies it, must equal a direct
// `sluice sync` into DuckDB value for value, after a first sync and again after a resumed one.
// A missing protoc, plugin or python3-grpcio fails these tests; it never skips them.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "support/process.h"
#include "support/row_set.h"
#include "support/sandbox_server.h"
#include "support/serve_process.h"
#include "support/temp_dir.h"

namespace sluice::testing {
namespace {

const std::string kConformance = std::string(SLUICE_SOURCE_DIR) + "/tests/conformance";

struct Case {
  std::string connector;
  std::map<std::string, std::string> sandbox_flags;
  nlohmann::json config;      // on top of the sandbox's own configuration
  std::string secret_field;   // the credential the bad-key Test changes
  std::string change;         // an admin POST that adds data between the two Updates ("": none)
  std::string changed_table;  // ... and the table it adds `changed` rows to
  int64_t changed = 0;
  std::string kept_table;  // the only table the selection keeps
};

// ctest names the cases by connector.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.connector;
}

int64_t total(const nlohmann::json& records,
              const nlohmann::json& except = nlohmann::json::array()) {
  int64_t n = 0;
  for (const auto& [t, count] : records.items())
    if (std::find(except.begin(), except.end(), t) == except.end()) n += count.get<int64_t>();
  return n;
}

class FivetranConformance : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    const Case& c = GetParam();
    sandbox = std::make_unique<SandboxServer>(c.connector, c.sandbox_flags);
    nlohmann::json config = nlohmann::json::parse(sandbox->example_config());
    config.update(c.config);
    write_file(dir.file("configuration.json"), config.dump(2));
    ProcessResult spec = run_process({sluice_binary(), "spec", c.connector});
    ASSERT_EQ(spec.exit_code, 0) << spec.err;
    write_file(dir.file("spec.json"), spec.out);
  }

  // One phase of the client; its output JSON. Fails the test with the client's sentence.
  nlohmann::json client(const std::string& phase, const std::string& address,
                        std::vector<std::string> extra) {
    const std::string out = dir.file(phase + ".json"), work = dir.file(phase + "-client");
    std::filesystem::create_directories(work);
    std::vector<std::string> args = {"/usr/bin/python3",
                                     kConformance + "/fivetran_client.py",
                                     phase,
                                     "--address",
                                     address,
                                     "--reference",
                                     kConformance + "/fivetran_partner_sdk",
                                     "--config",
                                     dir.file("configuration.json"),
                                     "--workdir",
                                     work,
                                     "--out",
                                     out};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult r = run_process(args, dir.path().string());
    EXPECT_EQ(r.exit_code, 0) << phase << ": " << r.err << r.out;
    if (r.exit_code != 0) return nullptr;
    return nlohmann::json::parse(read_file(out));
  }

  ProcessResult sync() {
    return run_process({sluice_binary(), "sync", GetParam().connector, "--warehouse",
                        "warehouse.duckdb", "--no-progress"},
                       dir.path().string());
  }

  // Every table of the schema holds the same live rows, value for value, in the stream and in
  // the warehouse; returns the rows compared.
  size_t expect_same_rows(const nlohmann::json& streamed) {
    auto duck = open_duckdb(dir.file("warehouse.duckdb"), true);
    size_t rows = 0;
    for (const auto& [table, shape] : streamed["schema"].items()) {
      RowSet want = warehouse_rows(*duck, table);
      RowSet got = streamed_rows(streamed["rows"].value(table, nlohmann::json::object()));
      EXPECT_EQ(first_difference(got, want), "") << table << " (streamed against warehouse)";
      rows += want.size();
    }
    return rows;
  }

  TempDir dir;
  std::unique_ptr<SandboxServer> sandbox;
};

TEST_P(FivetranConformance, AllFourRpcsAgreeWithADirectSync) {
  const Case& c = GetParam();
  ServeProcess server({"serve", "grpc", "--connector", c.connector}, dir.path().string(), "grpc");
  ASSERT_FALSE(server.port().empty()) << server.out();

  // ConfigurationForm against the spec, Test with good and bad credentials, Schema, and an Update
  // from empty state; then the same data by a direct sync.
  const std::string v4 = "127.0.0.1:" + server.port();
  nlohmann::json first =
      client("full", v4, {"--spec", dir.file("spec.json"), "--secret-field", c.secret_field});
  ASSERT_FALSE(first.is_null());
  ProcessResult s1 = sync();
  ASSERT_EQ(s1.exit_code, 0) << s1.err;
  EXPECT_FALSE(first["schema"].empty());
  const size_t rows = expect_same_rows(first);
  EXPECT_GT(rows, 0u);
  EXPECT_GT(first["checkpoints"].get<int64_t>(), 1);

  // From the last checkpoint's state_json, after the source changed: only what changed (and the
  // snapshot tables, which are whole every time), and again the rows of a second direct sync.
  if (!c.change.empty()) sandbox->admin_post(c.change);
  nlohmann::json second = client("resume", v4, {"--base", dir.file("full.json")});
  ASSERT_FALSE(second.is_null());
  ProcessResult s2 = sync();
  ASSERT_EQ(s2.exit_code, 0) << s2.err;
  expect_same_rows(second);
  const int64_t incremental1 = total(first["records"], second["truncated"]);
  const int64_t incremental2 = total(second["records"], second["truncated"]);
  EXPECT_LT(incremental2 * 2, incremental1) << second["records"].dump();
  if (!c.changed_table.empty()) {
    // Exactly the new rows: nothing of the incremental table is sent again.
    EXPECT_EQ(second["records"].value(c.changed_table, int64_t{0}), c.changed)
        << second["records"].dump();
  }

  // A selection of one table streams nothing of the others (the client checks it); over IPv6 on a
  // host that has it, since the server listens on [::].
  const bool ipv6 = std::filesystem::exists("/proc/net/if_inet6");
  const std::string address = ipv6 ? "[::1]:" + server.port() : v4;
  EXPECT_FALSE(client("selection", address, {"--keep", c.kept_table}).is_null()) << address;

  std::cout << "[ conformance ] " << c.connector << ": " << first["form_fields"] << " form fields, "
            << first["schema"].size() << " tables, " << total(first["records"]) << " records in "
            << first["checkpoints"] << " checkpoints and " << first["schema_changes"]
            << " schema changes = " << rows
            << " warehouse rows; resumed: " << total(second["records"]) << " records ("
            << second["records"].dump() << ", snapshots " << second["truncated"].dump()
            << "); bad key: \"" << first["bad_key_failure"].get<std::string>() << "\"\n";
}

INSTANTIATE_TEST_SUITE_P(
    EveryConnector, FivetranConformance,
    ::testing::Values(Case{"refiner",
                           {{"responses", "400"}},
                           {{"page_length", 50}},
                           "api_key",
                           "/__sandbox/responses?count=5",
                           "responses",
                           5,
                           "surveys"},
                      Case{"countly",
                           {{"users", "300"}},
                           {{"max_records_per_page", 100}},
                           "api_key",
                           "/__sandbox/users?count=5",
                           "users",
                           5,
                           "apps"},
                      Case{"qualtrics",
                           {{"contacts", "250"}, {"export-polls", "1"}, {"file-rows", "100"}},
                           {{"export_poll_interval_ms", 20}},
                           "api_token",
                           "/__sandbox/responses?survey=1&count=7",
                           "survey_responses",
                           7,
                           "surveys"},
                      Case{"sensource",
                           {{"data-start", "2026-01-01"}, {"data-end", "1767571200"}},
                           {{"start_date", "2026-01-01"}, {"window_days", 2}},
                           "client_secret",
                           "",
                           "",
                           0,
                           "site"}),
    [](const auto& info) { return info.param.connector; });

// The project's .proto files agree with the published contract, structurally.
TEST(FivetranContract, ProjectProtosMatchThePublishedFiles) {
  ProcessResult r =
      run_process({"/usr/bin/python3", kConformance + "/proto_drift.py",
                   std::string(SLUICE_SOURCE_DIR) + "/src/sluice/protocols/grpc/proto",
                   kConformance + "/fivetran_partner_sdk"});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  std::cout << r.out;
}

}  // namespace
}  // namespace sluice::testing
