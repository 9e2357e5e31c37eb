#pragma once
// One mapping of a YAML source, read key by key: a key asked for is known, and finish() names
// every other key as unknown. Wrong types are reported with their position and read as absent,
// so one pass finds every problem.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sluice/declarative/diagnostics.h"

namespace sluice::declarative {

class YamlObject {
 public:
  // `what` names the mapping in messages ("the paginator of stream traffic").
  YamlObject(YAML::Node node, Diagnostics& diagnostics, std::string what);
  bool ok() const { return ok_; }
  const YAML::Mark& mark() const { return mark_; }
  Diagnostics& diagnostics() { return diagnostics_; }
  const std::string& what() const { return what_; }

  // The node at `key` (undefined when absent); `required` reports its absence.
  YAML::Node node(const std::string& key, bool required = false);
  std::optional<std::string> text(const std::string& key, bool required = false);
  std::optional<int64_t> integer(const std::string& key, bool required = false);
  std::optional<bool> boolean(const std::string& key);
  // A string or a list of strings.
  std::vector<std::string> texts(const std::string& key, bool required = false);
  // A mapping of names to strings, in file order.
  std::vector<std::pair<std::string, std::string>> pairs(const std::string& key);
  // Reports every key not asked for. Call once, after the last read.
  void finish();

 private:
  YAML::Node node_;
  Diagnostics& diagnostics_;
  std::string what_;
  YAML::Mark mark_;
  bool ok_ = true;
  std::set<std::string> known_;
};

// A scalar node's text; reports (and returns nullopt) when `node` is a list or mapping.
std::optional<std::string> scalar_text(const YAML::Node& node, Diagnostics& diagnostics,
                                       const std::string& what);

}  // namespace sluice::declarative
