// The command line with YAML sources: `sluice new --yaml` scaffolds one that validates and is
// found by name; a malformed file exits 78 with its line and column before any request; a file
// syncs by path.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "e2e/declarative_examples.h"
#include "support/process.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"
#include "support/warehouse_dump.h"

namespace sluice::testing {
namespace {

ProcessResult sluice(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), sluice_binary());
  return run_process(args, dir.path().string());
}

TEST(DeclarativeCli, NewYamlValidatesAndIsFoundByName) {
  TempDir dir;
  ProcessResult made = sluice(dir, {"new", "demo_src", "--yaml"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ProcessResult valid = sluice(dir, {"validate", "connectors/demo_src/connector.yaml"});
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
  EXPECT_EQ(valid.out,
            "connectors/demo_src/connector.yaml: a valid source, demo_src, with 1 stream "
            "(items).\n");
  ProcessResult listed = sluice(dir, {"connectors"});
  EXPECT_NE(listed.out.find("demo_src"), std::string::npos) << listed.out;
  ProcessResult schema = sluice(dir, {"schema", "demo_src", "--json"});
  EXPECT_EQ(schema.exit_code, 0) << schema.err;
  EXPECT_NE(schema.out.find("\"items\""), std::string::npos) << schema.out;
  EXPECT_EQ(sluice(dir, {"new", "demo_src", "--yaml"}).exit_code, 64);  // exists already
  // A broken one is listed with a pointer to its problems; the others still are.
  std::filesystem::create_directories(dir.path() / "connectors" / "broken");
  write_file(dir.file("connectors/broken/connector.yaml"), "version: 1\nname: broken\n");
  listed = sluice(dir, {"connectors"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(
      listed.out.find("broken\t(its connector.yaml has problems: `sluice validate` names them)"),
      std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("demo_src\tItems from the demo_src API."), std::string::npos);
}

TEST(DeclarativeCli, AMalformedFileExits78BeforeAnyRequest) {
  SandboxServer sandbox("sensource", {});
  TempDir dir;
  write_file(dir.file("c.json"), "{\"host\": \"" + sandbox.base_url() + "\"}");
  write_file(dir.file("bad.yaml"),
             "version: 1\nname: bad\nspec: {host: {type: url}}\nrequester:\n"
             "  base_url: \"{{ config.host }}\"\nstreams:\n  - name: location\n"
             "    path: /api/location\n    paginator: {type: page_number}\n"
             "    query: {since: \"{{ config.since }}\"}\n    colour: red\n");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"sync", "bad.yaml", "--config", "c.json", "--no-progress"},
           {"check", "bad.yaml", "--config", "c.json"},
           {"validate", "bad.yaml"}}) {
    ProcessResult r = sluice(dir, args);
    EXPECT_EQ(r.exit_code, 78) << args[0] << ": " << r.err;
    EXPECT_EQ(
        r.err,
        "sluice: configuration error: bad.yaml:9:16: the paginator of stream location has no "
        "stop condition, so it would ask for pages forever; add `stop: [empty_page]` (or "
        "short_page, total).\n"
        "bad.yaml:10:20: the template names `config.since`, which is not a field of the "
        "spec.\n"
        "bad.yaml:11:5: unknown key `colour` in a stream; the keys are base_url, children, "
        "enabled_by, flatten_depth, headers, incremental, json_fields, lookups, method, name, "
        "paginator, partitions, path, query, read_ahead, records, requests_per_minute, table, "
        "transform.\n");
  }
  EXPECT_EQ(sandbox.requests(), 0);
}

TEST(DeclarativeCli, SyncsAFileByPath) {
  SandboxServer sandbox("sensource", {{"data-start", "2026-01-01"}, {"data-end", "1767312000"}});
  TempDir dir;
  write_file(dir.file("c.json"), nlohmann::json{{"client_id", "sandbox-client"},
                                                {"client_secret", "sandbox-secret-0001"},
                                                {"start_date", "2026-01-01"},
                                                {"base_url", sandbox.base_url()},
                                                {"auth_url", sandbox.base_url() + "/oauth/token"}}
                                     .dump());
  ProcessResult r = sluice(
      dir, {"sync", declarative_example("sensource.yaml"), "--config", "c.json", "--no-progress"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(dir.file("warehouse.duckdb"), "SELECT count(*) FROM traffic"), "100");  // 25 h
  EXPECT_EQ(scalar(dir.file("warehouse.duckdb"), "SELECT connection FROM _sluice_state"),
            "sensource_yaml");
  EXPECT_EQ(r.out.find("sandbox-secret-0001"), std::string::npos);
}

TEST(DeclarativeCli, TheFacesRunAYamlFile) {
  TempDir dir;
  ProcessResult r = sluice(dir, {"airbyte", declarative_example("sensource.yaml"), "spec"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json spec = nlohmann::json::parse(r.out)["spec"]["connectionSpecification"];
  EXPECT_EQ(spec["properties"]["client_secret"]["airbyte_secret"], true) << r.out;
  EXPECT_EQ(spec["required"], (nlohmann::json{"client_id", "client_secret"}));
  ProcessResult fields = sluice(dir, {"spec", declarative_example("sensource.yaml")});
  ASSERT_EQ(fields.exit_code, 0) << fields.err;
  EXPECT_EQ(nlohmann::json::parse(fields.out)["fields"].size(), 13u);
}

}  // namespace
}  // namespace sluice::testing
