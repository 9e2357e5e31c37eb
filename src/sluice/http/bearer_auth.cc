#include "sluice/http/bearer_auth.h"

#include <fstream>

#include "sluice/core/error.h"

namespace sluice {
namespace {

bool equal_constant_time(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t k = 0; k < a.size(); ++k)
    diff |= static_cast<unsigned char>(a[k] ^ (k < b.size() ? b[k] : 0));
  return diff == 0;
}

}  // namespace

std::string read_token_file(const std::string& path) {
  std::ifstream in(path);
  std::string token;
  if (!in || !std::getline(in, token))
    throw Error(ErrorKind::kUsage, "The auth token file " + path + " could not be read.");
  auto first = token.find_first_not_of(" \t\r");
  auto last = token.find_last_not_of(" \t\r");
  token = first == std::string::npos ? "" : token.substr(first, last - first + 1);
  if (token.size() < 16)
    throw Error(ErrorKind::kUsage, "The auth token file " + path +
                                       " must hold a token of at least 16 characters on its "
                                       "first line.");
  return token;
}

Handler require_bearer(std::string token, Handler inner) {
  return [expected = "Bearer " + token, inner = std::move(inner)](const ServerRequest& request) {
    const std::string* given = request.header("authorization");
    if (!given || !equal_constant_time(*given, expected)) {
      ServerResponse denied =
          ServerResponse::error(401, "This server needs `Authorization: Bearer <token>`.");
      denied.headers.emplace_back("WWW-Authenticate", "Bearer");
      return denied;
    }
    return inner(request);
  };
}

}  // namespace sluice
