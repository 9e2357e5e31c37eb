#include "sluice/declarative/yaml_object.h"

namespace sluice::declarative {

std::optional<std::string> scalar_text(const YAML::Node& node, Diagnostics& diagnostics,
                                       const std::string& what) {
  if (!node.IsScalar()) {
    diagnostics.error(node.Mark(), what + " must be a single value, not a " +
                                       (node.IsSequence() ? "list" : "mapping") + ".");
    return std::nullopt;
  }
  return node.Scalar();
}

YamlObject::YamlObject(YAML::Node node, Diagnostics& diagnostics, std::string what)
    : node_(std::move(node)), diagnostics_(diagnostics), what_(std::move(what)) {
  mark_ = node_.Mark();
  if (!node_.IsMap()) {
    ok_ = false;
    diagnostics_.error(mark_, what_ + " must be a mapping of keys to values.");
  }
}

YAML::Node YamlObject::node(const std::string& key, bool required) {
  known_.insert(key);
  if (!ok_) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node n = node_[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) diagnostics_.error(mark_, what_ + " needs `" + key + "`.");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return n;
}

std::optional<std::string> YamlObject::text(const std::string& key, bool required) {
  YAML::Node n = node(key, required);
  if (!n.IsDefined()) return std::nullopt;
  return scalar_text(n, diagnostics_, "`" + key + "` of " + what_);
}

std::optional<int64_t> YamlObject::integer(const std::string& key, bool required) {
  auto t = text(key, required);
  if (!t) return std::nullopt;
  try {
    size_t used = 0;
    int64_t v = std::stoll(*t, &used);
    if (used == t->size()) return v;
  } catch (...) {
  }
  diagnostics_.error(node_[key].Mark(),
                     "`" + key + "` of " + what_ + " must be an integer, not \"" + *t + "\".");
  return std::nullopt;
}

std::optional<bool> YamlObject::boolean(const std::string& key) {
  auto t = text(key);
  if (!t) return std::nullopt;
  if (*t == "true") return true;
  if (*t == "false") return false;
  diagnostics_.error(node_[key].Mark(),
                     "`" + key + "` of " + what_ + " must be true or false, not \"" + *t + "\".");
  return std::nullopt;
}

std::vector<std::string> YamlObject::texts(const std::string& key, bool required) {
  YAML::Node n = node(key, required);
  std::vector<std::string> out;
  if (!n.IsDefined()) return out;
  if (!n.IsSequence()) {
    if (auto t = scalar_text(n, diagnostics_, "`" + key + "` of " + what_)) out.push_back(*t);
    return out;
  }
  for (const auto& item : n)
    if (auto t = scalar_text(item, diagnostics_, "each item of `" + key + "` of " + what_))
      out.push_back(*t);
  return out;
}

std::vector<std::pair<std::string, std::string>> YamlObject::pairs(const std::string& key) {
  YAML::Node n = node(key);
  std::vector<std::pair<std::string, std::string>> out;
  if (!n.IsDefined()) return out;
  if (!n.IsMap()) {
    diagnostics_.error(n.Mark(),
                       "`" + key + "` of " + what_ + " must be a mapping of names to values.");
    return out;
  }
  for (const auto& kv : n) {
    std::string name = kv.first.Scalar();
    if (auto t = scalar_text(kv.second, diagnostics_, "`" + key + "." + name + "` of " + what_))
      out.emplace_back(name, *t);
  }
  return out;
}

void YamlObject::finish() {
  if (!ok_) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (known_.count(key)) continue;
    std::string list;
    for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
    diagnostics_.error(kv.first.Mark(),
                       "unknown key `" + key + "` in " + what_ + "; the keys are " + list + ".");
  }
}

}  // namespace sluice::declarative
