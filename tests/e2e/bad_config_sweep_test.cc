// Bad input, swept from each connector's own spec: every field missing (when required), of the
// wrong type, and malformed is refused before anything is read or written — exit 78, one message
// naming the field, no warehouse created, no secret echoed. Also: a warehouse that is not one.
#include <duckdb.h>

#include <cstdlib>
#include <filesystem>

#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "support/reliability_log.h"

namespace sluice::testing {
namespace {

class BadConfigSweep : public QualtricsE2E, public ::testing::WithParamInterface<const char*> {};

// Values of the wrong type and malformed values for a field of `type`.
std::vector<nlohmann::json> bad_values(const std::string& type) {
  std::vector<nlohmann::json> out = {nlohmann::json::array({1, 2}), "<still the placeholder>"};
  if (type == "integer" || type == "number") {
    out.push_back("twelve");
    out.push_back(true);
  } else if (type == "boolean") {
    out.push_back("perhaps");
  } else if (type == "timestamp") {
    out.push_back("last tuesday");
  } else if (type == "url") {
    out.push_back("ftp:/nowhere");
  } else if (type == "object") {
    out.push_back("{not json");
  } else if (type == "string") {
    out.push_back(nlohmann::json::object({{"a", 1}}));
  }
  return out;
}

TEST_P(BadConfigSweep, EveryFieldMissingWrongOrMalformedIsRefusedByName) {
  const std::string connector = GetParam();
  ProcessResult spec = sluice({"spec", connector});
  ASSERT_EQ(spec.exit_code, 0) << spec.err;
  nlohmann::json fields = nlohmann::json::parse(spec.out);
  if (fields.is_object() && fields.contains("fields")) fields = fields["fields"];
  // A configuration every field of which is valid: all required fields filled with something
  // plausible, so that only the field under test is wrong.
  nlohmann::json good = nlohmann::json::object();
  for (const auto& f : fields)
    if (f["required"].get<bool>())
      good[f["name"].get<std::string>()] =
          f["type"] == "url" ? "https://example.invalid" : "a-valid-looking-value-123456789012";
  int tried = 0, refused = 0;
  for (const auto& f : fields) {
    const std::string name = f["name"];
    std::vector<nlohmann::json> cases = bad_values(f["type"]);
    if (f.contains("choices")) cases.push_back("not-one-of-the-choices");
    if (f.contains("minimum")) cases.push_back(f["minimum"].get<int64_t>() - 1);
    if (f["required"].get<bool>()) cases.push_back(nullptr);  // missing
    for (const auto& v : cases) {
      nlohmann::json c = good;
      if (v.is_null())
        c.erase(name);
      else
        c[name] = v;
      write_config(c);
      std::filesystem::remove(warehouse());
      ProcessResult r = sluice({"sync", connector, "--no-progress"});
      ++tried;
      const bool named = r.err.find("`" + name + "`") != std::string::npos;
      EXPECT_EQ(r.exit_code, 78) << connector << "." << name << " = " << v.dump() << ": " << r.err;
      EXPECT_TRUE(named) << connector << "." << name << " = " << v.dump() << ": " << r.err;
      EXPECT_FALSE(std::filesystem::exists(warehouse())) << "nothing written for " << name;
      EXPECT_EQ(r.err.find("a-valid-looking-value-123456789012"), std::string::npos)
          << "a value echoed: " << r.err;
      refused += r.exit_code == 78 && named;
    }
  }
  // The environment's tuning variables, malformed, around an otherwise sound sync of the sandbox.
  for (const auto& [var, value] :
       std::vector<std::pair<const char*, const char*>>{{"SLUICE_DUCKDB_MEMORY_LIMIT", "lots"},
                                                        {"SLUICE_DUCKDB_THREADS", "0"},
                                                        {"SLUICE_DUCKDB_THREADS", "two"},
                                                        {"SLUICE_KEY_SET_MB", "-5"}}) {
    std::filesystem::remove(warehouse());
    setenv(var, value, 1);  // the child inherits it; each test is its own process
    ProcessResult r = sluice({"demo", connector});
    unsetenv(var);
    ++tried;
    EXPECT_EQ(r.exit_code, 78) << var << "=" << value << ": " << r.err;
    EXPECT_NE(r.err.find(var), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(warehouse())) << "nothing written for " << var;
    refused += r.exit_code == 78;
  }
  // A warehouse that is not a warehouse, and a state file that is not JSON.
  write_file(warehouse("junk.duckdb"), "this is not a database");
  ProcessResult r = sluice({"query", "SELECT 1", "--warehouse", "junk.duckdb"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("junk.duckdb"), std::string::npos) << r.err;
  ++tried;
  refused += r.exit_code != 0;
  EXPECT_GT(tried, 10);
  record_reliability("bad_input", connector,
                     "tried=" + std::to_string(tried) + " refused=" + std::to_string(refused));
}

TEST_F(QualtricsE2E, AnUnreadableStateStopsTheSyncAndResetRecovers) {
  start_qualtrics({{"responses", "30"}});
  config["tables"] = {{"surveys", nlohmann::json::object()}};
  ASSERT_EQ(sync_qualtrics().exit_code, 0);
  {  // Someone edits the state by hand and breaks it.
    duckdb_database db;
    duckdb_connection con;
    ASSERT_EQ(duckdb_open(warehouse().c_str(), &db), DuckDBSuccess);
    ASSERT_EQ(duckdb_connect(db, &con), DuckDBSuccess);
    duckdb_result r;
    ASSERT_EQ(duckdb_query(con, "UPDATE _sluice_state SET state = '{\"streams\": {broken'", &r),
              DuckDBSuccess);
    duckdb_destroy_result(&r);
    duckdb_disconnect(&con);
    duckdb_close(&db);
  }
  ProcessResult r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("is unreadable; run `sluice reset`"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM surveys"), "3") << "the rows stay";
  ASSERT_EQ(sluice({"reset", "qualtrics"}).exit_code, 0);
  r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM surveys WHERE NOT _sluice_deleted"), "3");
}

INSTANTIATE_TEST_SUITE_P(EveryConnector, BadConfigSweep,
                         ::testing::Values("refiner", "countly", "sensource", "qualtrics"));

}  // namespace
}  // namespace sluice::testing
