#include "sluice/declarative/diagnostics.h"

#include <algorithm>

#include "sluice/core/error.h"

namespace sluice::declarative {

void Diagnostics::error(const YAML::Mark& at, const std::string& sentence) {
  // yaml-cpp counts from 0; editors count from 1. An empty document has no position (-1).
  const int line = at.line < 0 ? 1 : at.line + 1, col = at.column < 0 ? 1 : at.column + 1;
  errors_.push_back(
      {line, col,
       file_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + sentence});
}

std::vector<std::string> Diagnostics::errors() const {
  std::vector<Problem> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::vector<std::string> out;
  for (auto& p : sorted) out.push_back(std::move(p.text));
  return out;
}

void Diagnostics::throw_if_any() const {
  if (errors_.empty()) return;
  std::string text;
  for (const auto& e : errors()) text += (text.empty() ? "" : "\n") + e;
  throw Error(ErrorKind::kConfig, text);
}

}  // namespace sluice::declarative
