#pragma once
// Declares one verb to CLI11: its words, options (with type, default and description, which
// `--help` and the bash completion show), switches and an example. Values land in the verb's Args.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "sluice/cli/args.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace sluice::cli {

class Verb {
 public:
  // `app` is the verb's CLI11 subcommand, `path` its words ("serve function"); its Args go in
  // `store`, where the command line finds them once CLI11 has parsed.
  Verb(CLI::App* app, const std::string& path, std::deque<Args>* store);

  // A positional word, optional to CLI11: the verb says what is missing in its own words.
  Verb& word(const std::string& name, const std::string& description);
  // `--name VALUE`; `type` names the value in help (PATH, URI, NAME, …).
  Verb& text(const std::string& name, const std::string& type, const std::string& description,
             const std::string& fallback = "");
  // A whole number or a number in [min, max]; anything else is refused in one sentence.
  Verb& integer(const std::string& name, const std::string& description, int64_t fallback,
                int64_t min, int64_t max);
  Verb& number(const std::string& name, const std::string& description, double fallback, double min,
               double max);
  // `--name VALUE` where VALUE is one of `choices`.
  Verb& choice(const std::string& name, const std::vector<std::string>& choices,
               const std::string& description, const std::string& fallback);
  Verb& flag(const std::string& name, const std::string& description);
  // A flag of a sandbox (`sandbox`, `demo`): handed to the sandbox as text.
  Verb& source_flag(const std::string& name, bool integer, const std::string& fallback,
                    const std::string& description);
  // `option` cannot be given together with `other` (both without the dashes).
  Verb& excludes(const std::string& option, const std::string& other);
  Verb& example(const std::string& line);
  Verb& note(const std::string& text);
  // A verb inside this one (`serve function`), with options of its own.
  Verb sub(const std::string& name, const std::string& summary);

  CLI::App* app() const { return app_; }

 private:
  // `--name VALUE` into the option's text, its default said in `description`.
  CLI::Option* add_text(const std::string& name, const std::string& type,
                        const std::string& description, const std::string& fallback);

  CLI::App* app_;
  std::deque<Args>* store_;
  Args* args_;
  std::string footer_;
};

}  // namespace sluice::cli
