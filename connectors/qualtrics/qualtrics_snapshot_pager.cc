#include "connectors/qualtrics/qualtrics_snapshot_pager.h"

#include <algorithm>

namespace sluice::qualtrics {
SnapshotPager::SnapshotPager(StreamContext& ctx, QualtricsClient& client,
                             std::vector<std::string> tables)
    : ctx_(ctx), client_(client), tables_(std::move(tables)) {
  const nlohmann::json& saved = ctx.cursor();
  if (saved.is_object() && saved.value("parent", nlohmann::json()).is_string() &&
      saved.value("next_page", nlohmann::json()).is_string()) {
    resume_parent_ = saved["parent"].get<std::string>();
    resume_url_ = saved["next_page"].get<std::string>();
    resuming_ = true;
    whole_ = false;
  }
  if (whole_)
    for (const auto& t : tables_) ctx_.emit().snapshot_begins(t);
}

void SnapshotPager::expect_parents(const std::vector<std::string>& parents) {
  if (!resuming_ || std::find(parents.begin(), parents.end(), resume_parent_) != parents.end())
    return;
  // Read from the first parent on, every row is written again: deleting the rest is right.
  resuming_ = false;
  whole_ = true;
  for (const auto& t : tables_) ctx_.emit().snapshot_begins(t);
}

void SnapshotPager::read(const std::string& parent, const std::string& path, Params query,
                         const std::function<void(simdjson::dom::object)>& on_element) {
  std::string from = path;
  if (resuming_) {
    if (parent != resume_parent_) return;  // read before the saved position
    from = resume_url_;
    query.clear();  // the saved URL carries its own query
    resuming_ = false;
  }
  client_.for_each(from, std::move(query), on_element, [&](const std::string& next) {
    if (!next.empty()) ctx_.checkpoint({{"parent", parent}, {"next_page", next}});
  });
}

void SnapshotPager::finish() {
  for (const auto& t : tables_) {
    if (whole_)
      ctx_.emit().truncate(t);
    else
      ctx_.emit().snapshot_ends(t);
  }
  ctx_.checkpoint({{"done", true}});
}

}  // namespace sluice::qualtrics
