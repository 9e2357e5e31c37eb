#include "sluice/cli/args.h"

#include <CLI/Option.hpp>

#include "sluice/core/error.h"

namespace sluice::cli {

std::vector<std::string> Args::positional() const {
  std::vector<std::string> out;
  for (const Word& w : words_)
    if (w.option->count() > 0) out.push_back(w.value);
  return out;
}

const Args::Value& Args::value(const std::string& name) const {
  auto it = values_.find(name);
  // A verb asking for an option it never declared is a bug here, not the user's.
  if (it == values_.end())
    throw Error(ErrorKind::kInternal, "`sluice " + verb_ + "` declares no option --" + name + ".");
  return it->second;
}

std::optional<std::string> Args::get(const std::string& name) const {
  const Value& v = value(name);
  if (v.option->count() == 0) return std::nullopt;
  return v.text;
}

std::string Args::text(const std::string& name) const {
  return value(name).text;
}

int64_t Args::integer(const std::string& name) const {
  return value(name).integer;
}

double Args::number(const std::string& name) const {
  return value(name).number;
}

bool Args::flag(const std::string& name) const {
  auto it = flags_.find(name);
  return it != flags_.end() && it->second;
}

std::map<std::string, std::string> Args::source_flags() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, v] : values_)
    if (v.source && v.option->count() > 0) out[name] = v.text;
  return out;
}

}  // namespace sluice::cli
