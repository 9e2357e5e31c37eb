// Fuzz target: any bytes as what a client sends the HTTP server, fed in pieces whose sizes come
// from the input. The parser must end in a request, a wait for more, or one of its statuses,
// and never hold more than its bounds allow.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sluice/http/request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  sluice::RequestLimits limits;
  limits.max_request_line = 256;
  limits.max_header_bytes = 1024;
  limits.max_headers = 16;
  limits.max_body_bytes = 4096;
  sluice::RequestParser parser(limits);
  const size_t step = 1 + data[0] % 64;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  while (!rest.empty()) {
    auto state = parser.feed(rest.substr(0, step));
    rest.remove_prefix(std::min(step, rest.size()));
    while (state == sluice::RequestParser::State::kDone) {
      sluice::ServerRequest request = parser.take();
      if (request.body.size() > limits.max_body_bytes) __builtin_trap();
      if (request.headers.size() > limits.max_headers) __builtin_trap();
      state = parser.parse();
    }
    if (state == sluice::RequestParser::State::kError) {
      int s = parser.error_status();
      if (s != 400 && s != 413 && s != 414 && s != 431) __builtin_trap();
      return 0;
    }
    // What an unfinished request holds stays within its bounds (plus one piece of framing).
    if (parser.buffered() >
        2 * limits.max_body_bytes + 64 * 1024 + limits.max_request_line + limits.max_header_bytes)
      __builtin_trap();
  }
  return 0;
}
