// The head guard: every bound and framing error becomes its status before cpp-httplib reads the
// request, and a head that arrives in pieces is judged as one that arrives whole.
#include "sluice/http/request_head_guard.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

using State = HeadCheck::State;

int status_of(const std::string& bytes, RequestLimits limits = {}) {
  RequestHeadGuard guard(limits);
  HeadCheck c = guard.check(bytes);
  if (c.state == State::kError) return c.status;
  return c.state == State::kComplete ? 200 : 0;
}

TEST(RequestHeadGuard, MalformedHeadsGetTheirStatus) {
  RequestLimits small;
  small.max_body_bytes = 1000;
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n", small), 413);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n", small), 200);
  EXPECT_EQ(status_of("G@T / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("BREW / HTTP/1.1\r\n\r\n"), 405);
  // Found by fuzz_http_server: a bare CR in the target reached the router, which answered 404.
  EXPECT_EQ(status_of("POST /TP/\x02\r.T11#ra HTTP/1.1\r\nExpect: 1 0-continuey\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /a\tb HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nno colon here\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /" + std::string(10000, 'a')), 414);
  EXPECT_EQ(status_of("GET /" + std::string(10000, 'a') + " HTTP/1.1\r\n\r\n"), 414);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int k = 0; k < 101; ++k) many += "X-" + std::to_string(k) + ": 1\r\n";
  EXPECT_EQ(status_of(many + "\r\n"), 431);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nX: " + std::string(70000, 'a')), 431)
      << "judged before the head ends";
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
            400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"), 200);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"), 200)
      << "the body is not the guard's";
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 5\r\n"), 0) << "waits for more";
}

TEST(RequestHeadGuard, AHeadInPiecesIsJudgedAsAWholeOne) {
  const std::string wire =
      "\r\nPOST /a%20b?x=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello";
  for (size_t cut = 0; cut <= wire.size(); ++cut) {
    RequestHeadGuard guard;
    std::string buffered = wire.substr(0, cut);
    HeadCheck first = guard.check(buffered);
    ASSERT_NE(first.state, State::kError) << "cut at " << cut;
    buffered = wire;
    HeadCheck c = guard.check(buffered);
    if (c.blank_prefix > 0) {
      buffered.erase(0, c.blank_prefix);
      guard.reset();
      c = guard.check(buffered);
    }
    ASSERT_EQ(c.state, State::kComplete) << "cut at " << cut;
    EXPECT_EQ(buffered.substr(c.head_bytes), "5\r\nhello");
    EXPECT_TRUE(c.has_body);
  }
}

}  // namespace
}  // namespace sluice
