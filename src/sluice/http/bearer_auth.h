#pragma once
// A shared secret in front of a handler: requests without `Authorization: Bearer <token>` get 401
// and never reach it. The token is compared in constant time and never logged.
#include <string>

#include "sluice/http/http_server.h"

namespace sluice {

// The token from a file (first line, surrounding whitespace dropped); a clear error when the
// file is missing or holds no token.
std::string read_token_file(const std::string& path);

Handler require_bearer(std::string token, Handler inner);

}  // namespace sluice
