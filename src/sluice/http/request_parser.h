#pragma once
// An incremental HTTP/1.1 request parser with bounds: bytes go in as they arrive, complete requests
// come out, and a request that breaks a bound or the grammar becomes one status (400, 413, 414,
// 431) instead of an exception or unbounded memory. The server feeds it; the fuzzer too.
#include <cstddef>
#include <string>
#include <string_view>

#include "sluice/http/request.h"

namespace sluice {

struct ServerRequest {
  std::string method;
  std::string path;
  Params query;    // decoded, in order (repeated names allowed, e.g. form_uuids[])
  Params headers;  // names lower case
  std::string body;
  bool keep_alive = true;  // HTTP/1.1 unless `Connection: close`; HTTP/1.0 only when asked

  std::string param(std::string_view name, std::string fallback = {}) const;
  bool has_param(std::string_view name) const;
  const std::string* header(std::string_view lower_name) const;
};

struct RequestLimits {
  size_t max_request_line = 8 * 1024;   // 414 beyond
  size_t max_header_bytes = 64 * 1024;  // all header lines together; 431 beyond
  size_t max_headers = 100;             // 431 beyond
  size_t max_body_bytes = 16 << 20;     // 413 beyond, declared or chunked
};

class RequestParser {
 public:
  enum class State { kNeedMore, kDone, kError };

  explicit RequestParser(RequestLimits limits = {}) : limits_(limits) {}

  // Adds bytes read from the connection and parses as far as they go.
  State feed(std::string_view bytes);
  // Parses what is already buffered (the bytes after a request just taken may hold the next).
  State parse();
  // The request parse() reported kDone; the parser then starts on the next one.
  ServerRequest take();

  // True once after a head with `Expect: 100-continue` whose body has not started: the client
  // waits for `100 Continue` before sending it.
  bool take_continue();

  int error_status() const { return error_status_; }
  const std::string& error_message() const { return error_message_; }
  // Bytes of an unfinished request are buffered (a request is under way, not an idle connection).
  bool mid_request() const { return !buffer_.empty(); }
  // Memory held for the request under way.
  size_t buffered() const { return buffer_.size() + request_.body.size(); }

 private:
  enum class Phase { kHead, kBody, kChunkSize, kChunkData, kTrailer, kDone };

  State fail(int status, std::string message);
  State parse_head(std::string_view head);
  State parse_header_line(std::string_view line);
  State parse_chunks();

  RequestLimits limits_;
  std::string buffer_;
  size_t pos_ = 0;      // bytes of buffer_ consumed by the current request so far
  size_t scanned_ = 0;  // where the search for the end of the head resumes
  Phase phase_ = Phase::kHead;
  size_t body_left_ = 0;  // Content-Length bytes or the current chunk's bytes still to come
  bool chunked_ = false;
  bool has_length_ = false;
  bool expects_continue_ = false;
  size_t trailer_bytes_ = 0;
  ServerRequest request_;
  int error_status_ = 0;
  std::string error_message_;
};

}  // namespace sluice
