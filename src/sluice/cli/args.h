#pragma once
// A small command-line parser: positional words, `--name value` options and `--flag` switches,
// with unknown options reported in one sentence.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sluice::cli {

class Args {
 public:
  // `flags` are the switches that take no value; every other `--x` takes the next word.
  Args(int argc, char** argv, int first, const std::set<std::string>& flags);

  const std::vector<std::string>& positional() const { return positional_; }
  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
  bool flag(const std::string& name) const;
  // A whole number or a number in [min, max]; anything else is a usage error naming the option
  // and the range, never an exception from the standard library.
  int64_t get_int(const std::string& name, int64_t fallback, int64_t min, int64_t max) const;
  double get_double(const std::string& name, double fallback, double min, double max) const;
  const std::map<std::string, std::string>& options() const { return options_; }
  // Throws a usage error naming the first option not in `known`.
  void allow_only(const std::set<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
  std::set<std::string> flags_set_;
};

}  // namespace sluice::cli
