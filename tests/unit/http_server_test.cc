// The server against clients that misbehave: slow, silent, too many. Each is dealt with (an
// answer, a closed connection) and a well-behaved call still gets through.
#include "sluice/http/http_server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "sluice/http/client.h"
#include "support/raw_http.h"

namespace sluice {
namespace {

using testing::connect_loopback;
using testing::read_status;
using testing::send_and_read_status;

bool valid_call(const HttpServer& server) {
  HttpClient client;
  Request r;
  r.method = "POST";
  r.url = server.base_url() + "/";
  r.body = "{\"hello\":1}";
  Response resp;
  TransportError err;
  return client.perform(r, resp, err) && resp.status == 200 && resp.body == r.body;
}

TEST(HttpServer, ARequestThatNeverFinishesIsAnswered408AndClosed) {
  ServerOptions o;
  o.request_timeout_ms = 300;
  HttpServer server([](const ServerRequest& r) { return ServerResponse::json(200, r.body); }, o);
  EXPECT_EQ(send_and_read_status(server.port(), "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nab"),
            408);
  EXPECT_EQ(send_and_read_status(server.port(), "GET / HTTP/1.1\r\nHost: slow"), 408);
  EXPECT_TRUE(valid_call(server));
}

TEST(HttpServer, TheLongestIdleConnectionMakesRoomAtTheBound) {
  ServerOptions o;
  o.max_connections = 8;
  HttpServer server([](const ServerRequest& r) { return ServerResponse::json(200, r.body); }, o);
  std::vector<int> idle;
  for (int k = 0; k < 20; ++k) idle.push_back(connect_loopback(server.port()));
  EXPECT_TRUE(valid_call(server));
  EXPECT_LE(server.open_connections(), 8u);
  // The first of the idle ones was closed to make room: its read ends at once.
  EXPECT_EQ(read_status(idle.front()), 0);
  for (int fd : idle) ::close(fd);
}

TEST(HttpServer, FinishedConnectionsKeepNoThread) {
  HttpServer server([](const ServerRequest&) { return ServerResponse::json(200, "{}"); });
  for (int k = 0; k < 200; ++k)
    ASSERT_EQ(send_and_read_status(server.port(), "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
              200);
  // One at a time: one worker (a few if a close raced the next request), not 200.
  EXPECT_LE(server.worker_threads(), 4u);
  ServerOptions o;
  o.max_workers = 3;
  HttpServer slow(
      [](const ServerRequest&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return ServerResponse::json(200, "{}");
      },
      o);
  std::vector<std::thread> callers;
  for (int k = 0; k < 12; ++k)
    callers.emplace_back(
        [&] { EXPECT_EQ(send_and_read_status(slow.port(), "GET / HTTP/1.1\r\n\r\n"), 200); });
  for (auto& t : callers) t.join();
  EXPECT_EQ(slow.worker_threads(), 3u) << "12 calls at once share the 3 workers";
}

TEST(HttpServer, UnfinishedRequestsTogetherStayUnderTheBufferBound) {
  ServerOptions o;
  o.max_buffered_bytes = 1 << 20;
  HttpServer server([](const ServerRequest& r) { return ServerResponse::json(200, r.body); }, o);
  std::string head = "POST / HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n";
  std::vector<int> held;
  int refused = 0;
  for (int k = 0; k < 4; ++k) {
    int fd = connect_loopback(server.port());
    std::string part = head + std::string(400000, 'x');
    ::send(fd, part.data(), part.size(), MSG_NOSIGNAL);
    held.push_back(fd);
  }
  timeval quick{1, 0};
  for (int fd : held) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &quick, sizeof quick);
    if (read_status(fd) == 503) ++refused;
  }
  EXPECT_GE(refused, 1) << "four 400 KB halves pass 1 MB";
  EXPECT_TRUE(valid_call(server));
  for (int fd : held) ::close(fd);
}

}  // namespace
}  // namespace sluice
