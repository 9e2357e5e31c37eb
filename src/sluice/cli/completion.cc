#include "sluice/cli/completion.h"

#include <CLI/CLI.hpp>
#include <set>
#include <sstream>

#include "sluice/sdk/registry.h"

namespace sluice::cli {
namespace {

// What may follow a verb: its subcommands, its options, and the connectors when it takes one.
std::string words_of(const CLI::App* verb, std::set<std::string>& path_options) {
  std::string words;
  auto add = [&](const std::string& w) { words += (words.empty() ? "" : " ") + w; };
  for (const CLI::App* sub : verb->get_subcommands({})) add(sub->get_name());
  for (const CLI::Option* o : verb->get_options()) {
    if (o->get_positional()) {
      if (o->get_name() == "connector")
        for (const std::string& c : connector_names()) add(c);
      continue;
    }
    for (const std::string& n : o->get_lnames()) {
      add("--" + n);
      if (o->get_type_name() == "PATH") path_options.insert("--" + n);
    }
  }
  return words;
}

std::string names_of(const CLI::App* verb) {
  std::string names = verb->get_name();
  for (const std::string& a : verb->get_aliases()) names += "|" + a;
  return names;
}

}  // namespace

std::string bash_completion(const CLI::App& app) {
  std::set<std::string> path_options;
  std::ostringstream verbs, nested, top;
  std::string all;
  for (const CLI::App* verb : app.get_subcommands({})) {
    all += (all.empty() ? "" : " ") + names_of(verb);
    top << "    " << names_of(verb) << ") words=\"" << words_of(verb, path_options) << "\" ;;\n";
    for (const CLI::App* sub : verb->get_subcommands({}))
      nested << "    \"" << verb->get_name() << " " << sub->get_name() << "\") words=\""
             << words_of(sub, path_options) << "\" ;;\n";
  }
  for (char& c : all)
    if (c == '|') c = ' ';
  std::string paths;
  for (const std::string& p : path_options) paths += (paths.empty() ? "" : "|") + p;
  std::ostringstream out;
  out << "# bash completion for sluice, made by `sluice completion bash`.\n"
      << "# Load it with: source <(sluice completion bash)\n"
      << "_sluice() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} words=\n"
      << "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
      << "    COMPREPLY=($(compgen -W \"" << all << "\" -- \"$cur\"))\n"
      << "    return\n"
      << "  fi\n"
      << "  case \"$prev\" in\n"
      << "    " << paths << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
      << "  esac\n"
      << "  case \"${COMP_WORDS[1]} ${COMP_WORDS[2]}\" in\n"
      << nested.str() << "  esac\n"
      << "  if [ -z \"$words\" ]; then\n"
      << "    case \"${COMP_WORDS[1]}\" in\n"
      << top.str() << "    esac\n"
      << "  fi\n"
      << "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      << "}\n"
      << "complete -F _sluice sluice\n";
  return out.str();
}

}  // namespace sluice::cli
