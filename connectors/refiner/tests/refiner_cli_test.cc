// The verbs a user meets around a sync: init, check, spec, schema, state, query, reset, demo.
#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

TEST_F(RefinerE2E, InitWritesATemplateThatNamesWhatIsMissing) {
  ProcessResult r = sluice({"init", "refiner"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto written = nlohmann::json::parse(read_file(dir.file("configuration.json")));
  EXPECT_EQ(written["start_date"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(written["page_length"], 1000);
  EXPECT_EQ(sluice({"init", "refiner"}).exit_code, 64) << "never overwrites without --force";
  r = sluice({"check", "refiner"});
  EXPECT_EQ(r.exit_code, 78);
  EXPECT_NE(r.err.find("`api_key` still holds the template placeholder"), std::string::npos)
      << r.err;
}

TEST_F(RefinerE2E, CheckNamesTheProject) {
  start({{"responses", "10"}});
  write_config(config);
  ProcessResult r = sluice({"check", "refiner"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "OK: Connected to Refiner project \"Sandbox project\".\n");
}

TEST_F(RefinerE2E, SpecAndSchemaDescribeTheConnector) {
  ProcessResult spec = sluice({"spec", "refiner"});
  ASSERT_EQ(spec.exit_code, 0);
  auto fields = nlohmann::json::parse(spec.out)["fields"];
  EXPECT_EQ(fields[0]["name"], "api_key");
  EXPECT_EQ(fields[0]["secret"], true);
  EXPECT_EQ(fields[0]["required"], true);
  ProcessResult schema = sluice({"schema", "refiner", "--json"});
  ASSERT_EQ(schema.exit_code, 0);
  auto tables = nlohmann::json::parse(schema.out);
  ASSERT_EQ(tables.size(), 5u);
  EXPECT_EQ(tables[3]["table"], "answers");
  EXPECT_EQ(tables[3]["primary_key"], (nlohmann::json{"response_uuid", "question_id"}));
  std::string listed = sluice({"connectors"}).out;
  EXPECT_NE(listed.find("\nrefiner\t"), std::string::npos) << listed;
  EXPECT_NE(listed.find("countly\t"), std::string::npos) << listed;
  EXPECT_NE(listed.find("sensource\t"), std::string::npos) << listed;
}

TEST_F(RefinerE2E, StateQueryAndResetWorkOnTheWarehouse) {
  start({{"responses", "100"}});
  EXPECT_EQ(sluice({"state", "show", "refiner"}).exit_code, 74) << "no warehouse yet";
  ASSERT_EQ(sync().exit_code, 0);
  ProcessResult state = sluice({"state", "show", "refiner"});
  ASSERT_EQ(state.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(state.out)["streams"]["responses"]["cursor"].is_string());
  ProcessResult q = sluice({"query", "SELECT count(*) AS n FROM responses", "--json"});
  EXPECT_EQ(q.out, "[{\"n\":90}]\n");
  q = sluice({"query", "SELECT nope FROM responses"});
  EXPECT_EQ(q.exit_code, 74);
  EXPECT_NE(q.err.find("Query failed"), std::string::npos);
  ASSERT_EQ(sluice({"reset", "refiner"}).exit_code, 0);
  EXPECT_NE(sluice({"state", "show", "refiner"}).out.find("No state for refiner"),
            std::string::npos);
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM responses"), "90") << "reset keeps the data";
  ASSERT_EQ(sluice({"reset", "refiner", "--drop-tables"}).exit_code, 0);
  EXPECT_EQ(scalar(warehouse(),
                   "SELECT count(*) FROM information_schema.tables WHERE table_name = 'responses'"),
            "0");
}

TEST_F(RefinerE2E, DemoSyncsTheSandboxAndShowsWhatLanded) {
  ProcessResult r = sluice({"demo", "--responses", "200", "--no-progress"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("responses   | 180  | 180"), std::string::npos) << r.out;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM answers"), "720");
}

}  // namespace
}  // namespace sluice::testing
