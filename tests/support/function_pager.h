#pragma once
// Fivetran's side of the function protocol, for tests: `sluice serve function` as a child process
// on loopback, and a first sync paged through it (POST {state, secrets}, carry the answer's
// state, call again while hasMore), with what every call sent kept for comparison.
#include <sys/types.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sluice::testing {

// `sluice serve function --connector <c> --port 0 [--max-response-bytes N]`, stopped with SIGTERM
// when this goes.
class ServedFunction {
 public:
  ServedFunction(const std::string& connector, const std::string& workdir, size_t max_bytes = 0);
  ~ServedFunction();
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

struct PagedSync {
  int calls = 0;
  bool finished = false;  // the last answer said hasMore false
  std::string failure;    // a call that did not answer 200, or a state that did not move
  size_t bytes = 0, largest = 0, rows = 0;
  std::map<std::string, std::vector<std::string>> keys;  // each table's primary key
  // The rows of every answer folded by primary key, later columns over earlier ones.
  std::map<std::string, std::map<std::string, nlohmann::json>> tables;
  // Rows sent in more than one answer, or twice in one: "table row-json", once each.
  std::vector<std::string> repeated;
  // Operations sent for a key already sent earlier (an update repeating its person, say).
  std::map<std::string, int64_t> keys_again;
  // How many answers named each table in `softDelete`.
  std::map<std::string, int> soft_deleted;
  nlohmann::json state;  // the last answer's
};

// Pages a sync from `state` (empty: a first sync) until hasMore is false, at most `max_calls`
// calls, each carrying `sync_id` when it is not empty.
PagedSync page_function(const std::string& url, const nlohmann::json& secrets, int max_calls,
                        nlohmann::json state = nlohmann::json::object(),
                        const std::string& sync_id = "");

// Where the paged rows differ from the warehouse `sluice sync` wrote (DuckDB at `path`): keys
// missing on either side, and every column the answers carried that holds another value. Empty
// when they agree.
std::vector<std::string> differences(const PagedSync& paged, const std::string& path);

}  // namespace sluice::testing
