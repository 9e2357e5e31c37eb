// The XM Directory and users tables: every row exactly as the sandbox's generator wrote it (a page
// in, the row out), all nine tables from only a token and a datacenter, skipToken pages sent back
// exactly as given, and an account without XM Directory that syncs everything else.
#include <gtest/gtest.h>

#include "connectors/qualtrics/qualtrics_data.h"
#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "sluice/core/timestamp.h"
#include "support/function_pager.h"

namespace sluice::testing {
namespace {

// What the sandbox serves with these flags, element by element.
const qualtrics::QualtricsData& sandbox_data() {
  static const qualtrics::QualtricsData data({11, 3, 30, 4, 250, kQualtricsBase * 1000, 1000, 120});
  return data;
}

template <typename Write>
nlohmann::json element(Write write) {
  JsonWriter w;
  write(w);
  return nlohmann::json::parse(w.str());
}

std::optional<std::string> text(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return std::to_string(v.get<int64_t>());
  return v.get<std::string>();
}

// Epoch milliseconds of an ISO date or of epoch milliseconds, as the lists carry either.
std::string epoch_ms(const nlohmann::json& v) {
  if (v.is_number()) return std::to_string(v.get<int64_t>());
  return std::to_string(parse_timestamp(v.get<std::string>()).value_or(0) / 1000);
}

class QualtricsDirectory : public QualtricsE2E {
 protected:
  // Only what a user must give: the token and the datacenter (and where the sandbox listens).
  void start(std::map<std::string, std::string> flags = {}) {
    flags.emplace("responses", "30");
    start_qualtrics(std::move(flags));
    config.erase("tables");
  }
  std::vector<std::string> nine_tables() {
    return {"surveys",     "survey_definitions", "survey_responses",   "distributions", "contacts",
            "directories", "mailing_lists",      "directory_contacts", "users"};
  }
};

TEST_F(QualtricsDirectory, NineTablesLandWithOnlyATokenAndADatacenter) {
  start();
  config.erase("export_poll_interval_ms");
  // The token, the datacenter, and base_url only because the sandbox is not on qualtrics.com.
  ASSERT_EQ(config.size(), 3u) << config.dump();
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string w = warehouse();
  std::map<std::string, std::string> want = {
      {"surveys", "3"},        {"survey_definitions", "3"},   {"survey_responses", "30"},
      {"distributions", "12"}, {"contacts", "250"},           {"directories", "2"},
      {"mailing_lists", "2"},  {"directory_contacts", "250"}, {"users", "120"}};
  for (const auto& table : nine_tables())
    EXPECT_EQ(scalar(w, "SELECT count(*) FROM " + table), want[table]) << table;
  EXPECT_EQ(r.err.find("XM Directory"), std::string::npos) << r.err;

  // A page in, the exact rows out: every row of each new table against the generator.
  const auto& data = sandbox_data();
  Rows dirs = query_warehouse(w,
                              "SELECT directory_id, name, contact_count, is_default, "
                              "deduplication_criteria FROM directories ORDER BY is_default DESC");
  ASSERT_EQ(dirs.size(), 2u);
  for (int d = 0; d < 2; ++d) {
    nlohmann::json e = element([&](JsonWriter& jw) { data.write_directory(jw, d); });
    EXPECT_EQ(dirs[d][0], text(e["directoryId"]));
    EXPECT_EQ(dirs[d][1], text(e["name"]));
    EXPECT_EQ(dirs[d][2], text(e["contactCount"]));
    EXPECT_EQ(dirs[d][3], text(e["isDefault"]));
    EXPECT_EQ(nlohmann::json::parse(*dirs[d][4]), e["deduplicationCriteria"]);
  }

  Rows lists =
      query_warehouse(w,
                      "SELECT directory_id, mailing_list_id, name, owner_id, contact_count, "
                      "epoch_ms(creation_date), epoch_ms(last_modified_date) FROM mailing_lists "
                      "ORDER BY name DESC");
  ASSERT_EQ(lists.size(), 2u) << "the second directory has no lists";
  for (int l = 0; l < 2; ++l) {
    nlohmann::json e = element([&](JsonWriter& jw) { data.write_mailing_list(jw, l); });
    EXPECT_EQ(lists[l][0], data.directory_id(0));
    EXPECT_EQ(lists[l][1], text(e["mailingListId"]));
    EXPECT_EQ(lists[l][2], text(e["name"]));
    EXPECT_EQ(lists[l][3], text(e["ownerId"]));
    EXPECT_EQ(lists[l][4], text(e["contactCount"]));
    EXPECT_EQ(lists[l][5], epoch_ms(e["creationDate"])) << e.dump();
    EXPECT_EQ(lists[l][6], epoch_ms(e["lastModifiedDate"])) << e.dump();
  }

  Rows contacts = query_warehouse(w,
                                  "SELECT directory_id, contact_id, first_name, last_name, email, "
                                  "phone, ext_ref, language, unsubscribed, embedded_data FROM "
                                  "directory_contacts ORDER BY ext_ref");
  ASSERT_EQ(contacts.size(), 250u);
  std::map<std::string, int> shapes;
  for (int64_t i = 0; i < 250; ++i) {
    nlohmann::json e = element([&](JsonWriter& jw) { data.write_contact(jw, i); });
    auto row = std::find_if(contacts.begin(), contacts.end(),
                            [&](const auto& c) { return c[1] == text(e["contactId"]); });
    ASSERT_NE(row, contacts.end()) << e.dump();
    const auto& c = *row;
    EXPECT_EQ(c[0], data.directory_id(0));
    EXPECT_EQ(c[2], text(e["firstName"]));
    EXPECT_EQ(c[3], text(e["lastName"]));
    EXPECT_EQ(c[4], text(e["email"]));
    EXPECT_EQ(c[5], text(e["phone"]));
    EXPECT_EQ(c[6], text(e["extRef"]));
    EXPECT_EQ(c[7], text(e["language"]));
    EXPECT_EQ(c[8], text(e["unsubscribed"]));
    const nlohmann::json& embedded = e["embeddedData"];
    if (embedded.is_null()) {
      EXPECT_FALSE(c[9].has_value()) << *c[9];
      ++shapes["null"];
    } else {
      ASSERT_TRUE(c[9].has_value());
      EXPECT_EQ(nlohmann::json::parse(*c[9]), embedded);
      ++shapes[embedded.empty() ? "empty" : embedded.contains("prefs") ? "nested" : "flat"];
    }
  }
  EXPECT_EQ(shapes.size(), 4u) << "null, empty, flat and nested embedded data all landed";

  Rows users = query_warehouse(w,
                               "SELECT id, username, email, first_name, last_name, user_type, "
                               "division_id, account_status FROM users");
  ASSERT_EQ(users.size(), 120u);
  for (int64_t i = 0; i < 120; ++i) {
    nlohmann::json e = element([&](JsonWriter& jw) { data.write_user(jw, i); });
    std::vector<std::optional<std::string>> want_row = {
        text(e["id"]),       text(e["username"]), text(e["email"]),      text(e["firstName"]),
        text(e["lastName"]), text(e["userType"]), text(e["divisionId"]), text(e["accountStatus"])};
    EXPECT_NE(std::find(users.begin(), users.end(), want_row), users.end()) << e.dump();
  }
  EXPECT_EQ(sandbox->requests_to("/users").size(), 2u) << "120 users: two offset pages";
  EXPECT_EQ(r.err.find(kQualtricsToken), std::string::npos);
}

TEST_F(QualtricsDirectory, ASkipTokenGoesBackExactlyAsTheServerEncodedIt) {
  start();
  const std::string path = "/API/v3/directories/" + sandbox_data().directory_id(0) + "/contacts";
  // The sandbox's nextPage carries + / = already percent-encoded ...
  nlohmann::json page =
      nlohmann::json::parse(get(path + "?pageSize=100", {{"X-API-TOKEN", kQualtricsToken}}).body);
  const std::string next = page["result"]["nextPage"].get<std::string>();
  EXPECT_NE(next.find("skipToken=b%2B703%2F%3D%3D"), std::string::npos) << next;
  // ... and the same token re-encoded another way (the + left bare, read as a space) is refused.
  EXPECT_EQ(get(path + "?pageSize=100&skipToken=b+703%2F%3D%3D", {{"X-API-TOKEN", kQualtricsToken}})
                .status,
            400);

  const size_t before = sandbox->requests_to("/contacts").size();
  config["tables"] = {{"directory_contacts", nlohmann::json::object()}};
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM directory_contacts"), "250");
  std::vector<std::string> tokens;
  const auto sent = sandbox->requests_to("/contacts");
  for (size_t i = before; i < sent.size(); ++i)
    for (const auto& [k, v] : sent[i])
      if (k == "skipToken") tokens.push_back(v);
  // Decoded by the server: exactly the tokens it put into nextPage.
  EXPECT_EQ(tokens, (std::vector<std::string>{"b+703/==", "b+1403/=="}));
}

TEST_F(QualtricsDirectory, AnAccountWithoutXmDirectorySyncsTheRestAndSaysSoOnce) {
  start({{"no-xm-directory", "1"}});
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM surveys"), "3");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM survey_responses"), "30");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM distributions"), "12");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM users"), "120");
  for (const char* table : {"directories", "mailing_lists", "directory_contacts", "contacts"})
    EXPECT_EQ(scalar(w, std::string("SELECT count(*) FROM ") + table), "0") << table;
  size_t lines = 0;
  for (size_t at = r.err.find("no XM Directory"); at != std::string::npos;
       at = r.err.find("no XM Directory", at + 1))
    ++lines;
  EXPECT_EQ(lines, 1u) << r.err;
  EXPECT_EQ(sandbox->requests_to("/directories").size(), 1u) << "asked once, not per table";
}

