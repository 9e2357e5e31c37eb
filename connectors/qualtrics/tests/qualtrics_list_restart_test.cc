// A Qualtrics sync killed (SIGKILL) inside one paged list — one survey's distributions, or a
// snapshot table (mailing-list contacts, directories, mailing lists, users) — goes on at the page
// its last checkpoint saved: the killed run committed exactly the pages before it, the restart
// asks for that page first and for no page twice, and the table ends as an unkilled sync left it.
// The sandbox answers pages of 10 at 100 ms a request: 200 elements are 20 pages (distributions,
// which the client paces at 300 requests a minute, 100 in 10).
#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "support/function_pager.h"

namespace sluice::testing {
namespace {

constexpr int64_t kPageSize = 10;

struct ListCase {
  std::string table;
  std::map<std::string, std::string> flags;  // the sandbox's, for a list `elements` long
  std::string path;                          // the list's requests
  int64_t elements = 200;
  nlohmann::json options = nlohmann::json::object();
  int64_t before = 0;  // requests to `path` a run sends before the list (finding the directories)
  int64_t after = 0;   // and after it (the empty list of the next directory)
};

std::ostream& operator<<(std::ostream& os, const ListCase& c) {
  return os << c.table;
}

// The nextPage URL a committed state saved inside the list (distributions keep it per survey).
std::string saved_page(const nlohmann::json& state, const std::string& table) {
  const nlohmann::json at =
      state.value("streams", nlohmann::json::object()).value(table, nlohmann::json::object());
  const nlohmann::json page = at.contains("page") ? at["page"] : at;
  return page.value("next_page", std::string());
}

class QualtricsListRestart : public QualtricsE2E, public ::testing::WithParamInterface<ListCase> {
 protected:
  void start(int latency_ms) {
    const ListCase& c = GetParam();
    std::map<std::string, std::string> flags = c.flags;
    flags["page-size"] = std::to_string(kPageSize);
    start_qualtrics(flags, latency_ms);
    config["tables"] = {{c.table, c.options.is_object() ? c.options : nlohmann::json::object()}};
  }
  std::string count(const std::string& destination, const std::string& where = "true") {
    return scalar(warehouse(destination),
                  "SELECT count(*) FROM " + GetParam().table + " WHERE " + where);
  }
};

TEST_P(QualtricsListRestart, KilledInsideTheListItGoesOnAtTheSavedPage) {
  const ListCase& c = GetParam();
  const int64_t pages = c.elements / kPageSize;
  start(0);
  ASSERT_EQ(sync_qualtrics("reference.duckdb").exit_code, 0);
  ASSERT_EQ(count("reference.duckdb"), std::to_string(c.elements));
  start(100);
  // 70% of the list in, 1.4 s or more: checkpoints (at most one a second) have landed some pages.
  const nlohmann::json state = kill_inside("qualtrics", c.path, c.before + pages * 7 / 10);
  const std::string saved = saved_page(state, c.table);
  ASSERT_FALSE(saved.empty()) << "no position inside the list committed: " << state.dump();
  const int64_t offset = next_page_offset(saved);
  EXPECT_GT(offset, 0);
  EXPECT_LT(offset, c.elements);
  EXPECT_EQ(count("killed.duckdb"), std::to_string(offset))
      << "the killed run committed exactly the pages before its saved one";

  const std::vector<Params> sent = restart("qualtrics", c.path);
  const int64_t left = (c.elements - offset) / kPageSize;
  ASSERT_EQ(static_cast<int64_t>(sent.size()), c.before + left + c.after)
      << "the restart asks for the pages from the saved one on, each once";
  EXPECT_EQ(request_offset(sent[static_cast<size_t>(c.before)]), offset)
      << "the restart's first page of the list is the saved one";
  std::cout << "[ restart ] qualtrics " << c.table << ": killed with " << offset / kPageSize
            << " of " << pages << " pages committed; the restart asked for " << left
            << " pages of the list, "
            << static_cast<int64_t>(sent.size()) - c.before - c.after - left << " again\n";
  EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), c.table) ==
              dump_table(warehouse("killed.duckdb"), c.table));
  EXPECT_EQ(count("killed.duckdb", "NOT coalesce(_sluice_deleted, false)"),
            std::to_string(c.elements));
}

INSTANTIATE_TEST_SUITE_P(
    Lists, QualtricsListRestart,
    ::testing::Values(
        ListCase{"distributions",
                 {{"surveys", "1"}, {"distributions", "100"}},
                 "/distributions",
                 100,
                 {{"surveyId", "*"}}},
        ListCase{"contacts", {{"contacts", "200"}}, "/contacts", 200, {}, 0, 1},
        ListCase{"directories", {{"directories", "150"}}, "/directories", 150, {}, 15, 0},
        ListCase{"mailing_lists", {{"mailing-lists", "200"}}, "/mailinglists", 200, {}, 0, 1},
        ListCase{"users", {{"users", "200"}}, "/users"}),
    [](const auto& info) { return info.param.table; });

// A position saved under a parent that is gone (a directory or mailing list deleted since) starts
// the read over as a whole one: every parent is read, none skipped looking for the saved one.
TEST_F(QualtricsE2E, APositionUnderAParentNoLongerListedStartsTheReadOver) {
  start_qualtrics({{"mailing-lists", "3"}, {"contacts", "30"}});
  config["tables"] = nlohmann::json::object();
  for (const char* t : {"mailing_lists", "contacts", "directory_contacts"})
    config["tables"][t] = nlohmann::json::object();
  const std::string gone =
      sandbox->base_url() + "/API/v3/directories/POOL_gone/contacts?pageSize=100&skipToken=b";
  nlohmann::json old = {{"streams", nlohmann::json::object()}};
  for (const char* t : {"mailing_lists", "directory_contacts"})
    old["streams"][t] = {{"parent", "POOL_gone"}, {"next_page", gone}};
  old["streams"]["contacts"] = {{"parent", "POOL_gone/CG_gone"}, {"next_page", gone}};
  ServedFunction served("qualtrics", dir.path().string());
  PagedSync paged = page_function(served.url(), config, 20, old);
  EXPECT_TRUE(paged.finished) << paged.failure;
  EXPECT_EQ(paged.tables["mailing_lists"].size(), 3u);
  EXPECT_EQ(paged.tables["contacts"].size(), 30u);
  EXPECT_EQ(paged.tables["directory_contacts"].size(), 30u);
  EXPECT_TRUE(sandbox->requests_to("POOL_gone").empty()) << "the saved URL under it is not asked";
}

}  // namespace
}  // namespace sluice::testing
