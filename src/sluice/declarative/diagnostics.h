#pragma once
// Problems found in a YAML source, each `file:line:col: sentence`, collected so that one run of
// `sluice validate` (or a sync refused before any request) names every one of them.
#include <yaml-cpp/yaml.h>

#include <string>
#include <tuple>
#include <vector>

namespace sluice::declarative {

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void error(const YAML::Mark& at, const std::string& sentence);
  bool empty() const { return errors_.empty(); }
  // In file order (by line, then column).
  std::vector<std::string> errors() const;
  const std::string& file() const { return file_; }
  // Every error, one a line; throws sluice::Error (kConfig, exit 78) when there is any.
  void throw_if_any() const;

 private:
  std::string file_;
  struct Problem {
    int line, column;
    std::string text;
  };
  std::vector<Problem> errors_;
};

}  // namespace sluice::declarative
