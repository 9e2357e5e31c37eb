#include "sluice/cli/args.h"

#include <charconv>

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

namespace {

template <typename T>
T parse_number(const std::string& name, const std::string& text, T min, T max, const char* kind) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    auto show = [](T x) {
      std::string t = std::to_string(x);
      // to_string prints doubles with six decimals; trim the zeros a user never typed.
      if (t.find('.') != std::string::npos) {
        t.erase(t.find_last_not_of('0') + 1);
        if (t.back() == '.') t.pop_back();
      }
      return t;
    };
    throw Error(ErrorKind::kUsage, "--" + name + " takes " + kind + " from " + show(min) + " to " +
                                       show(max) + ", not \"" + text + "\".");
  }
  return v;
}

}  // namespace

int64_t Args::get_int(const std::string& name, int64_t fallback, int64_t min, int64_t max) const {
  auto v = get(name);
  return v ? parse_number<int64_t>(name, *v, min, max, "a whole number") : fallback;
}

double Args::get_double(const std::string& name, double fallback, double min, double max) const {
  auto v = get(name);
  return v ? parse_number<double>(name, *v, min, max, "a number") : fallback;
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
