#include "sluice/cli/command_line.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "sluice/cli/closest.h"
#include "sluice/cli/completion.h"
#include "sluice/core/error.h"
#include "sluice/core/log.h"

namespace sluice::cli {
namespace {

constexpr int kUsageExit = 64;

// Help shows each option's type and description; what excludes what is said by the error.
class Formatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* o) const override {
    return o->get_type_size() == 0 ? "" : " " + o->get_type_name();
  }
};

// The deepest verb CLI11 got to (`serve function`), or the app itself.
const CLI::App* chosen(const CLI::App& app) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
  return at;
}

std::string path_of(const CLI::App* app) {
  std::string path;
  for (; app; app = app->get_parent()) path = app->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app->get_options())
    for (const std::string& n : o->get_lnames()) out.push_back("--" + n);
  return out;
}

std::vector<std::string> verb_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app.get_subcommands({})) {
    out.push_back(sub->get_name());
    for (const std::string& a : sub->get_aliases()) out.push_back(a);
  }
  return out;
}

// What CLI11 could not place, in one sentence.
std::string unexpected(const CLI::App& app, const CLI::App* at) {
  std::vector<std::string> rest = at->remaining();
  if (rest.empty()) return "unexpected arguments.";
  for (const std::string& r : rest) {
    if (r.rfind("-", 0) != 0) continue;
    const std::string option = r.substr(0, r.find('='));
    const std::string near = closest(option, option_names(at));
    return "unknown option " + option +
           (near.empty() ? "; see `" + path_of(at) + " --help`." : "; did you mean " + near + "?");
  }
  if (at == &app) {
    const std::string near = closest(rest.front(), verb_names(app));
    return "unknown verb \"" + rest.front() + "\"; " +
           (near.empty() ? "run `sluice help` for the list." : "did you mean " + near + "?");
  }
  return "unexpected word \"" + rest.front() + "\"; see `" + path_of(at) + " --help`.";
}

std::string sentence(const CLI::App& app, const CLI::ParseError& e) {
  const std::string what = e.what();
  const auto colon = what.find(": ");
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) return unexpected(app, chosen(app));
  // Our range checks name the option themselves; CLI11 puts the option's name first.
  if (dynamic_cast<const CLI::ValidationError*>(&e) && colon != std::string::npos)
    return what.substr(colon + 2);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && colon != std::string::npos)
    return what.substr(0, colon) + " needs a value.";
  if (dynamic_cast<const CLI::ExcludesError*>(&e)) {
    const auto at = what.find(" excludes ");
    if (at != std::string::npos)
      return what.substr(0, at) + " and " + what.substr(at + 10) + " cannot be given together.";
  }
  return what + (what.empty() || what.back() == '.' ? "" : ".");
}

}  // namespace

CommandLine::CommandLine(const DefineContext& context)
    : app_(std::make_unique<CLI::App>(
          "sluice — pull records out of SaaS APIs into a warehouse, exactly once.", "sluice")) {
  auto formatter = std::make_shared<Formatter>();
  formatter->column_width(34);
  formatter->label("SUBCOMMAND", "VERB");
  formatter->label("Positionals", "Words");
  app_->formatter(formatter);
  // One verb a command line: past it, a word such as `read` (`airbyte refiner read`) is a word,
  // not the verb of that name. Verbs made after this inherit it.
  app_->require_subcommand(0, 1);
  app_->footer("Run `sluice <verb> --help` for a verb's options and an example.");
  for (const VerbSpec& spec : verb_specs()) {
    CLI::App* sub = app_->add_subcommand(spec.name, spec.summary);
    sub->group("Verbs");
    for (const std::string& alias : spec.aliases) sub->alias(alias);
    Verb verb(sub, spec.name, &args_);
    spec.define(verb, context);
  }
  Verb(app_->add_subcommand("help", "help on sluice or one verb")->group("Verbs"), "help", &args_)
      .word("verb", "the verb")
      .example("sluice help sync");
  Verb(app_->add_subcommand("completion", "print a shell completion script")->group("Verbs"),
       "completion", &args_)
      .word("shell", "bash")
      .example("source <(sluice completion bash)");
}

CommandLine::~CommandLine() = default;

std::string CommandLine::usage_error(const std::string& what) const {
  return path_of(chosen(*app_)) + ": " + what;
}

int CommandLine::run(int argc, char** argv) {
  try {
    app_->parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app_->help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << usage_error(sentence(*app_, e)) << "\n";
    return kUsageExit;
  }
  return dispatch();
}

int CommandLine::dispatch() {
  const CLI::App* at = chosen(*app_);
  if (at == app_.get()) {
    std::cout << app_->help();
    return kUsageExit;  // no verb
  }
  const Args* args = nullptr;
  for (const Args& a : args_)
    if (a.app() == at) args = &a;
  if (args->flag("quiet")) set_log_level(LogLevel::kWarning);
  if (args->flag("verbose")) set_log_level(LogLevel::kDebug);
  const std::string top = app_->get_subcommands().front()->get_name();
  const std::vector<std::string> words = args->positional();
  if (top == "help") {
    if (words.empty()) {
      std::cout << app_->help();
      return 0;
    }
    for (const CLI::App* sub : app_->get_subcommands({}))
      if (sub->check_name(words[0])) {
        std::cout << sub->help("sluice");
        return 0;
      }
    std::cerr << usage_error("there is no verb \"" + words[0] + "\"; run `sluice help`.") << "\n";
    return kUsageExit;
  }
  if (top == "completion") {
    if (words.empty() || words[0] != "bash") {
      std::cerr << usage_error("give the shell: `sluice completion bash`.") << "\n";
      return kUsageExit;
    }
    // The script offers every sandbox's flags, so it is made from definitions that declare them.
    std::cout << bash_completion(CommandLine({{}, true}).app());
    return 0;
  }
  for (const VerbSpec& spec : verb_specs())
    if (spec.name == top) return spec.run(*args);
  return kUsageExit;
}

int run_command_line(int argc, char** argv) {
  DefineContext context;
  for (int k = 2; k < argc; ++k) context.rest.push_back(argv[k]);
  CommandLine line(context);
  return line.run(argc, argv);
}

}  // namespace sluice::cli
