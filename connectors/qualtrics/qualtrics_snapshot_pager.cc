#include "connectors/qualtrics/qualtrics_snapshot_pager.h"

namespace sluice::qualtrics {
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

void SnapshotPager::read(const std::string& parent, const std::string& path, Params query,
                         const std::function<void(simdjson::dom::object)>& on_element) {
  std::string from = path;
  if (resuming_) {
    if (parent != resume_parent_) return;  // read before the saved position
    from = on_configured_host(resume_url_, client_.base_url());
    query.clear();  // the saved URL carries its own query
    resuming_ = false;
  }
  client_.for_each(from, std::move(query), on_element, [&](const std::string& next) {
    if (!next.empty()) ctx_.checkpoint({{"parent", parent}, {"next_page", next}});
  });
}

void SnapshotPager::finish() {
  if (whole_)
    for (const auto& t : tables_) ctx_.emit().truncate(t);
  ctx_.checkpoint({{"done", true}});
}

}  // namespace sluice::qualtrics
