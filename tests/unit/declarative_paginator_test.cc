// Paginators as data: a page in, the next request (or the end) out.
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/declarative/paginator.h"

namespace sluice::declarative {
namespace {

PaginatorDefinition paginator(const std::string& yaml) {
  Diagnostics d("p.yaml");
  PaginatorDefinition p = read_paginator(YAML::Load(yaml), {d, {}}, "s");
  EXPECT_TRUE(d.empty()) << d.errors().front();
  return p;
}

// Walks pages: each body with its record count; returns the query of every request sent.
std::vector<std::string> walk(const PaginatorDefinition& def,
                              const std::vector<std::pair<std::string, size_t>>& pages,
                              const std::vector<std::string>& links = {}) {
  PageWalker w(def);
  Request r;
  r.url = "https://api.test/v1/items";
  w.first(r);
  std::vector<std::string> sent = {r.full_url()};
  simdjson::dom::parser parser;
  for (size_t i = 0; i < pages.size(); ++i) {
    Response resp;
    if (i < links.size()) resp.headers.emplace_back("link", links[i]);
    if (!w.next(resp, parser.parse(pages[i].first), pages[i].second, r)) break;
    sent.push_back(r.full_url());
  }
  return sent;
}

TEST(DeclarativePaginator, PageNumberStopsAtTheTotalOrAnEmptyPage) {
  auto def = paginator(
      "{type: page_number, size_param: per_page, page_size: 2, total_path: meta.pages, stop: "
      "[total, empty_page]}");
  EXPECT_EQ(walk(def, {{R"({"meta":{"pages":2}})", 2}, {R"({"meta":{"pages":2}})", 2}}),
            (std::vector<std::string>{"https://api.test/v1/items?page=1&per_page=2",
                                      "https://api.test/v1/items?page=2&per_page=2"}));
  auto empty = paginator("{type: page_number, stop: [empty_page]}");
  EXPECT_EQ(walk(empty, {{"{}", 5}, {"{}", 5}, {"{}", 0}, {"{}", 5}}).size(), 3u);
}

TEST(DeclarativePaginator, OffsetAdvancesByRecordsUntilTotalOrShortPage) {
  auto def = paginator(
      "{type: offset, size_param: limit, page_size: 3, total_path: total, stop: [total]}");
  EXPECT_EQ(walk(def, {{R"({"total":5})", 3}, {R"({"total":5})", 2}}),
            (std::vector<std::string>{"https://api.test/v1/items?offset=0&limit=3",
                                      "https://api.test/v1/items?offset=3&limit=3"}));
  auto shortp = paginator("{type: offset, size_param: limit, page_size: 3, stop: [short_page]}");
  EXPECT_EQ(walk(shortp, {{"{}", 3}, {"{}", 3}, {"{}", 1}, {"{}", 3}}).size(), 3u);
}

TEST(DeclarativePaginator, CursorFromTheBodyEndsWhenItIsMissing) {
  auto def = paginator("{type: cursor, cursor_param: after, cursor_path: paging.next}");
  EXPECT_EQ(
      walk(def, {{R"({"paging":{"next":"c2"}})", 10},
                 {R"({"paging":{"next":"c 3"}})", 10},
                 {R"({"paging":{"next":null}})", 10}}),
      (std::vector<std::string>{"https://api.test/v1/items", "https://api.test/v1/items?after=c2",
                                "https://api.test/v1/items?after=c%203"}));
  EXPECT_THROW(
      walk(def, {{R"({"paging":{"next":"same"}})", 1}, {R"({"paging":{"next":"same"}})", 1}}),
      Error);
}

TEST(DeclarativePaginator, NextUrlFromTheBodyOrTheLinkHeader) {
  auto body = paginator("{type: next_url, next_url_path: links.next}");
  EXPECT_EQ(walk(body, {{R"({"links":{"next":"/v1/items?page=2&q=a%2Cb"}})", 1}, {"{}", 1}}),
            (std::vector<std::string>{"https://api.test/v1/items",
                                      "https://api.test/v1/items?page=2&q=a%2Cb"}));
  auto link = paginator("{type: link_header}");
  EXPECT_EQ(
      walk(link, {{"[]", 1}, {"[]", 1}},
           {R"(<https://api.test/v1/items?since=9>; rel="next", <https://api.test/x>; rel="last")",
            R"(<https://api.test/v1/items?since=1>; rel="prev")"}),
      (std::vector<std::string>{"https://api.test/v1/items", "https://api.test/v1/items?since=9"}));
}

TEST(DeclarativePaginator, StopsThatCannotWorkAreRefused) {
  Diagnostics d("p.yaml");
  read_paginator(YAML::Load("{type: page_number, stop: [total]}"), {d, {}}, "s");
  read_paginator(YAML::Load("{type: offset, stop: [short_page]}"), {d, {}}, "s");
  read_paginator(YAML::Load("{type: scroll}"), {d, {}}, "s");
  ASSERT_EQ(d.errors().size(), 5u) << d.errors().front();
  std::string all;
  for (const auto& e : d.errors()) all += e + "\n";
  EXPECT_NE(all.find("cannot stop on \"total\" without `total_path`"), std::string::npos);
  EXPECT_NE(all.find("cannot stop on \"short_page\" without `page_size`"), std::string::npos);
  EXPECT_NE(all.find("has type \"scroll\""), std::string::npos);
}

}  // namespace
}  // namespace sluice::declarative
