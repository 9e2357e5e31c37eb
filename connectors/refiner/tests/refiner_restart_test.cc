// A sync killed (SIGKILL) inside the surveys, the contacts or the responses restarts from the
// position its last checkpoint committed: the restart asks for the pages from that position's page
// on, so it reads at most one page twice, and ends with the same warehouse as a sync never killed.
// The sandbox's cursors are "pc_<offset>.<snapshot>", so a position says which item it stands at.
#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

constexpr int64_t kPage = 100;

// The offset a sandbox cursor stands at (0 for none: the first page).
int64_t offset_of(const std::string& cursor) {
  return cursor.empty() ? 0 : std::stoll(cursor.substr(3, cursor.find('.') - 3));
}
int64_t offset_of(const nlohmann::json& cursor) {
  return offset_of(cursor.is_string() ? cursor.get<std::string>() : std::string());
}

class RefinerRestart : public RefinerE2E {
 protected:
  // The reference from a sandbox without latency, the killed syncs against one of the same data
  // at 60 ms a request (or `latency_ms`): a stream of 20 pages and more takes seconds, and
  // checkpoints commit at most once a second.
  void start_both(int64_t responses, int64_t contacts, int64_t forms = 4, int latency_ms = 60) {
    const std::map<std::string, std::string> flags = {{"responses", std::to_string(responses)},
                                                      {"contacts", std::to_string(contacts)},
                                                      {"forms", std::to_string(forms)}};
    start(flags);
    configure();
    ASSERT_EQ(sync("reference.duckdb").exit_code, 0);
    start(flags, latency_ms);
    configure();
  }
  void configure() {
    config["page_length"] = kPage;
    config["checkpoint_every"] = 50;  // inside pages too: a position with a skip
    config["window_concurrency"] = 1;
  }

  void expect_same_as_reference() {
    for (const char* table : {"surveys", "questions", "responses", "answers", "respondents"})
      EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), table) ==
                  dump_table(warehouse("killed.duckdb"), table))
          << table;
  }
};

TEST_F(RefinerRestart, KilledInsideTheContactsItReadsOnFromItsPage) {
  start_both(400, 2950);
  nlohmann::json state = kill_inside("refiner", "/v1/contacts", 24);
  const nlohmann::json& at = state["streams"]["contacts"];
  ASSERT_TRUE(at.contains("skip")) << "no checkpoint inside the contacts: " << state.dump();
  const int64_t page_start = offset_of(at["page_cursor"]), skip = at["skip"];
  EXPECT_GT(page_start + skip, 0) << "the kill came before any contact was committed";
  EXPECT_LT(skip, kPage) << "a position within one page";
  std::vector<Params> pages = restart("refiner", "/v1/contacts");
  ASSERT_FALSE(pages.empty());
  // The first page asked for is the position's own; then on to the end, once each.
  EXPECT_EQ(offset_of(query_param(pages.front(), "page_cursor")), page_start);
  EXPECT_EQ(static_cast<int64_t>(pages.size()), (2950 - page_start + kPage - 1) / kPage);
  std::cout << "[ restart ] contacts: killed at contact " << page_start + skip << " of 2950; the "
            << "restart asked for " << pages.size() << " of 30 pages, re-reading " << skip
            << " contacts\n";
  expect_same_as_reference();
}

TEST_F(RefinerRestart, KilledInsideTheResponsesItReadsOnFromItsPage) {
  start_both(4000, 100);
  const int64_t completed =
      std::stoll(scalar(warehouse("reference.duckdb"), "SELECT count(*) FROM responses"));
  // Past the pages the responses read ahead while surveys and contacts load.
  nlohmann::json state = kill_inside("refiner", "/v1/responses", 20);
  const nlohmann::json& window = state["streams"]["responses"]["window"];
  ASSERT_TRUE(window.contains("list")) << "no checkpoint inside the responses: " << state.dump();
  const int64_t page_start = offset_of(window["list"]["page_cursor"]),
                skip = window["list"]["skip"];
  EXPECT_LT(skip, kPage);
  std::vector<Params> pages = restart("refiner", "/v1/responses");
  ASSERT_FALSE(pages.empty());
  EXPECT_EQ(offset_of(query_param(pages.front(), "page_cursor")), page_start);
  // The pages from the position's on (the sandbox answers a full last page with a cursor to an
  // empty one).
  const int64_t left = completed - page_start;
  EXPECT_LE(static_cast<int64_t>(pages.size()), left / kPage + 1);
  EXPECT_GE(static_cast<int64_t>(pages.size()), (left + kPage - 1) / kPage);
  std::cout << "[ restart ] responses: killed at response " << page_start + skip << " of "
            << completed << "; the restart asked for " << pages.size() << " pages, re-reading "
            << skip << " responses\n";
  expect_same_as_reference();
}

TEST_F(RefinerRestart, KilledInsideTheSurveysItReadsOnFromItsPage) {
  start_both(400, 100, 2000, 100);  // 20 pages of 100 surveys with their questions, 100 ms each
  nlohmann::json state = kill_inside("refiner", "/v1/forms", 14);
  const nlohmann::json& at = state["streams"]["surveys"];
  ASSERT_TRUE(at.contains("offset")) << "no checkpoint inside the surveys: " << state.dump();
  const int64_t offset = at["offset"];
  EXPECT_GT(offset, 0);
  EXPECT_EQ(scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM surveys"),
            std::to_string(offset))
      << "the killed run committed exactly the pages before its saved offset";
  // The restart reads pages of 300 (as a function protocol call may ask for other pages than the
  // last): it begins at the page holding the saved offset and skips what is before it there.
  constexpr int64_t kLonger = 300, kLastPage = (2000 + kLonger - 1) / kLonger;
  config["page_length"] = kLonger;
  std::vector<Params> pages;  // the surveys' pages (the responses ask /forms without info)
  for (const Params& q : restart("refiner", "/v1/forms"))
    if (query_param(q, "include_info") == "1") pages.push_back(q);
  ASSERT_FALSE(pages.empty());
  EXPECT_EQ(query_param(pages.front(), "page"), std::to_string(offset / kLonger + 1));
  EXPECT_EQ(static_cast<int64_t>(pages.size()), kLastPage - offset / kLonger)
      << "each page from the saved offset's on";
  const nlohmann::json rows = nlohmann::json::parse(
      scalar(warehouse("killed.duckdb"),
             "SELECT rows_by_table FROM _sluice_runs ORDER BY started_at DESC LIMIT 1"));
  EXPECT_EQ(rows["surveys"], 2000 - offset) << "each survey written once: " << rows.dump();
  std::cout << "[ restart ] surveys: killed with " << offset << " of 2000 committed (pages of "
            << kPage << "); the restart asked for " << pages.size() << " pages of " << kLonger
            << ", re-reading " << offset % kLonger << " surveys\n";
  expect_same_as_reference();
}

TEST_F(RefinerRestart, AFinishedReadOfTheContactsIsReadWholeByTheNextSync) {
  start({{"responses", "400"}, {"contacts", "250"}});
  configure();
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(
                scalar(warehouse(), "SELECT state FROM _sluice_state"))["streams"]["contacts"],
            nlohmann::json({{"done", true}}));
  const size_t before = sandbox->requests_to("/v1/contacts").size();
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_EQ(sandbox->requests_to("/v1/contacts").size() - before, 3u) << "every page again";
}

}  // namespace
}  // namespace sluice::testing
