#pragma once
// A fault plan for any sandbox (`--faults`), so every connector meets the same trouble real APIs
// cause. The plan is a comma-separated list of `kind@every[xburst][:ms]`: the fault hits every
// `every`-th API request (admin calls are never faulted), `burst` requests in a row.
//   429        429 with Retry-After: 1      429-none   429 without Retry-After
//   429-zero   429 with Retry-After: 0      500 502 503 504   that status with an error body
//   slow       an answer delayed `ms` (default 3000), past a short client timeout
//   reset      the connection dropped halfway through the body
//   truncate   status 200 with the body cut in half (truncated JSON)
//   malformed  status 200 with a body that is not JSON
//   html       status 200 with an HTML error page, as a proxy sends
//   stall      a next page (same path, a paging parameter, another query) answered with the
//              previous page again: a cursor that does not advance, the same records twice
//              (`every` counts next pages, not requests)
//   grow       before the request is answered, a record newer than all others appears: the list
//              grows while it is read
//   late       before the request is answered, a record older than the newest arrives late
//              (inside the connector's default overlap window)
// `grow` and `late` change the sandbox's data (Sandbox::grow, Sandbox::arrive_late); a sandbox
// that cannot leaves them uncounted.
// Example: --faults "429-none@7,503@11x3,reset@13,html@17,truncate@19,slow@23:1500".
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/http/http_server.h"

namespace sluice {

class FaultPlan {
 public:
  // Throws std::invalid_argument with a sentence on a plan it cannot read.
  static FaultPlan parse(std::string_view text);
  // The response for API request number `n` (1-based) `request`: `normal` itself or the fault.
  ServerResponse apply(int64_t n, const ServerRequest& request, ServerResponse normal);
  bool empty() const { return rules_.empty(); }
  bool has(std::string_view kind) const;
  // The data faults (`grow`, `late`) due before API request number `n` is answered.
  std::vector<std::string> data_faults(int64_t n) const;
  void count(const std::string& kind);
  // Faults injected so far, by kind.
  std::map<std::string, int64_t> injected() const;

 private:
  struct Rule {
    std::string kind;
    int64_t every = 0;
    int64_t burst = 1;
    int64_t ms = 3000;
  };
  std::vector<Rule> rules_;
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();  // movable plan
  std::map<std::string, int64_t> injected_;
  struct Answered {
    std::string query;
    ServerResponse response;
  };
  std::map<std::string, Answered> last_page_;  // by path: the last paged request answered 200
  int64_t next_pages_ = 0;
};

}  // namespace sluice
