#include "sluice/declarative/transformation.h"

#include <algorithm>

#include "sluice/core/names.h"
#include "sluice/core/timestamp.h"

namespace sluice::declarative {
namespace {

const std::vector<std::string> kCasts = {"double", "long", "boolean", "string", "timestamp"};

}  // namespace

std::vector<Transformation> read_transformations(const YAML::Node& node, const BuildContext& c,
                                                 const std::string& stream) {
  std::vector<Transformation> out;
  if (!node.IsDefined()) return out;
  const std::string what = "a transform step of stream " + stream;
  if (!node.IsSequence()) {
    c.diagnostics.error(node.Mark(),
                        "`transform` of stream " + stream + " must be a list of steps.");
    return out;
  }
  for (const auto& step : node) {
    if (!step.IsMap() || step.size() != 1) {
      c.diagnostics.error(step.Mark(), what +
                                           " must be one of rename, add, cast or drop, each a "
                                           "mapping of one key.");
      continue;
    }
    const std::string kind = step.begin()->first.Scalar();
    const YAML::Node body = step.begin()->second;
    Transformation t;
    if (kind == "drop") {
      t.kind = Transformation::Kind::kDrop;
      if (auto f = scalar_text(body, c.diagnostics, "`drop`")) t.field = normalize_name(*f);
      out.push_back(std::move(t));
      continue;
    }
    YamlObject o(body, c.diagnostics, "`" + kind + "` of stream " + stream);
    if (kind == "rename") {
      t.kind = Transformation::Kind::kRename;
      t.field = normalize_name(o.text("from", true).value_or(""));
      t.to = normalize_name(o.text("to", true).value_or(""));
    } else if (kind == "add") {
      t.kind = Transformation::Kind::kAdd;
      t.field = normalize_name(o.text("field", true).value_or(""));
      t.value = c.templ(o, "value", true);
    } else if (kind == "cast") {
      t.kind = Transformation::Kind::kCast;
      t.field = normalize_name(o.text("field", true).value_or(""));
      t.to = o.text("to", true).value_or("string");
      if (std::find(kCasts.begin(), kCasts.end(), t.to) == kCasts.end())
        c.diagnostics.error(o.node("to").Mark(), "`cast` cannot make \"" + t.to +
                                                     "\"; it makes "
                                                     "double, long, boolean, string or timestamp.");
    } else {
      c.diagnostics.error(
          step.begin()->first.Mark(),
          "unknown transform step `" + kind + "`; the steps are rename, add, cast and drop.");
      continue;
    }
    o.finish();
    out.push_back(std::move(t));
  }
  return out;
}

Value cast_value(const Value& v, const std::string& type) {
  if (v.is_null()) return v;
  const std::string text = v.to_text();
  try {
    if (type == "double") return v.kind == Value::Kind::kDouble ? v : Value::real(std::stod(text));
    if (type == "long") {
      size_t used = 0;
      int64_t i = std::stoll(text, &used);
      return used == text.size() ? Value::integer(i) : Value::null();
    }
  } catch (...) {
    return Value::null();
  }
  if (type == "boolean") {
    if (text == "true" || text == "1") return Value::boolean(true);
    if (text == "false" || text == "0") return Value::boolean(false);
    return Value::null();
  }
  if (type == "timestamp") {
    auto t = parse_timestamp(text);
    return t ? Value::timestamp(*t) : Value::null();
  }
  return Value::string(text);
}

void apply_transformations(const std::vector<Transformation>& steps, Record& r,
                           const TemplateValues& values) {
  for (const auto& t : steps) {
    switch (t.kind) {
      case Transformation::Kind::kRename:
        for (auto& f : r.fields)
          if (f.name == t.field) f.name = t.to;
        break;
      case Transformation::Kind::kAdd:
        r.set(t.field, Value::string(t.value.render(values)));
        break;
      case Transformation::Kind::kCast:
        if (const Value* v = r.find(t.field)) r.set(t.field, cast_value(*v, t.to));
        break;
      case Transformation::Kind::kDrop:
        std::erase_if(r.fields, [&](const Field& f) { return f.name == t.field; });
        break;
    }
  }
}

}  // namespace sluice::declarative
