#include "sluice/declarative/error_handler.h"

#include <algorithm>

namespace sluice::declarative {

std::string dotted_to_pointer(const std::string& dotted) {
  if (dotted.empty()) return "";
  std::string out = "/";
  for (char ch : dotted) {
    if (ch == '.')
      out += '/';
    else if (ch == '~')
      out += "~0";
    else if (ch == '/')
      out += "~1";
    else
      out += ch;
  }
  return out;
}

ErrorHandling read_error_handling(const YAML::Node& node, const BuildContext& c) {
  ErrorHandling h;
  if (!node.IsDefined()) return h;
  YamlObject o(node, c.diagnostics, "`errors`");
  if (!o.ok()) return h;
  auto statuses = [&](const std::string& key, std::vector<long>& out) {
    if (!o.node(key).IsDefined()) return;
    out.clear();
    for (const auto& s : o.texts(key)) {
      try {
        out.push_back(std::stol(s));
      } catch (...) {
        c.diagnostics.error(o.node(key).Mark(),
                            "`" + key + "` lists \"" + s + "\", which is not an HTTP status.");
      }
    }
  };
  statuses("retry_statuses", h.retry_statuses);
  statuses("auth_statuses", h.auth_statuses);
  h.max_attempts = static_cast<int>(o.integer("max_attempts").value_or(6));
  h.base_delay_ms = o.integer("backoff_ms").value_or(500);
  h.requests_per_minute = static_cast<double>(o.integer("requests_per_minute").value_or(0));
  h.error_pointer = dotted_to_pointer(o.text("error_path").value_or(""));
  if (h.max_attempts < 1)
    c.diagnostics.error(o.node("max_attempts").Mark(), "`max_attempts` must be at least 1.");
  o.finish();
  return h;
}

StatusVerdict judge_status(const ErrorHandling& h, long status, int attempt) {
  auto listed = [status](const std::vector<long>& v) {
    return std::find(v.begin(), v.end(), status) != v.end();
  };
  if (listed(h.auth_statuses)) return {StatusVerdict::Action::kAuth};
  if (listed(h.retry_statuses) && attempt < h.max_attempts)
    return {StatusVerdict::Action::kRetry,
            std::min<int64_t>(h.base_delay_ms << std::min(attempt - 1, 16), 60000)};
  return {};
}

}  // namespace sluice::declarative
