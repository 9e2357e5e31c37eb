#include "sluice/cli/source_flags.h"

#include <set>

#include "sluice/sandbox/sandbox.h"

namespace sluice::cli {
namespace {

// The help of `--name`: the text after `--name VALUE` on the line that starts with it, else (a
// line naming several flags, `--seed N, --base-time T`) the whole line that mentions it.
std::string describe(const std::string& name, const std::vector<std::string>& lines) {
  const std::string flag = "--" + name;
  for (const std::string& line : lines) {
    if (line.rfind(flag + " ", 0) != 0) continue;
    const size_t value_end = line.find(' ', flag.size() + 1);
    if (value_end == std::string::npos || line[value_end - 1] == ',') break;
    const size_t text = line.find_first_not_of(' ', value_end);
    if (text == std::string::npos || line[text] == '/' || line.compare(text, 2, "--") == 0) break;
    return line.substr(text);
  }
  for (const std::string& line : lines) {
    const size_t at = line.find(flag);
    if (at != std::string::npos && line.substr(at + flag.size(), 1) != "-") return line;
  }
  return "";
}

}  // namespace

void declare_source_flags(Verb& verb, const std::vector<std::string>& sandboxes) {
  std::set<std::string> declared;
  for (const std::string& name : sandboxes) {
    SandboxOptions none;
    auto sandbox = make_sandbox(name, none);
    if (!sandbox) continue;
    const std::vector<std::string> lines = sandbox->flags();
    for (const auto& [flag, read] : none.read)
      if (declared.insert(flag).second)
        verb.source_flag(flag, read.integer, read.fallback, describe(flag, lines));
  }
}

}  // namespace sluice::cli
