#include "sluice/http/paginator.h"

#include <gtest/gtest.h>

#include "sluice/core/error.h"

namespace sluice {
namespace {

simdjson::dom::element parse(simdjson::dom::parser& p, const std::string& s) {
  return p.parse(s).value();
}

TEST(PageNumberPaginator, WalksToTheLastPage) {
  simdjson::dom::parser p;
  auto pg = page_number_paginator("page", "page_length", 2, "/pagination/last_page");
  Request r;
  pg->first(r);
  EXPECT_EQ(r.full_url(), "?page=1&page_length=2");
  EXPECT_TRUE(pg->next(parse(p, R"({"pagination":{"last_page":3}})"), 2, r));
  EXPECT_EQ(r.full_url(), "?page=2&page_length=2");
  EXPECT_TRUE(pg->next(parse(p, R"({"pagination":{"last_page":3}})"), 2, r));
  EXPECT_FALSE(pg->next(parse(p, R"({"pagination":{"last_page":3}})"), 1, r));
}

TEST(PageNumberPaginator, StopsOnAnEmptyPageOrAShortOneWithoutALastPage) {
  simdjson::dom::parser p;
  auto pg = page_number_paginator("page", "size", 10, "/last");
  Request r;
  pg->first(r);
  EXPECT_FALSE(pg->next(parse(p, R"({"last":9})"), 0, r));
  pg->first(r);
  EXPECT_FALSE(pg->next(parse(p, R"({})"), 3, r));
  EXPECT_TRUE(pg->next(parse(p, R"({})"), 10, r));
}

TEST(CursorPaginator, FollowsTheTokenUntilNullOrEmpty) {
  simdjson::dom::parser p;
  auto pg = cursor_paginator("page_cursor", "/pagination/next_page_cursor", "page_length", 100);
  Request r;
  pg->first(r);
  EXPECT_EQ(r.full_url(), "?page_length=100");
  EXPECT_TRUE(pg->next(parse(p, R"({"pagination":{"next_page_cursor":"abc"}})"), 100, r));
  EXPECT_EQ(r.full_url(), "?page_length=100&page_cursor=abc");
  EXPECT_FALSE(pg->next(parse(p, R"({"pagination":{"next_page_cursor":null}})"), 100, r));
  // A token with an empty page is the end as well (the API does both).
  pg->first(r);
  EXPECT_FALSE(pg->next(parse(p, R"({"pagination":{"next_page_cursor":"zzz"}})"), 0, r));
}

TEST(CursorPaginator, ARepeatedTokenIsAnErrorNotALoop) {
  simdjson::dom::parser p;
  auto pg = cursor_paginator("c", "/next");
  Request r;
  pg->first(r);
  EXPECT_TRUE(pg->next(parse(p, R"({"next":"t1"})"), 5, r));
  EXPECT_THROW(pg->next(parse(p, R"({"next":"t1"})"), 5, r), Error);
}

TEST(OffsetPaginator, AdvancesByItemsUntilShortPageOrTotal) {
  simdjson::dom::parser p;
  auto pg = offset_paginator("offset", "limit", 3);
  Request r;
  pg->first(r);
  EXPECT_EQ(r.full_url(), "?offset=0&limit=3");
  EXPECT_TRUE(pg->next(parse(p, "{}"), 3, r));
  EXPECT_EQ(r.full_url(), "?offset=3&limit=3");
  EXPECT_FALSE(pg->next(parse(p, "{}"), 2, r));
  auto total = offset_paginator("skip", "top", 3, "/total");
  total->first(r);
  r.query.clear();
  total->first(r);
  EXPECT_TRUE(total->next(parse(p, R"({"total":6})"), 3, r));
  EXPECT_FALSE(total->next(parse(p, R"({"total":6})"), 3, r));
}

TEST(NextUrlPaginator, FollowsTheUrlVerbatim) {
  simdjson::dom::parser p;
  auto pg = next_url_paginator("/result/nextPage");
  Request r;
  r.url = "https://x/api";
  r.set_query("a", "1");
  pg->first(r);
  EXPECT_TRUE(
      pg->next(parse(p, R"({"result":{"nextPage":"https://x/api?skipToken=Q%3D%3D"}})"), 1, r));
  EXPECT_EQ(r.full_url(), "https://x/api?skipToken=Q%3D%3D");
  EXPECT_FALSE(pg->next(parse(p, R"({"result":{"nextPage":null}})"), 1, r));
  EXPECT_THROW(
      {
        pg->first(r);
        pg->next(parse(p, R"({"result":{"nextPage":"u"}})"), 1, r);
        pg->next(parse(p, R"({"result":{"nextPage":"u"}})"), 1, r);
      },
      Error);
}

}  // namespace
}  // namespace sluice
