#include "sluice/cli/args.h"

#include "sluice/core/error.h"

namespace sluice::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& flags) {
  for (int k = first; k < argc; ++k) {
    std::string a = argv[k];
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      options_[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (flags.count(name)) {
      flags_set_.insert(name);
    } else if (k + 1 < argc) {
      options_[name] = argv[++k];
    } else {
      throw Error(ErrorKind::kUsage, "The option --" + name + " needs a value.");
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

bool Args::flag(const std::string& name) const {
  return flags_set_.count(name) > 0;
}

void Args::allow_only(const std::set<std::string>& verb_options) const {
  std::set<std::string> known = verb_options;
  known.insert({"quiet", "verbose"});  // every verb takes these
  for (const auto& [name, _] : options_)
    if (!known.count(name))
      throw Error(ErrorKind::kUsage, "Unknown option --" + name + "; see `sluice help`.");
  for (const auto& name : flags_set_)
    if (!known.count(name))
      throw Error(ErrorKind::kUsage, "Unknown option --" + name + "; see `sluice help`.");
}

}  // namespace sluice::cli
