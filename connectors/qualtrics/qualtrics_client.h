#pragma once
// Qualtrics' HTTP side: the X-API-TOKEN header, the datacenter's base URL, a request budget per
// endpoint (3,000/min overall; export creation and file download 100/min; progress 1,000/min;
// distributions 300/min), the `result` envelope unwrapped, `nextPage` followed verbatim, and
// error bodies turned into sentences that name the errorCode and the requestId.
#include <simdjson.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "sluice/http/rate_budget.h"
#include "sluice/http/requester.h"
#include "sluice/sdk/spec.h"

namespace sluice::qualtrics {

class QualtricsClient {
 public:
  explicit QualtricsClient(const Config& config);
  // GET base_url + path (or a full URL); the envelope's `result`.
  simdjson::dom::element get(const std::string& path_or_url, Params query,
                             simdjson::dom::parser& parser);
  simdjson::dom::element post(const std::string& path, const std::string& json_body,
                              simdjson::dom::parser& parser);
  // Every element of a list, page after page, following `nextPage` exactly as given; `path` may
  // be a saved nextPage URL. After each page `on_page` gets the next page's URL ("" at the end).
  void for_each(const std::string& path, Params query,
                const std::function<void(simdjson::dom::object)>& on_element,
                const std::function<void(const std::string& next)>& on_page = {});
  // GET base_url + path into `file` (retried like any request; the file is rewritten each try).
  void download(const std::string& path, const std::string& file);

  int64_t requests_sent() const { return requester_.requests_sent(); }
  int64_t throttled() const { return requester_.throttled(); }
  const std::string& base_url() const { return base_url_; }

 private:
  simdjson::dom::element send(Request request, simdjson::dom::parser& parser);
  [[noreturn]] void explain(const HttpStatusError& e, const std::string& where) const;

  std::string base_url_;
  std::string datacenter_;
  std::shared_ptr<RateBudget> budget_;
  Requester requester_;
  std::atomic<bool> notice_logged_{false};
};

// "https://fra1.qualtrics.com/API/v3" for datacenter "fra1"; base_url wins when given.
std::string qualtrics_base_url(const Config& config);

}  // namespace sluice::qualtrics
