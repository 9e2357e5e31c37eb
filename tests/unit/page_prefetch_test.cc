// A list read ahead on a worker thread against a real server on loopback: pages come out in order,
// no more than the set number wait in memory, a failure surfaces after the pages before it, and
// an object dropped half-way stops its worker.
#include "sluice/http/page_prefetch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sluice/http/http_server.h"

namespace sluice {
namespace {

constexpr int kPages = 10;

PagePrefetch::ItemsOf items() {
  return [](simdjson::dom::element page) { return page["items"].get_array().value(); };
}

void wait_for(const std::atomic<int>& n, int at_least) {
  for (int i = 0; i < 500 && n.load() < at_least; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

class PagePrefetchTest : public ::testing::Test {
 protected:
  // Serves ten pages of ten numbered items (page `fail_at` answers 400) and starts reading them,
  // keeping at most `max_pages` waiting.
  std::unique_ptr<PagePrefetch> start(size_t max_pages, int fail_at = 0) {
    server = std::make_unique<HttpServer>([this, fail_at](const ServerRequest& r) {
      ++requests;
      int page = std::stoi(r.param("page"));
      if (page == fail_at) return ServerResponse::json(400, R"({"error":"page refused"})");
      std::string list;
      for (int i = 0; i < 10; ++i) list += (i ? "," : "") + std::to_string(page * 10 + i);
      return ServerResponse::json(
          200, "{\"items\":[" + list + "],\"last\":" + std::to_string(kPages) + "}");
    });
    Request first;
    first.url = server->base_url() + "/list";
    return std::make_unique<PagePrefetch>(
        requester, first, page_number_paginator("page", "size", 10, "/last"), items(), max_pages);
  }

  std::atomic<int> requests{0};
  std::unique_ptr<HttpServer> server;
  Requester requester{"list", nullptr};
  simdjson::dom::parser parser;
};

TEST_F(PagePrefetchTest, PagesArriveInOrderAndNoMoreThanTheLimitWait) {
  auto pages = start(2);
  // Two pages wait and the third has been fetched; the worker holds it until there is room.
  wait_for(requests, 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(requests.load(), 3);
  std::vector<int64_t> seen;
  pages->drain(parser, [&](simdjson::dom::element page) {
    for (auto item : items()(page)) seen.push_back(item.get_int64().value());
  });
  ASSERT_EQ(seen.size(), 100u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int64_t>(i + 10));
  EXPECT_EQ(requests.load(), kPages);
}

TEST_F(PagePrefetchTest, AFailureComesAfterThePagesBeforeIt) {
  auto pages = start(8, /*fail_at=*/4);
  int pages_seen = 0;
  try {
    pages->drain(parser, [&](simdjson::dom::element) { ++pages_seen; });
    ADD_FAILURE() << "the refused page was not reported";
  } catch (const HttpStatusError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_NE(std::string(e.what()).find("page refused"), std::string::npos) << e.what();
  }
  EXPECT_EQ(pages_seen, 3);
}

TEST_F(PagePrefetchTest, DroppedHalfWayItStopsItsWorker) {
  {
    auto pages = start(1);
    wait_for(requests, 2);
  }  // the worker, waiting for room, is told to stop and joined here
  const int after = requests.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(requests.load(), after);
  EXPECT_LT(after, kPages);
}

}  // namespace
}  // namespace sluice
