// A YAML source's first sync paged through `sluice serve function` as Fivetran pages it, with a
// budget smaller than one page: each answer ends at a page's checkpoint and the next call goes on
// from the page it saved, so every call's state moves, the sync finishes, no row is sent twice and
// the rows equal a local `sluice sync` of the same sandbox — across a paged stream, a replace
// table, partitions, and pages inside date windows.
#include "e2e/declarative_pages.h"
#include "support/function_pager.h"

namespace sluice::testing {
namespace {

class DeclarativePaging : public DeclarativePages {
 protected:
  // A local sync, then the same sandbox paged with a 10,000-byte budget in at least
  // `fewest_calls` calls, landing rows in each of `tables`.
  void expect_paged_like_local(int fewest_calls, const std::vector<std::string>& tables) {
    ASSERT_EQ(sync_pages("warehouse.duckdb").exit_code, 0);
    ServedFunction served(connector, dir.path().string(), 10000);
    PagedSync paged = page_function(served.url(), config, 100);
    EXPECT_TRUE(paged.finished) << paged.failure;
    EXPECT_GE(paged.calls, fewest_calls) << "about one page a call";
    EXPECT_TRUE(paged.repeated.empty())
        << paged.repeated.size() << " rows sent twice, e.g. " << paged.repeated.front();
    EXPECT_TRUE(paged.keys_again.empty()) << paged.keys_again.begin()->second << " keys of "
                                          << paged.keys_again.begin()->first << " sent again";
    for (const std::string& table : tables) EXPECT_FALSE(paged.tables[table].empty()) << table;
    std::vector<std::string> diff = differences(paged, warehouse());
    EXPECT_TRUE(diff.empty()) << diff.size() << " differences, first: " << diff.front();
    std::cout << "[ paging ] " << connector << ": " << paged.calls << " calls, " << paged.rows
              << " rows, " << paged.bytes << " bytes (largest answer " << paged.largest << ")\n";
  }
};

TEST_F(DeclarativePaging, ABudgetSmallerThanOnePageMovesEveryCallToTheEnd) {
  // Surveys: 1 page; contacts: 5; responses: 3 in each of 4 surveys.
  start_pages({{"responses", "1000"}, {"contacts", "500"}, {"forms", "4"}});
  expect_paged_like_local(15, {"surveys", "respondents", "responses"});
}

TEST_F(DeclarativePaging, PagesInsideAWindowGoOnInTheNextCall) {
  // 800 responses in the first yearly window: 8 pages, then the later windows.
  start_pages({{"responses", "800"}}, 0, kWindowsStreams, "refiner_windows");
  expect_paged_like_local(8, {"responses"});
}

}  // namespace
}  // namespace sluice::testing
