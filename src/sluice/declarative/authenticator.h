#pragma once
// `auth:` of a YAML source: which of the engine's authentication schemes (src/sluice/http/auth.h)
// decorates every request, with its settings as templates over the configuration.
#include <memory>

#include "sluice/declarative/build_context.h"
#include "sluice/http/auth.h"

namespace sluice::declarative {

struct AuthDefinition {
  enum class Type { kNone, kApiKeyHeader, kApiKeyQuery, kBearer, kBasic, kOAuthClientCredentials };
  Type type = Type::kNone;
  Template name;  // the header or query parameter of an API key
  Template key;   // API key or bearer token
  Template username, password;
  Template token_url, client_id, client_secret, scope;
  int64_t refresh_margin_seconds = 60;
};

AuthDefinition read_auth(const YAML::Node& node, const BuildContext& context);

// The authenticator for one configuration (secrets are registered with the redactor by the
// schemes themselves).
std::unique_ptr<Authenticator> make_authenticator(const AuthDefinition& auth, const Config& config,
                                                  const ClientOptions& client);

}  // namespace sluice::declarative
