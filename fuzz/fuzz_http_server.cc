// Fuzz target: any bytes as what a client sends `serve function` or a sandbox, through a socket
// pair into HttpServer's connection handling (RequestHeadGuard, then cpp-httplib's request
// parsing and answer). The server must answer or close, never crash, hang or give a status it
// does not give (the handler echoes the body, so a body it passed stays within its bound).
// cpp-httplib itself is Debian's compiled library, not instrumented: the fuzzer steers by the
// guard's and the server's own coverage and checks the library only for crashes and answers.
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

#include "sluice/http/http_server.h"

namespace {

sluice::HttpServer& server() {
  static sluice::HttpServer* s = [] {
    sluice::ServerOptions o;
    o.limits.max_request_line = 256;
    o.limits.max_header_bytes = 1024;
    o.limits.max_headers = 16;
    o.limits.max_body_bytes = 4096;
    o.request_timeout_ms = 200;
    o.idle_timeout_ms = 200;
    o.send_timeout_ms = 200;
    return new sluice::HttpServer(
        [](const sluice::ServerRequest& r) {
          if (r.body.size() > 4096) __builtin_trap();
          return sluice::ServerResponse::json(200, r.body);
        },
        o);
  }();
  return *s;
}

bool gives(int status) {
  return status == 100 || status == 200 || status == 400 || status == 405 || status == 408 ||
         status == 413 || status == 414 || status == 415 || status == 416 || status == 431 ||
         status == 503;
}

// Every answer the server sent must begin with a status line it gives. Answers are read by their
// framing (head, then Content-Length bytes of body): the handler echoes the body, so "HTTP/1.1 "
// inside a body is the client's text, not a status line. An answer cut off, one without a length,
// or framing that no longer meets a status line (a HEAD answer's length without its body) ends
// the check.
void check_statuses(const std::string& out) {
  constexpr std::string_view kLine = "HTTP/1.1 ";
  constexpr std::string_view kLength = "\r\nContent-Length: ";
  size_t at = 0;
  while (at < out.size()) {
    if (out.compare(at, kLine.size(), kLine) != 0) return;
    if (!gives(std::atoi(out.c_str() + at + kLine.size()))) __builtin_trap();
    const size_t end = out.find("\r\n\r\n", at);
    if (end == std::string::npos) return;
    const size_t length = out.find(kLength, at);
    size_t body = 0;
    if (length != std::string::npos && length < end)
      body = std::strtoul(out.c_str() + length + kLength.size(), nullptr, 10);
    else if (out.compare(at + kLine.size(), 1, "1") != 0)
      return;  // no length and not an interim answer: its body runs to the close
    at = end + 4 + body;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return 0;
  std::thread serving([fd = fds[1]] { server().serve_connection(fd); });
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(fds[0], data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fds[0], SHUT_WR);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fds[0], buf, sizeof buf, 0)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  serving.join();
  ::close(fds[0]);
  check_statuses(out);
  return 0;
}
