// A YAML source's first sync paged through `sluice serve function` as Fivetran pages it, with a
// budget smaller than one page: each answer ends at a page's checkpoint and the next call goes on
// from the page it saved, so every call's state moves, the sync finishes, no row is sent twice and
// the rows equal a local `sluice sync` of the same sandbox — across a paged stream, a replace
// table and partitions.
#include "e2e/declarative_pages.h"
#include "support/function_pager.h"

namespace sluice::testing {
namespace {

class DeclarativePaging : public DeclarativePages {};

TEST_F(DeclarativePaging, ABudgetSmallerThanOnePageMovesEveryCallToTheEnd) {
  // Surveys: 1 page; contacts: 5; responses: 3 in each of 4 surveys.
  start_pages({{"responses", "1000"}, {"contacts", "500"}, {"forms", "4"}});
  ASSERT_EQ(sync_pages("warehouse.duckdb").exit_code, 0);
  ServedFunction served(kName, dir.path().string(), 10000);
  PagedSync paged = page_function(served.url(), config, 100);
  EXPECT_TRUE(paged.finished) << paged.failure;
  EXPECT_GE(paged.calls, 15) << "about one page a call";
  EXPECT_TRUE(paged.repeated.empty())
      << paged.repeated.size() << " rows sent twice, e.g. " << paged.repeated.front();
  EXPECT_TRUE(paged.keys_again.empty()) << paged.keys_again.begin()->second << " keys of "
                                        << paged.keys_again.begin()->first << " sent again";
  for (const char* table : {"surveys", "respondents", "responses"})
    EXPECT_FALSE(paged.tables[table].empty()) << table;
  std::vector<std::string> diff = differences(paged, warehouse());
  EXPECT_TRUE(diff.empty()) << diff.size() << " differences, first: " << diff.front();
  std::cout << "[ paging ] " << paged.calls << " calls, " << paged.rows << " rows, " << paged.bytes
            << " bytes (largest answer " << paged.largest << ")\n";
}

}  // namespace
}  // namespace sluice::testing
