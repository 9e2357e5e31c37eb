#include "connectors/qualtrics/qualtrics_client.h"

#include "sluice/core/error.h"
#include "sluice/core/log.h"

namespace sluice::qualtrics {
namespace {

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_export(const Request& r) {
  return url_path(r.url).find("/export-responses") != std::string::npos;
}

std::shared_ptr<RateBudget> make_budget(const Config& c) {
  auto b = std::make_shared<RateBudget>();
  b->add_limit("overall", c.value("rate_limit_per_minute", 3000),
               [](const Request&) { return true; });
  const double exports = c.value("export_rate_limit_per_minute", 100);
  b->add_limit("export create", exports,
               [](const Request& r) { return r.method == "POST" && is_export(r); });
  b->add_limit("export file", exports, [](const Request& r) {
    return r.method == "GET" && is_export(r) && ends_with(url_path(r.url), "/file");
  });
  b->add_limit("export progress", 1000, [](const Request& r) {
    return r.method == "GET" && is_export(r) && !ends_with(url_path(r.url), "/file");
  });
  b->add_limit("distributions", 300, [](const Request& r) {
    return url_path(r.url).find("/distributions") != std::string::npos;
  });
  return b;
}

}  // namespace

std::string qualtrics_base_url(const Config& c) {
  if (c.contains("base_url") && c["base_url"].is_string()) return c["base_url"].get<std::string>();
  const std::string dc = c.at("datacenter_id").get<std::string>();
  if (dc.empty() ||
      dc.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    throw Error(ErrorKind::kConfig, "`datacenter_id` \"" + dc +
                                        "\" is not a datacenter id; copy it from your Qualtrics "
                                        "URL (https://<datacenter_id>.qualtrics.com), e.g. fra1.");
  return "https://" + dc + ".qualtrics.com/API/v3";
}

QualtricsClient::QualtricsClient(const Config& config)
    : base_url_(qualtrics_base_url(config)),
      datacenter_(config.value("datacenter_id", std::string())),
      budget_(make_budget(config)),
      requester_(
          "Qualtrics",
          api_key_header_auth("X-API-TOKEN", config.at("api_token").get<std::string>()),
          ClientOptions{.timeout_seconds = config.value("request_timeout_seconds", 60)},
          RetryOptions{.max_attempts = 1 + static_cast<int>(config.value("retry_attempts", 5))}) {
  requester_.set_rate_budget(budget_);
}

void QualtricsClient::explain(const HttpStatusError& e, const std::string& where) const {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view code, request_id;
  if (!parser.parse(e.body()).get(doc)) {
    std::ignore = doc.at_pointer("/meta/error/errorCode").get(code);
    std::ignore = doc.at_pointer("/meta/requestId").get(request_id);
  }
  std::string detail = "HTTP " + std::to_string(e.status());
  if (!code.empty()) detail += ", " + std::string(code);
  if (!request_id.empty()) detail += ", request " + std::string(request_id);
  const std::string said = "\"" + e.api_message() + "\"";
  if (code == "ATP_2")
    throw Error(ErrorKind::kAuth, "Qualtrics received no API token (" + detail +
                                      "); set api_token in the configuration.");
  if (e.status() == 401 || code == "DCD_7")
    throw Error(ErrorKind::kAuth,
                "Qualtrics refused the api_token (" + detail + ": " + said +
                    "); generate a token under Account Settings > Qualtrics IDs and check that "
                    "datacenter_id \"" +
                    datacenter_ + "\" is your account's datacenter.");
  // 403 and 404 keep their status: an account without XM Directory answers so, and is skipped.
  if (e.status() == 403)
    throw HttpStatusError(ErrorKind::kAuth, 403, e.api_message(),
                          "Qualtrics denied " + where + " (" + detail + ": " + said +
                              "); the token's user needs access to it.",
                          e.body());
  if (e.status() == 404)
    throw HttpStatusError(ErrorKind::kNotFound, 404, e.api_message(),
                          "Qualtrics has nothing at " + where + " (" + detail + ": " + said +
                              "); check the surveyId, directoryId and mailingListId in `tables`.",
                          e.body());
  throw HttpStatusError(e.kind(), e.status(), e.api_message(),
                        "Qualtrics answered " + where + " with " + detail + ": " + said +
                            (e.status() >= 500 || e.status() == 429
                                 ? "; it kept failing after retries, try again later."
                                 : "; the request was refused, check the table options."),
                        e.body());
}

simdjson::dom::element QualtricsClient::send(Request request, simdjson::dom::parser& parser) {
  const std::string where = request.method + " " + url_path(request.url);
  simdjson::dom::element doc;
  try {
    doc = requester_.send_json(std::move(request), parser);
  } catch (const HttpStatusError& e) {
    explain(e, where);
  }
  std::string_view notice;
  if (!doc.at_pointer("/meta/notice").get(notice) && !notice_logged_.exchange(true)) {
    log_warning("Qualtrics: " + std::string(notice) + " (set datacenter_id to the host it names)");
  }
  simdjson::dom::element result;
  if (doc["result"].get(result))
    throw Error(ErrorKind::kApi, "Qualtrics answered " + where +
                                     " without a `result`; check base_url points at /API/v3.");
  return result;
}

simdjson::dom::element QualtricsClient::get(const std::string& path_or_url, Params query,
                                            simdjson::dom::parser& parser) {
  Request r;
  r.url = path_or_url.rfind("http", 0) == 0 ? path_or_url : join_url(base_url_, path_or_url);
  r.query = std::move(query);
  return send(std::move(r), parser);
}

simdjson::dom::element QualtricsClient::post(const std::string& path, const std::string& json_body,
                                             simdjson::dom::parser& parser) {
  Request r;
  r.method = "POST";
  r.url = join_url(base_url_, path);
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json_body;
  return send(std::move(r), parser);
}

namespace {

// Where a URL's path begins (after scheme://host[:port]); npos when it is not absolute.
size_t path_start(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return std::string::npos;
  const size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? url.size() : slash;
}

// A saved nextPage URL names the host that gave it; a later run asks the configured one (the
// base_url changed, a proxy, a sandbox on another port), with the path and the skipToken exactly
// as saved, never re-encoded.
std::string on_configured_host(const std::string& saved, const std::string& base) {
  const size_t path = path_start(saved), base_path = path_start(base);
  if (path == std::string::npos || base_path == std::string::npos) return saved;
  return base.substr(0, base_path) + saved.substr(path);
}

}  // namespace

void QualtricsClient::for_each(const std::string& path, Params query,
                               const std::function<void(simdjson::dom::object)>& on_element,
                               const std::function<void(const std::string& next)>& on_page) {
  simdjson::dom::parser parser;
  // A saved nextPage URL (a resumed read) goes to the configured host.
  std::string url = path.rfind("http", 0) == 0 ? on_configured_host(path, base_url_)
                                               : join_url(base_url_, path),
              previous;
  for (;;) {
    simdjson::dom::element result = get(url, std::move(query), parser);
    query.clear();  // nextPage carries its own query, verbatim
    simdjson::dom::array elements;
    if (result["elements"].get(elements))
      throw Error(ErrorKind::kApi, "Qualtrics answered " + path + " without `result.elements`.");
    for (simdjson::dom::element e : elements) {
      simdjson::dom::object o;
      if (!e.get(o)) on_element(o);
    }
    std::string_view next;
    if (result["nextPage"].get(next) || next.empty()) {  // null or absent: the last page
      if (on_page) on_page("");
      return;
    }
    if (on_page) on_page(std::string(next));
    if (next == previous)
      throw Error(ErrorKind::kApi, "Qualtrics returned the same nextPage twice for " + path +
                                       "; stopping instead of looping. Try again later.");
    previous = url = std::string(next);
  }
}

void QualtricsClient::download(const std::string& path, const std::string& file) {
  Request r;
  r.url = join_url(base_url_, path);
  r.download_to = file;
  try {
    requester_.send(std::move(r));
  } catch (const HttpStatusError& e) {
    explain(e, "GET " + path);
  }
}

}  // namespace sluice::qualtrics
