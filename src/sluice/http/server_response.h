#pragma once
// What a handler of HttpServer answers.
#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/http/request.h"

namespace sluice {

struct ServerResponse {
  int status = 200;
  Params headers;
  std::string body;
  // Faults a sandbox may ask for: wait before answering; send only this many body bytes (the
  // headers promise them all) and drop the connection.
  int64_t delay_ms = 0;
  int64_t cut_after_bytes = -1;
  static ServerResponse json(int status, std::string body);
  // {"error": message}, for the answers the server gives itself (400, 413, 503, ...).
  static ServerResponse error(int status, std::string_view message);
};

// The whole answer for an error the server gives before cpp-httplib has a request (a head past
// the bounds, no room for the connection): status line, headers, JSON body; the connection closes.
std::string error_answer(int status, std::string_view message);

std::string gzip_compress(std::string_view data);

}  // namespace sluice
