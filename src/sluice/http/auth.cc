#include "sluice/http/auth.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "sluice/core/error.h"
#include "sluice/core/redact.h"
#include "sluice/http/retry_policy.h"

namespace sluice {
namespace {

class HeaderAuth : public Authenticator {
 public:
  HeaderAuth(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  void apply(Request& r) override { r.headers.emplace_back(name_, value_); }

 private:
  std::string name_, value_;
};

class QueryAuth : public Authenticator {
 public:
  QueryAuth(std::string param, std::string key) : param_(std::move(param)), key_(std::move(key)) {}
  void apply(Request& r) override { r.set_query(param_, key_); }

 private:
  std::string param_, key_;
};

int64_t steady_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class OAuthAuth : public Authenticator {
 public:
  OAuthAuth(OAuthClientCredentials s, ClientOptions o)
      : settings_(std::move(s)), client_(std::move(o)) {}

  void apply(Request& r) override {
    if (token_.empty() || steady_seconds() >= expires_at_ - margin_) mint();
    r.headers.emplace_back("Authorization", "Bearer " + token_);
  }

  // Once the token has worked, a later 401 (expiry, a newer token elsewhere) may re-mint once more.
  void on_success() override { fresh_ = false; }

  bool refresh_after_unauthorized(const Request& sent) override {
    // Sent with a token since replaced (requests run at once): try again with the new one.
    for (const auto& [name, value] : sent.headers)
      if (name == "Authorization" && value != "Bearer " + token_) return true;
    // One re-mint per token: a second 401 with a fresh token is a real refusal.
    if (fresh_) return false;
    mint();
    return true;
  }

 private:
  void mint() {
    Request req;
    req.method = "POST";
    req.url = settings_.token_url;
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    req.body = "grant_type=client_credentials&client_id=" + url_encode(settings_.client_id) +
               "&client_secret=" + url_encode(settings_.client_secret);
    if (!settings_.scope.empty()) req.body += "&scope=" + url_encode(settings_.scope);
    Response resp;
    TransportError err;
    // The token endpoint rate-limits re-minting: wait as told (or a second), a few times at most.
    for (int attempt = 1;; ++attempt) {
      if (!client_.perform(req, resp, err))
        throw Error(ErrorKind::kNetwork, "Could not reach the token endpoint " +
                                             settings_.token_url + " (" + err.message +
                                             "); check auth_url and the network.");
      if ((resp.status != 429 && resp.status < 500) || attempt == 4) break;
      int64_t wait_ms = 1000;
      if (const std::string* h = resp.header("retry-after"))
        wait_ms = parse_retry_after_ms(*h, std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count())
                      .value_or(1000);
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(wait_ms, 60000)));
    }
    if (resp.status == 401 || resp.status == 400 || resp.status == 403)
      throw Error(ErrorKind::kAuth, "The token endpoint refused the client credentials (HTTP " +
                                        std::to_string(resp.status) +
                                        "); check client_id and client_secret.");
    if (resp.status != 200)
      throw Error(ErrorKind::kApi, "The token endpoint answered HTTP " +
                                       std::to_string(resp.status) + "; try again later.");
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    std::string_view token;
    if (parser.parse(resp.body).get(doc) || doc["access_token"].get(token))
      throw Error(ErrorKind::kApi, "The token endpoint answered without an access_token.");
    int64_t expires_in = 3600;
    int64_t e;
    if (!doc["expires_in"].get(e)) expires_in = e;
    token_ = std::string(token);
    register_secret(token_);
    expires_at_ = steady_seconds() + expires_in;
    // Never refresh so early that a short-lived token is re-minted on every request.
    margin_ = std::min<int64_t>(settings_.refresh_margin_seconds, expires_in / 2);
    fresh_ = true;
  }

  OAuthClientCredentials settings_;
  HttpClient client_;
  std::string token_;
  int64_t expires_at_ = 0;
  int64_t margin_ = 0;
  bool fresh_ = false;
};

}  // namespace

std::string base64_encode(std::string_view in) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t k = 0;
  for (; k + 2 < in.size(); k += 3) {
    uint32_t n = (uint8_t(in[k]) << 16) | (uint8_t(in[k + 1]) << 8) | uint8_t(in[k + 2]);
    out += kTable[n >> 18];
    out += kTable[(n >> 12) & 63];
    out += kTable[(n >> 6) & 63];
    out += kTable[n & 63];
  }
  if (k < in.size()) {
    uint32_t n = uint8_t(in[k]) << 16;
    if (k + 1 < in.size()) n |= uint8_t(in[k + 1]) << 8;
    out += kTable[n >> 18];
    out += kTable[(n >> 12) & 63];
    out += k + 1 < in.size() ? kTable[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::unique_ptr<Authenticator> bearer_auth(std::string token) {
  register_secret(token);
  return std::make_unique<HeaderAuth>("Authorization", "Bearer " + token);
}

std::unique_ptr<Authenticator> api_key_header_auth(std::string header, std::string key) {
  register_secret(key);
  return std::make_unique<HeaderAuth>(std::move(header), std::move(key));
}

std::unique_ptr<Authenticator> api_key_query_auth(std::string param, std::string key) {
  register_secret(key);
  register_secret(url_encode(key));
  return std::make_unique<QueryAuth>(std::move(param), std::move(key));
}

std::unique_ptr<Authenticator> basic_auth(std::string user, std::string password) {
  register_secret(password);
  std::string encoded = base64_encode(user + ":" + password);
  register_secret(encoded);
  return std::make_unique<HeaderAuth>("Authorization", "Basic " + encoded);
}

std::unique_ptr<Authenticator> oauth_client_credentials(OAuthClientCredentials settings,
                                                        ClientOptions client_options) {
  register_secret(settings.client_secret);
  return std::make_unique<OAuthAuth>(std::move(settings), std::move(client_options));
}

}  // namespace sluice
