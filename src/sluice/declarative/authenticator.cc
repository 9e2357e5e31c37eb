#include "sluice/declarative/authenticator.h"

#include <map>

namespace sluice::declarative {
namespace {

using Type = AuthDefinition::Type;
const std::map<std::string, Type> kTypes = {
    {"none", Type::kNone},
    {"api_key_header", Type::kApiKeyHeader},
    {"api_key_query", Type::kApiKeyQuery},
    {"bearer", Type::kBearer},
    {"basic", Type::kBasic},
    {"oauth2_client_credentials", Type::kOAuthClientCredentials}};

}  // namespace

AuthDefinition read_auth(const YAML::Node& node, const BuildContext& c) {
  AuthDefinition a;
  if (!node.IsDefined()) return a;
  YamlObject o(node, c.diagnostics, "`auth`");
  if (!o.ok()) return a;
  std::string type = o.text("type", true).value_or("none");
  auto it = kTypes.find(type);
  if (it == kTypes.end()) {
    c.diagnostics.error(o.node("type").Mark(),
                        "`auth` has type \"" + type +
                            "\"; the types are none, api_key_header, "
                            "api_key_query, bearer, basic and oauth2_client_credentials.");
  } else {
    a.type = it->second;
  }
  switch (a.type) {
    case Type::kApiKeyHeader:
      a.name = c.templ(o, "header", true);
      a.key = c.templ(o, "key", true);
      break;
    case Type::kApiKeyQuery:
      a.name = c.templ(o, "param", true);
      a.key = c.templ(o, "key", true);
      break;
    case Type::kBearer:
      a.key = c.templ(o, "token", true);
      break;
    case Type::kBasic:
      a.username = c.templ(o, "username", true);
      a.password = c.templ(o, "password");
      break;
    case Type::kOAuthClientCredentials:
      a.token_url = c.templ(o, "token_url", true);
      a.client_id = c.templ(o, "client_id", true);
      a.client_secret = c.templ(o, "client_secret", true);
      a.scope = c.templ(o, "scope");
      a.refresh_margin_seconds = o.integer("refresh_margin_seconds").value_or(60);
      break;
    case Type::kNone:
      break;
  }
  o.finish();
  return a;
}

std::unique_ptr<Authenticator> make_authenticator(const AuthDefinition& a, const Config& config,
                                                  const ClientOptions& client) {
  TemplateValues v{.config = &config};
  switch (a.type) {
    case Type::kApiKeyHeader:
      return api_key_header_auth(a.name.render(v), a.key.render(v));
    case Type::kApiKeyQuery:
      return api_key_query_auth(a.name.render(v), a.key.render(v));
    case Type::kBearer:
      return bearer_auth(a.key.render(v));
    case Type::kBasic:
      return basic_auth(a.username.render(v), a.password.render(v));
    case Type::kOAuthClientCredentials:
      return oauth_client_credentials(
          {a.token_url.render(v), a.client_id.render(v), a.client_secret.render(v),
           a.scope.render(v), a.refresh_margin_seconds},
          client);
    case Type::kNone:
      break;
  }
  return nullptr;
}

}  // namespace sluice::declarative
