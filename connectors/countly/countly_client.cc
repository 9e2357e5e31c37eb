#include "connectors/countly/countly_client.h"

#include "sluice/core/error.h"

namespace sluice::countly {
namespace {

RetryOptions retry_options(const Config& c) {
  RetryOptions o;
  o.max_attempts = 1 + static_cast<int>(c.value("retry_attempts", 3));
  return o;
}

}  // namespace

CountlyClient::CountlyClient(const Config& config)
    : base_url_(config.at("base_url").get<std::string>()),
      app_id_(config.at("app_id").get<std::string>()),
      requester_("Countly", api_key_query_auth("api_key", config.at("api_key").get<std::string>()),
                 ClientOptions{.timeout_seconds = config.value("request_timeout_seconds", 30)},
                 retry_options(config)) {}

simdjson::dom::element CountlyClient::get(const std::string& path, Params query,
                                          simdjson::dom::parser& parser) {
  Request r;
  r.url = join_url(base_url_, path);
  r.query = std::move(query);
  try {
    return requester_.send_json(std::move(r), parser);
  } catch (const HttpStatusError& e) {
    const std::string& text = e.api_message();
    if (text == "User does not exist" || text == "Token not valid" ||
        text.find("Missing parameter \"api_key\"") == 0)
      throw Error(ErrorKind::kAuth,
                  "Countly refused the api_key (HTTP " + std::to_string(e.status()) + ": \"" +
                      text +
                      "\"); copy it again from the Countly dashboard (Management > Users, or your "
                      "account's API key).");
    if (text == "App does not exist" || text.find("app_id") != std::string::npos)
      throw Error(ErrorKind::kConfig, "Countly does not know app_id " + app_id_ + " (HTTP " +
                                          std::to_string(e.status()) + ": \"" + text +
                                          "\"); copy the app's id from Management > Applications.");
    if (text == "User does not have right" || text == "User is locked")
      throw Error(ErrorKind::kAuth,
                  "Countly answered \"" + text + "\" (HTTP " + std::to_string(e.status()) +
                      "); the key's user needs read access to app " + app_id_ + ".");
    throw;
  }
}

Value unix_seconds(simdjson::dom::element e) {
  int64_t s;
  if (!e.get(s)) return Value::timestamp(s * 1000000);
  double d;
  if (!e.get(d)) return Value::timestamp(static_cast<int64_t>(d * 1e6));
  std::string_view text;
  if (!e.get(text) && !text.empty()) {
    try {
      return Value::timestamp(std::stoll(std::string(text)) * 1000000);
    } catch (...) {
    }
  }
  return Value::null();
}

}  // namespace sluice::countly
