#pragma once
// Checks a request's head (request line and headers) while it arrives, before cpp-httplib parses
// it. cpp-httplib 0.11 reads headers without a bound on their number or total size, reads a
// request line of any length before answering 414, takes `Content-Length: abc` for 0 and `-5` for
// 2^64-5, and reads a POST without a length until the client closes. The guard answers those with
// one status (400, 413, 414, 431) instead: it finds where the head ends and checks the bounds and
// the body framing, nothing more; cpp-httplib parses what passes.
#include <cstddef>
#include <string>
#include <string_view>

namespace sluice {

struct RequestLimits {
  size_t max_request_line = 8 * 1024;   // 414 beyond
  size_t max_header_bytes = 64 * 1024;  // all header lines together; 431 beyond
  size_t max_headers = 100;             // 431 beyond
  size_t max_body_bytes = 16 << 20;     // 413 beyond, declared or chunked
};

struct HeadCheck {
  enum class State { kNeedMore, kComplete, kError } state = State::kNeedMore;
  size_t blank_prefix = 0;  // CRLFs before the request line (allowed between requests): skip them
  size_t head_bytes = 0;  // kComplete: the head's length after the prefix, final CRLFCRLF included
  bool has_body = false;  // kComplete: a Content-Length above 0 or a chunked body follows
  int status = 0;         // kError
  std::string message;    // kError: one sentence for the client
};

class RequestHeadGuard {
 public:
  explicit RequestHeadGuard(RequestLimits limits = {}) : limits_(limits) {}
  // `buffered` holds what has arrived of this request so far (it only grows between calls until
  // reset()).
  HeadCheck check(std::string_view buffered);
  // For the next request on the connection.
  void reset() { scanned_ = 0; }

 private:
  HeadCheck framing(std::string_view head, HeadCheck done) const;

  RequestLimits limits_;
  size_t scanned_ = 0;  // where the search for the end of the head resumes
};

}  // namespace sluice