TEST_F(QualtricsDirectory, PagedByTheFunctionProtocolEachCallGoesOnFromItsSavedPage) {
  start({{"contacts", "600"}});
  config["tables"] = nlohmann::json::object();
  for (const char* t : {"directories", "mailing_lists", "directory_contacts", "users", "contacts"})
    config["tables"][t] = nlohmann::json::object();
  write_config(config);
  ASSERT_EQ(
      sluice({"sync", "qualtrics", "--warehouse", "warehouse.duckdb", "--no-progress"}).exit_code,
      0);
  // A budget below one page of 100 contacts: every call ends at a page's checkpoint.
  ServedFunction served("qualtrics", dir.path().string(), 10000);
  PagedSync paged = page_function(served.url(), config, 100);
  EXPECT_TRUE(paged.finished) << paged.failure;
  EXPECT_GE(paged.calls, 8) << "six directory-contact pages, two user pages";
  EXPECT_TRUE(paged.repeated.empty())
      << paged.repeated.size() << " rows sent twice, e.g. " << paged.repeated.front();
  std::vector<std::string> diff = differences(paged, warehouse());
  EXPECT_TRUE(diff.empty()) << diff.size() << " differences, first: " << diff.front();
  EXPECT_EQ(paged.tables["directory_contacts"].size(), 600u);
}

