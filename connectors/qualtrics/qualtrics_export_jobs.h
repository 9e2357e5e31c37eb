#pragma once
// The sandbox's response-export jobs: created by a POST (every call a new job), finished after a
// number of polls, failed when told to, and served as a ZIP split into several files when the
// export is larger than a file may hold. Continuation tokens mark how far an export reached.
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "connectors/qualtrics/qualtrics_data.h"
#include "sluice/http/http_server.h"

namespace sluice::qualtrics {

struct ExportSettings {
  int polls_needed = 3;         // progress polls before a job completes
  int fail_first = 0;           // this many jobs end `failed`
  int64_t file_rows = 1000000;  // responses per file inside the ZIP
  bool reject_tokens = false;   // every continuation token is refused (as when one expired)
};

struct ExportStats {
  int64_t created = 0, polls = 0, rows_served = 0;
};

class ExportJobs {
 public:
  ExportJobs(QualtricsData& data, ExportSettings settings) : data_(data), settings_(settings) {}
  ServerResponse create(int survey, const std::string& body);
  ServerResponse progress(int survey, const std::string& progress_id);
  ServerResponse file(int survey, const std::string& file_id);
  ExportStats stats() const;
  // Late data (fault kind `late`): recorded responses not yet exportable, as after Qualtrics'
  // indexing lag. `hold_late` hides the eight newest of the first survey below its newest; each
  // `arrive_late` makes the newest hidden one exportable. An export skips hidden responses, and
  // its continuation token points no further than the first one it skipped.
  void hold_late();
  bool arrive_late();

 private:
  struct Job {
    int survey;
    int64_t from, to;  // response indices [from, to)
    std::string format;
    bool compress;
    bool continuation;
    bool fail;
    int polls = 0;
    std::string file_id;
    std::vector<int64_t> skipped;  // hidden when the export was created, ascending
  };
  std::string token_for(int survey, int64_t index) const;
  std::string file_name(const Job& job, int part, int parts) const;

  QualtricsData& data_;
  ExportSettings settings_;
  mutable std::mutex mutex_;
  std::map<std::string, Job> jobs_;  // by progress id
  std::set<int64_t> hidden_;         // response indices of survey 0 not yet exportable
  ExportStats stats_;
};

}  // namespace sluice::qualtrics
