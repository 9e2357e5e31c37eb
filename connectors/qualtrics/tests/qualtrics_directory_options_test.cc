// The XM Directory tables' options (configured ids narrow discovery, wrong shapes are refused in
// one sentence) and the dates older lists carry as epoch milliseconds.
#include <gtest/gtest.h>

#include "connectors/qualtrics/qualtrics_directory_list.h"
#include "sluice/core/error.h"

namespace sluice::qualtrics {
namespace {

TableOptions parse(const nlohmann::json& tables) {
  return parse_table_options(
      Config{{"api_token", "t"}, {"datacenter_id", "fra1"}, {"tables", tables}});
}

TEST(QualtricsDirectoryOptions, NoTablesMeansAllNineWithDiscovery) {
  TableOptions t = parse_table_options(Config{{"api_token", "t"}, {"datacenter_id", "fra1"}});
  EXPECT_TRUE(t.surveys && t.directories && t.users);
  ASSERT_TRUE(t.contacts && t.mailing_lists && t.directory_contacts);
  EXPECT_EQ(t.contacts->directory_id, "");
  EXPECT_EQ(t.contacts->mailing_list_id, "");
}

TEST(QualtricsDirectoryOptions, ConfiguredIdsNarrowAndBadOnesAreNamed) {
  TableOptions t = parse({{"mailing_lists", {{"directoryId", "POOL_a"}}},
                          {"contacts", {{"directoryId", "POOL_a"}}},
                          {"users", nlohmann::json::object()}});
  EXPECT_EQ(t.mailing_lists->directory_id, "POOL_a");
  EXPECT_EQ(t.contacts->mailing_list_id, "") << "every list of that directory";
  EXPECT_FALSE(t.directory_contacts.has_value());
  EXPECT_TRUE(t.users);
  EXPECT_FALSE(t.directories);
  try {
    parse({{"directory_contacts", {{"directoryId", "CG_x"}}},
           {"contacts", {{"mailingListId", "CG_y"}}}});
    FAIL() << "accepted";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("table directory_contacts: \"CG_x\" is not a directory id"), std::string::npos)
        << m;
    EXPECT_NE(m.find("table contacts needs \"directoryId\""), std::string::npos) << m;
  }
}

TEST(QualtricsDirectoryOptions, EpochMillisecondsNumbersDigitsAndIsoAreTheSameTime) {
  simdjson::dom::parser parser;
  simdjson::dom::object o = parser.parse(std::string(
      R"({"a": 1767225600123, "b": "1767225600123", "c": "2026-01-01T00:00:00.123Z", "d": null})"));
  EXPECT_EQ(epoch_ms_or_iso(o, "a").i, int64_t{1767225600123} * 1000);
  EXPECT_EQ(epoch_ms_or_iso(o, "b").i, int64_t{1767225600123} * 1000);
  EXPECT_EQ(epoch_ms_or_iso(o, "c").i, int64_t{1767225600123} * 1000);
  EXPECT_TRUE(epoch_ms_or_iso(o, "d").is_null());
  EXPECT_TRUE(epoch_ms_or_iso(o, "missing").is_null());
}

}  // namespace
}  // namespace sluice::qualtrics