TEST_F(QualtricsDirectory, KilledInsideTheDirectoryContactsItGoesOnFromTheSavedPage) {
  start_qualtrics({{"contacts", "3000"}}, 100);  // 30 pages of 100, 100 ms a request
  config["tables"] = {{"directory_contacts", nlohmann::json::object()}};
  nlohmann::json state = kill_inside("qualtrics", "/contacts", 15);
  const nlohmann::json saved = state["streams"]["directory_contacts"];
  ASSERT_TRUE(saved.contains("next_page")) << "no position committed: " << state.dump();
  EXPECT_EQ(saved["parent"], sandbox_data().directory_id(0));
  const std::vector<Params> sent = restart("qualtrics", "/contacts");
  ASSERT_FALSE(sent.empty());
  // The restart's first page is the saved nextPage, its token as the server encoded it.
  const std::string token = query_param(sent.front(), "skipToken");
  ASSERT_FALSE(token.empty()) << "the restart began at the first page";
  EXPECT_NE(
      saved["next_page"].get<std::string>().find(std::string("skipToken=") + "b%2B" +
                                                 token.substr(2, token.size() - 5) + "%2F%3D%3D"),
      std::string::npos)
      << saved.dump() << " vs " << token;
  EXPECT_LT(sent.size(), 30u);
  std::cout << "[ restart ] directory_contacts: " << sent.size() << " of 30 pages asked again\n";
  const std::string w = warehouse("killed.duckdb");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM directory_contacts WHERE NOT _sluice_deleted"), "3000")
      << "a resumed snapshot deletes nothing it did not see";
}

}  // namespace
}  // namespace sluice::testing
