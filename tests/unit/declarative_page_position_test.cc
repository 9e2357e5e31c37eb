// A saved page position as data: the next request out (secrets by name only), and back onto a
// freshly built request — the saved path and query on the configured host; the paginator's count
// and last token carried over so a resumed walk goes on as the stopped one would have.
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/core/redact.h"
#include "sluice/declarative/page_position.h"
#include "sluice/declarative/paginator.h"

namespace sluice::declarative {
namespace {

constexpr const char* kSecret = "page-position-secret-0001";

Request built() {
  register_secret(kSecret);  // as a configuration's secret field is
  Request r;
  r.url = "http://127.0.0.1:5555/v1/items";
  r.query = {{"api_key", kSecret}, {"limit", "10"}};
  r.headers = {{"X-Tenant", "t1"}};
  return r;
}

TEST(DeclarativePagePosition, ASavedNextUrlGoesToTheConfiguredHostWithoutItsSecrets) {
  register_secret(kSecret);
  Request next;
  next.url = "https://elsewhere.example:9000/v2/items/page";
  next.query = {{"after", "c 2/3"}, {"api_key", kSecret}, {"limit", "10"}};
  const nlohmann::json saved = save_request(next);
  EXPECT_EQ(saved, nlohmann::json::parse(R"({"url": "/v2/items/page",
      "query": [["after", "c 2/3"], ["api_key", null], ["limit", "10"]]})"));
  EXPECT_EQ(saved.dump().find(kSecret), std::string::npos);
  Request r = built();
  ASSERT_TRUE(restore_request(saved, r));
  EXPECT_EQ(r.url, "http://127.0.0.1:5555/v2/items/page") << "the configured host, never another";
  EXPECT_EQ(r.query, (Params{{"after", "c 2/3"}, {"api_key", kSecret}, {"limit", "10"}}))
      << "the query as it was, the secret from the built request";
  EXPECT_EQ(r.headers, built().headers);
  // A secret in the path: the path is not saved, and the request's own is asked.
  next.url = "https://elsewhere.example/bot" + std::string(kSecret) + "/updates";
  const nlohmann::json in_path = save_request(next);
  EXPECT_TRUE(in_path["url"].is_null());
  r = built();
  ASSERT_TRUE(restore_request(in_path, r));
  EXPECT_EQ(r.url, built().url);
}

TEST(DeclarativePagePosition, ADamagedPositionLeavesTheFirstRequest) {
  for (const char* text :
       {R"(null)", R"({"url": 5, "query": []})", R"({"url": "/x"})",
        R"({"url": "/x", "query": [["a"]]})", R"({"url": "/x", "query": [["a", 1]]})"}) {
    Request r = built();
    EXPECT_FALSE(restore_request(nlohmann::json::parse(text), r)) << text;
    EXPECT_EQ(r.url, built().url) << text;
    EXPECT_EQ(r.query, built().query) << text;
  }
}

PaginatorDefinition paginator(const std::string& yaml) {
  Diagnostics d("p.yaml");
  PaginatorDefinition p = read_paginator(YAML::Load(yaml), {d, {}}, "s");
  EXPECT_TRUE(d.empty()) << d.errors().front();
  return p;
}

// Walks `pages` pages, stops, resumes from the saved position in a new walker, and walks one more:
// the request it sends next.
std::string resumed_next(const PaginatorDefinition& def, int pages, const std::string& body,
                         size_t items) {
  simdjson::dom::parser parser;
  PageWalker first(def);
  Request r = built();
  first.first(r);
  for (int i = 0; i < pages; ++i) first.next({}, parser.parse(body), items, r);
  const nlohmann::json request = save_request(r), at = first.position();
  PageWalker again(def);
  Request resumed = built();
  again.first(resumed);
  again.resume(at);
  restore_request(request, resumed);
  EXPECT_EQ(resumed.full_url(), r.full_url()) << "the saved page first";
  if (!again.next({}, parser.parse(body), items, resumed)) return "end";
  return resumed.full_url();
}

TEST(DeclarativePagePosition, AResumedWalkCountsOnFromTheSavedPage) {
  auto pages =
      paginator("{type: page_number, size_param: per_page, page_size: 10, stop: [empty_page]}");
  EXPECT_EQ(resumed_next(pages, 2, "{}", 10),
            "http://127.0.0.1:5555/v1/items?api_key=" + std::string(kSecret) +
                "&limit=10&page=4&per_page=10");
  auto offsets =
      paginator("{type: offset, size_param: n, page_size: 10, total_path: total, stop: [total]}");
  EXPECT_EQ(resumed_next(offsets, 2, R"({"total": 100})", 10),
            "http://127.0.0.1:5555/v1/items?api_key=" + std::string(kSecret) +
                "&limit=10&offset=30&n=10");
  EXPECT_EQ(resumed_next(offsets, 9, R"({"total": 100})", 10), "end") << "the total still counts";
  // The last token comes along: a body naming it again is the loop it is, not a new page.
  auto cursor = paginator("{type: cursor, cursor_param: after, cursor_path: next}");
  EXPECT_THROW(resumed_next(cursor, 1, R"({"next": "c1"})", 10), Error);
  // A next URL echoing a credential is not kept as the last token.
  auto next_url = paginator("{type: next_url, next_url_path: next}");
  PageWalker w(next_url);
  Request r = built();
  w.first(r);
  simdjson::dom::parser parser;
  const std::string body =
      R"({"next": "/v1/items?after=c2&access_token=)" + std::string(kSecret) + R"("})";
  ASSERT_TRUE(w.next({}, parser.parse(body), 10, r));
  EXPECT_EQ(w.position().dump().find(kSecret), std::string::npos) << w.position().dump();
  EXPECT_EQ(save_request(r).dump().find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace sluice::declarative
