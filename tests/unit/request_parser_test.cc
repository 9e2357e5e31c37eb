// The request parser: every bound and grammar error becomes its status, never an exception, and
// a request split anywhere parses the same as one read whole.
#include "sluice/http/request_parser.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

using State = RequestParser::State;

int status_of(const std::string& bytes, RequestLimits limits = {}) {
  RequestParser p(limits);
  State s = p.feed(bytes);
  if (s == State::kError) return p.error_status();
  return s == State::kDone ? 200 : 0;
}

TEST(RequestParser, MalformedRequestsGetTheirStatus) {
  RequestLimits small;
  small.max_body_bytes = 1000;
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n", small), 413);
  EXPECT_EQ(status_of("GARBAGE\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /x HTTP/9.9\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET x HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nno colon here\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /" + std::string(10000, 'a')), 414);
  EXPECT_EQ(status_of("GET /" + std::string(10000, 'a') + " HTTP/1.1\r\n\r\n"), 414);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int k = 0; k < 101; ++k) many += "X-" + std::to_string(k) + ": 1\r\n";
  EXPECT_EQ(status_of(many + "\r\n"), 431);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nX: " + std::string(70000, 'a')), 431);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
            400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n", small), 413);
  // Two chunks under the bound that pass it together.
  std::string two = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1f4\r\n" +
                    std::string(500, 'a') + "\r\n1f5\r\n";
  EXPECT_EQ(status_of(two, small), 413);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"), 0) << "waits for more";
}

TEST(RequestParser, ASplitRequestParsesAsAWholeOne) {
  std::string wire =
      "\r\nPOST /a%20b?x=1&y=two+words&x=3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
      "Connection: close\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n"
      "GET /next HTTP/1.1\r\nContent-Length: 2\r\n\r\nok";
  for (size_t cut = 0; cut <= wire.size(); ++cut) {
    RequestParser p;
    p.feed(wire.substr(0, cut));
    State s = p.feed(wire.substr(cut));
    ASSERT_EQ(s, State::kDone) << "cut at " << cut;
    ServerRequest first = p.take();
    EXPECT_EQ(first.method, "POST");
    EXPECT_EQ(first.path, "/a b");
    EXPECT_EQ(first.param("y"), "two words");
    EXPECT_EQ(first.query.size(), 3u);
    EXPECT_EQ(first.body, "hello world");
    EXPECT_FALSE(first.keep_alive);
    ASSERT_EQ(p.parse(), State::kDone) << "the pipelined request after it";
    ServerRequest second = p.take();
    EXPECT_EQ(second.path, "/next");
    EXPECT_EQ(second.body, "ok");
    EXPECT_TRUE(second.keep_alive);
    EXPECT_FALSE(p.mid_request());
  }
}

TEST(RequestParser, ExpectContinueIsReportedOnceBeforeTheBody) {
  RequestParser p;
  ASSERT_EQ(p.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"),
            State::kNeedMore);
  EXPECT_TRUE(p.take_continue());
  EXPECT_FALSE(p.take_continue());
  EXPECT_EQ(p.feed("abc"), State::kDone);
  EXPECT_EQ(p.take().body, "abc");
}

}  // namespace
}  // namespace sluice
