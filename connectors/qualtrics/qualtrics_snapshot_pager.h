#pragma once
// A snapshot table read parent by parent (a directory, a mailing list, or the brand) and page by
// page, checkpointing its position after each page: {"parent": key, "next_page": URL}. A resumed
// read (a crash restart, the next call of a paged protocol) skips the parents before the saved one
// and goes on at its saved nextPage URL, exactly as the server gave it. Only a read that began at
// the start soft-deletes what it did not see: a resumed one cannot tell what it missed earlier,
// so deletions wait for the next whole read. A finished read saves {"done": true}.
#include <functional>
#include <string>
#include <vector>

#include "connectors/qualtrics/qualtrics_client.h"
#include "sluice/sdk/stream.h"

namespace sluice::qualtrics {

class SnapshotPager {
 public:
  // `tables` are the snapshot tables the read fills; a whole read announces them at once
  // (Emitter::snapshot_begins) and truncates them at the end.
  SnapshotPager(StreamContext& ctx, QualtricsClient& client, std::vector<std::string> tables);
  // The parents the read goes through, before the first read(): a position saved under a parent
  // no longer listed (a list or directory deleted since) starts the read over as a whole one;
  // without this every parent would be skipped looking for it and nothing read.
  void expect_parents(const std::vector<std::string>& parents);
  // Every element of `path` under `parent`, unless a resumed read is past that parent.
  void read(const std::string& parent, const std::string& path, Params query,
            const std::function<void(simdjson::dom::object)>& on_element);
  // After every parent: soft-deletes the unseen rows of `tables` (when whole) and saves done.
  void finish();

 private:
  StreamContext& ctx_;
  QualtricsClient& client_;
  std::vector<std::string> tables_;
  std::string resume_parent_, resume_url_;  // the saved position ("" is the parent of a flat list)
  bool resuming_ = false;                   // until the saved parent is reached
  bool whole_ = true;
};

}  // namespace sluice::qualtrics
