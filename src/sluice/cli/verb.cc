#include "sluice/cli/verb.h"

#include <CLI/App.hpp>
#include <CLI/Validators.hpp>
#include <charconv>
#include <limits>

namespace sluice::cli {
namespace {

// Numbers print as a user would type them: to_string's six decimals trimmed.
template <typename T>
std::string show(T x) {
  std::string t = std::to_string(x);
  if (t.find('.') != std::string::npos) {
    t.erase(t.find_last_not_of('0') + 1);
    if (t.back() == '.') t.pop_back();
  }
  return t;
}

// The one sentence a value outside the option's range gets (empty when it is fine).
template <typename T>
CLI::Validator in_range(const std::string& name, T min, T max, const char* kind) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        T v{};
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && end == text.data() + text.size() && v >= min && v <= max)
          return "";
        return "--" + name + " takes " + kind + " from " + show(min) + " to " + show(max) +
               ", not \"" + text + "\".";
      },
      "", "range");
}

std::string with_default(const std::string& description, const std::string& fallback) {
  if (fallback.empty()) return description;
  return description.empty() ? "default " + fallback : description + " (default " + fallback + ")";
}

template <typename T>
std::string with_range(const std::string& description, T fallback, T min, T max) {
  return description + " (" + show(min) + " to " + show(max) + "; default " + show(fallback) + ")";
}

// `--name N` into `storage`, N checked against [min, max].
template <typename T>
CLI::Option* ranged(CLI::App* app, const std::string& name, T& storage,
                    const std::string& description, T fallback, T min, T max, const char* type,
                    const char* kind) {
  storage = fallback;
  return app->add_option("--" + name, storage, with_range(description, fallback, min, max))
      ->type_name(type)
      ->check(in_range<T>(name, min, max, kind));
}

}  // namespace

Verb::Verb(CLI::App* app, const std::string& path, std::deque<Args>* store)
    : app_(app), store_(store), args_(&store->emplace_back()) {
  args_->verb_ = path;
  args_->app_ = app;
  flag("quiet", "log warnings and errors only");
  flag("verbose", "log debugging detail too");
}

Verb& Verb::word(const std::string& name, const std::string& description) {
  Args::Word& w = args_->words_.emplace_back();
  w.name = name;
  w.option = app_->add_option(name, w.value, description);
  return *this;
}

CLI::Option* Verb::add_text(const std::string& name, const std::string& type,
                            const std::string& description, const std::string& fallback) {
  Args::Value& v = args_->values_[name];
  v.text = fallback;
  CLI::Option* o = app_->add_option("--" + name, v.text, description)->type_name(type);
  v.option = o;
  return o;
}

Verb& Verb::text(const std::string& name, const std::string& type, const std::string& description,
                 const std::string& fallback) {
  add_text(name, type, with_default(description, fallback), fallback);
  return *this;
}

Verb& Verb::choice(const std::string& name, const std::vector<std::string>& choices,
                   const std::string& description, const std::string& fallback) {
  std::string listed;
  for (const std::string& c : choices) listed += (listed.empty() ? "" : "|") + c;
  add_text(name, listed, with_default(description, fallback), fallback)
      ->check(CLI::Validator(
          [=](std::string& value) -> std::string {
            for (const std::string& c : choices)
              if (value == c) return "";
            return "--" + name + " takes " + listed + ", not \"" + value + "\".";
          },
          "", "choice"));
  return *this;
}

Verb& Verb::integer(const std::string& name, const std::string& description, int64_t fallback,
                    int64_t min, int64_t max) {
  Args::Value& v = args_->values_[name];
  v.option =
      ranged(app_, name, v.integer, description, fallback, min, max, "INT", "a whole number");
  return *this;
}

Verb& Verb::number(const std::string& name, const std::string& description, double fallback,
                   double min, double max) {
  Args::Value& v = args_->values_[name];
  v.option = ranged(app_, name, v.number, description, fallback, min, max, "NUMBER", "a number");
  return *this;
}

Verb& Verb::flag(const std::string& name, const std::string& description) {
  app_->add_flag("--" + name, args_->flags_[name], description);
  return *this;
}

Verb& Verb::source_flag(const std::string& name, bool integer, const std::string& fallback,
                        const std::string& description) {
  // A sandbox's own line may state the default already.
  const bool stated = description.find("default") != std::string::npos;
  CLI::Option* o = add_text(name, integer ? "INT" : "TEXT",
                            stated ? description : with_default(description, fallback), fallback)
                       ->group("Source flags");
  args_->values_[name].source = true;
  if (integer)
    o->check(in_range<int64_t>(name, std::numeric_limits<int64_t>::min(),
                               std::numeric_limits<int64_t>::max(), "a whole number"));
  return *this;
}

Verb& Verb::excludes(const std::string& option, const std::string& other) {
  auto find = [this](const std::string& name) {
    CLI::Option* o = app_->get_option_no_throw("--" + name);
    return o ? o : app_->get_option(name);
  };
  find(option)->excludes(find(other));
  return *this;
}

Verb& Verb::example(const std::string& line) {
  return note((footer_.find("Example") == std::string::npos ? "Example:\n  " : "  ") + line);
}

Verb& Verb::note(const std::string& text) {
  footer_ += (footer_.empty() ? "" : "\n") + text;
  app_->footer(footer_);
  return *this;
}

Verb Verb::sub(const std::string& name, const std::string& summary) {
  CLI::App* sub = app_->add_subcommand(name, summary);
  sub->group("Verbs");
  return Verb(sub, args_->verb_ + " " + name, store_);
}

}  // namespace sluice::cli
