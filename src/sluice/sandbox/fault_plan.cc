#include "sluice/sandbox/fault_plan.h"

#include <optional>
#include <set>
#include <stdexcept>

namespace sluice {
namespace {

const std::set<std::string> kKinds = {"429",       "429-none", "429-zero", "500",   "502",
                                      "503",       "504",      "slow",     "reset", "truncate",
                                      "malformed", "html",     "stall",    "grow",  "late"};

bool is_data_fault(const std::string& kind) {
  return kind == "grow" || kind == "late";
}

// Requests every, every+1, …, every+burst-1 of each cycle of length every+burst-1.
bool due(int64_t n, int64_t every, int64_t burst) {
  const int64_t cycle = every + burst - 1;
  return (n - 1) % cycle + 1 >= every;
}

// The query parameters by which the sandboxed APIs page.
const std::set<std::string> kPagingParams = {"page",   "page_cursor",  "skipToken",
                                             "offset", "cursor",       "iDisplayStart",
                                             "skip",   "nextPageToken"};

// The whole query, and whether it names a paging parameter (a next page does; a first page may
// not).
std::pair<std::string, bool> paging_query(const ServerRequest& request) {
  std::string q;
  bool paged = false;
  for (const auto& [k, v] : request.query) {
    paged |= kPagingParams.count(k) > 0;
    q += k + "=" + v + "&";
  }
  return {q, paged};
}

int64_t number(std::string_view s, std::string_view item) {
  try {
    size_t used = 0;
    int64_t v = std::stoll(std::string(s), &used);
    if (used == s.size() && v > 0) return v;
  } catch (...) {
  }
  throw std::invalid_argument("fault \"" + std::string(item) +
                              "\" needs a positive number, not \"" + std::string(s) + "\"");
}

}  // namespace

FaultPlan FaultPlan::parse(std::string_view text) {
  FaultPlan plan;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    std::string_view item =
        text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    start = comma == std::string_view::npos ? text.size() : comma + 1;
    if (item.empty()) continue;
    size_t at = item.find('@');
    if (at == std::string_view::npos)
      throw std::invalid_argument("fault \"" + std::string(item) + "\" needs @every, e.g. 503@10");
    Rule r;
    r.kind = std::string(item.substr(0, at));
    if (!kKinds.count(r.kind)) throw std::invalid_argument("unknown fault \"" + r.kind + "\"");
    std::string_view rest = item.substr(at + 1);
    if (size_t colon = rest.find(':'); colon != std::string_view::npos) {
      r.ms = number(rest.substr(colon + 1), item);
      rest = rest.substr(0, colon);
    }
    if (size_t x = rest.find('x'); x != std::string_view::npos) {
      r.burst = number(rest.substr(x + 1), item);
      rest = rest.substr(0, x);
    }
    r.every = number(rest, item);
    plan.rules_.push_back(r);
  }
  return plan;
}

ServerResponse FaultPlan::apply(int64_t n, const ServerRequest& request, ServerResponse normal) {
  const auto [query, paged] = paging_query(request);
  std::optional<ServerResponse> previous;
  if (request.method == "GET") {
    std::lock_guard lock(*mutex_);
    auto it = last_page_.find(request.path);
    if (paged && it != last_page_.end() && it->second.query != query)
      previous = it->second.response;
    if (normal.status == 200) last_page_[request.path] = {query, normal};
  }
  int64_t next_pages = 0;
  if (previous) {
    std::lock_guard lock(*mutex_);
    next_pages = ++next_pages_;
  }
  for (const Rule& r : rules_) {
    // Only a next page can stall; stalls count next pages, not requests.
    if (r.kind == "stall" && (!previous || next_pages % r.every != 0)) continue;
    if (is_data_fault(r.kind)) continue;
    if (!due(r.kind == "stall" ? r.every : n, r.every, r.burst)) continue;
    count(r.kind);
    if (r.kind.rfind("429", 0) == 0) {
      ServerResponse f = ServerResponse::json(429, "{\"error\":\"Too Many Requests\"}");
      if (r.kind == "429") f.headers.emplace_back("Retry-After", "1");
      if (r.kind == "429-zero") f.headers.emplace_back("Retry-After", "0");
      return f;
    }
    if (r.kind == "stall") return *previous;
    if (r.kind == "slow") {
      normal.delay_ms = r.ms;
      return normal;
    }
    if (r.kind == "reset") {
      normal.cut_after_bytes = static_cast<int64_t>(normal.body.size() / 2);
      return normal;
    }
    if (r.kind == "truncate") {
      normal.status = 200;
      normal.body.resize(normal.body.size() / 2);
      return normal;
    }
    if (r.kind == "malformed")
      return ServerResponse::json(200, "{\"data\": [1, 2, ,]} <<not json>>");
    if (r.kind == "html") {
      ServerResponse f;
      f.headers.emplace_back("Content-Type", "text/html");
      f.body = "<html><body><h1>502 Bad Gateway</h1>The upstream server is busy.</body></html>";
      return f;
    }
    return ServerResponse::json(std::stoi(r.kind), "{\"error\":\"injected " + r.kind + "\"}");
  }
  return normal;
}

bool FaultPlan::has(std::string_view kind) const {
  for (const Rule& r : rules_)
    if (r.kind == kind) return true;
  return false;
}

std::vector<std::string> FaultPlan::data_faults(int64_t n) const {
  std::vector<std::string> out;
  for (const Rule& r : rules_)
    if (is_data_fault(r.kind) && due(n, r.every, r.burst)) out.push_back(r.kind);
  return out;
}

void FaultPlan::count(const std::string& kind) {
  std::lock_guard lock(*mutex_);
  ++injected_[kind];
}

std::map<std::string, int64_t> FaultPlan::injected() const {
  std::lock_guard lock(*mutex_);
  return injected_;
}

}  // namespace sluice
