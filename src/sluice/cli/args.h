#pragma once
// What one invocation of a verb was given, as CLI11 parsed it against the verb's definition
// (verb.h): its words, its options with their declared defaults, its switches. It parses nothing
// itself.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace sluice::cli {

class Args {
 public:
  // The words given, in the order the verb declares them.
  std::vector<std::string> positional() const;
  // An option's value when it was given.
  std::optional<std::string> get(const std::string& name) const;
  // An option's value, or its declared default.
  std::string text(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  double number(const std::string& name) const;
  bool flag(const std::string& name) const;
  // The source flags given to `sandbox`/`demo` (`--responses 100` -> {"responses", "100"}).
  std::map<std::string, std::string> source_flags() const;
  // The verb as typed without aliases, e.g. "serve function".
  const std::string& verb() const { return verb_; }
  const CLI::App* app() const { return app_; }

 private:
  friend class Verb;
  struct Word {
    std::string name;
    std::string value;
    const CLI::Option* option = nullptr;
  };
  struct Value {
    std::string text;
    int64_t integer = 0;
    double number = 0;
    const CLI::Option* option = nullptr;
    bool source = false;
  };
  std::string verb_;
  const CLI::App* app_ = nullptr;
  std::deque<Word> words_;  // a deque: CLI11 holds pointers into it
  std::map<std::string, Value> values_;
  std::map<std::string, bool> flags_;
  const Value& value(const std::string& name) const;
};

}  // namespace sluice::cli
