// A first sync paged through `sluice serve function` as Fivetran pages it: every call's state
// moves, the sync finishes, the rows equal a local `sluice sync` of the same sandbox, and no row
// is sent twice — with a budget smaller than one page, with the default budget over more than one
// answer holds, and with a hard cap smaller than one page (the call asks for smaller pages).
#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/core/timestamp.h"
#include "sluice/http/http_server.h"
#include "sluice/protocols/function/function_handler.h"
#include "support/function_pager.h"

namespace sluice::testing {
namespace {

class RefinerPaging : public RefinerE2E {
 protected:
  void expect_paged_like_local(const PagedSync& paged, int fewest_calls) {
    EXPECT_TRUE(paged.finished) << paged.failure;
    EXPECT_GE(paged.calls, fewest_calls);
    EXPECT_TRUE(paged.repeated.empty())
        << paged.repeated.size() << " rows sent twice, e.g. " << paged.repeated.front();
    for (const char* t : {"surveys", "questions", "responses", "answers"})
      EXPECT_EQ(paged.keys_again.count(t), 0u) << t << ": a key sent twice";
    std::vector<std::string> diff = differences(paged, warehouse());
    EXPECT_TRUE(diff.empty()) << diff.size() << " differences, first: " << diff.front();
    std::cout << "[ paging ] " << paged.calls << " calls, " << paged.rows << " rows, "
              << paged.bytes << " bytes (largest answer " << paged.largest << ")\n";
  }
};

TEST_F(RefinerPaging, ABudgetSmallerThanOnePageStillMovesEveryCall) {
  start({{"responses", "3000"}});  // 750 contacts: one page each call, every call a checkpoint
  ASSERT_EQ(sync().exit_code, 0);
  ServedFunction served("refiner", dir.path().string(), 20000);
  PagedSync paged = page_function(served.url(), config, 100);
  expect_paged_like_local(paged, 4);
  // Nothing past a checkpoint: an answer is one checkpoint's records (a page), not more.
  EXPECT_LT(paged.largest, 1500000u);
}

TEST_F(RefinerPaging, TheDefaultBudgetPagesALargerAccount) {
  start({{"responses", "16000"}, {"contacts", "6000"}});  // about 16 MB of records
  ASSERT_EQ(sync().exit_code, 0);
  ServedFunction served("refiner", dir.path().string());
  PagedSync paged = page_function(served.url(), config, 50);
  expect_paged_like_local(paged, 3);
  EXPECT_LT(paged.largest, 6u * 1024 * 1024) << "under AWS Lambda's 6 MB";
}

TEST_F(RefinerPaging, APageLargerThanTheHardCapIsAskedForInSmallerPages) {
  start({{"responses", "1200"}});
  ASSERT_EQ(sync().exit_code, 0);
  FunctionOptions o;
  o.max_response_bytes = 10000;
  o.hard_cap_bytes = 60000;  // one page of 1000 contacts or responses is far larger
  FunctionHandler handler("refiner", o);
  HttpServer server([&](const ServerRequest& r) { return handler.handle(r); });
  PagedSync paged = page_function(server.base_url() + "/", config, 400);
  expect_paged_like_local(paged, 10);
  EXPECT_LT(paged.largest, 80000u) << "every answer within the hard cap (and its envelope)";
}

TEST_F(RefinerPaging, AStateFromBeforePositionsStillFinishes) {
  start({{"responses", "3000"}});
  ASSERT_EQ(sync().exit_code, 0);
  ServedFunction served("refiner", dir.path().string(), 20000);
  // The previous version's state inside the contacts (a count) and inside the responses (the
  // oldest second committed): the contacts start over, the responses go on below that second.
  const nlohmann::json old = {{"completed_this_sync", {"surveys"}},
                              {"streams",
                               {{"surveys", {{"surveys_seen", 4}}},
                                {"contacts", {{"contacts_seen", 300}}},
                                {"responses",
                                 {{"cursor", nullptr},
                                  {"window",
                                   {{"start", "2024-01-01T00:00:00Z"},
                                    {"end", "2030-01-01T00:00:00Z"},
                                    {"resume_before", "2024-01-01T12:00:00Z"},
                                    {"max_seen", "2024-01-02T00:00:00Z"}}}}}}}};
  PagedSync paged = page_function(served.url(), config, 100, old);
  EXPECT_TRUE(paged.finished) << paged.failure;
  EXPECT_TRUE(paged.repeated.empty()) << paged.repeated.front();
  EXPECT_EQ(std::to_string(paged.tables["respondents"].size()),
            scalar(warehouse(), "SELECT count(*) FROM respondents"))
      << "every contact, read again from the first";
  const int64_t below = *parse_timestamp("2024-01-01T12:00:01Z");
  for (const auto& [key, row] : paged.tables["responses"])
    EXPECT_LT(*parse_timestamp(row["last_data_reception_at"].get<std::string>()), below)
        << "a response above the oldest second committed: " << row["last_data_reception_at"];
  EXPECT_FALSE(paged.tables["responses"].empty());
}

}  // namespace
}  // namespace sluice::testing
