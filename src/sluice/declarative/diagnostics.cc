#include "sluice/declarative/diagnostics.h"

#include "sluice/core/error.h"

namespace sluice::declarative {

void Diagnostics::error(const YAML::Mark& at, const std::string& sentence) {
  // yaml-cpp counts from 0; editors count from 1. A node made in code has no position (-1).
  const int line = at.line < 0 ? 0 : at.line + 1, col = at.column < 0 ? 0 : at.column + 1;
  errors_.push_back(file_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " +
                    sentence);
}

void Diagnostics::throw_if_any() const {
  if (errors_.empty()) return;
  std::string text;
  for (const auto& e : errors_) text += (text.empty() ? "" : "\n") + e;
  throw Error(ErrorKind::kConfig, text);
}

}  // namespace sluice::declarative
