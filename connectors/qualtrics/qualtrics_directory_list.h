#pragma once
// Discovery of XM directories and their mailing lists, once per sync, so no id has to be pasted
// into the configuration. An account without XM Directory (GET /directories answers 403 or 404)
// has none: the directory tables are skipped with one log line and the rest of the sync goes on.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/qualtrics/qualtrics_client.h"
#include "connectors/qualtrics/qualtrics_options.h"
#include "sluice/core/value.h"

namespace sluice::qualtrics {

class DirectoryList {
 public:
  explicit DirectoryList(QualtricsClient& client) : client_(client) {}
  // The directories `scope` selects (its id, or every one found); nullopt without XM Directory.
  std::optional<std::vector<std::string>> directories(const TableOptions::Scope& scope);
  // The mailing lists of one directory `scope` selects (its id, or every one found).
  std::vector<std::string> mailing_lists(const std::string& directory,
                                         const TableOptions::Scope& scope);

 private:
  QualtricsClient& client_;
  std::mutex mu_;  // streams read at once may all ask first
  bool listed_ = false;
  std::optional<std::vector<std::string>> every_;
  std::map<std::string, std::vector<std::string>> lists_;
};

// `key` of `o` as a timestamp: ISO text, or epoch milliseconds (a number or digits), as older
// XM Directory objects have them.
Value epoch_ms_or_iso(simdjson::dom::object o, std::string_view key);

}  // namespace sluice::qualtrics
