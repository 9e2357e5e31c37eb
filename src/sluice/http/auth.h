#pragma once
// Authentication schemes, each a small object that decorates a request. Every secret they hold is
// registered with the redactor when they are made.
#include <cstdint>
#include <memory>
#include <string>

#include "sluice/http/client.h"
#include "sluice/http/request.h"

namespace sluice {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual void apply(Request& request) = 0;
  // After a 401 to `sent`: may the request be tried once more (a token was re-minted, or another
  // thread's request already replaced the one `sent` carried)? Default: no.
  virtual bool refresh_after_unauthorized(const Request& sent) {
    (void)sent;
    return false;
  }
  // A request carrying the current credentials succeeded.
  virtual void on_success() {}
};

std::unique_ptr<Authenticator> bearer_auth(std::string token);
std::unique_ptr<Authenticator> api_key_header_auth(std::string header, std::string key);
std::unique_ptr<Authenticator> api_key_query_auth(std::string param, std::string key);
std::unique_ptr<Authenticator> basic_auth(std::string user, std::string password);

struct OAuthClientCredentials {
  std::string token_url;
  std::string client_id;
  std::string client_secret;
  std::string scope;
  int64_t refresh_margin_seconds = 60;  // re-mint this long before the token expires
};

// OAuth2 client credentials: mints a token, reuses it until near expiry, and re-mints at most once
// per 401 (a storm of re-mints is what token endpoints rate-limit).
std::unique_ptr<Authenticator> oauth_client_credentials(OAuthClientCredentials settings,
                                                        ClientOptions client_options = {});

std::string base64_encode(std::string_view in);

}  // namespace sluice
