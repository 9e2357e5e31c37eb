#include "sluice/declarative/transformation.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/declarative/table_reader.h"

namespace sluice::declarative {
namespace {

const std::vector<std::string> kCasts = {"double", "long", "boolean", "string", "timestamp"};

void check_cast(const BuildContext& c, YamlObject& o, const std::string& to) {
  if (!to.empty() && std::find(kCasts.begin(), kCasts.end(), to) == kCasts.end())
    c.diagnostics.error(o.node("to").Mark(), "`" + o.what() + "` cannot make \"" + to +
                                                 "\"; it makes double, long, boolean, string or "
                                                 "timestamp.");
}

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
                                           " must be one of rename, add, cast, drop, drop_object, "
                                           "coalesce or pick, each a mapping of one key.");
      continue;
    }
    const std::string kind = step.begin()->first.Scalar();
    const YAML::Node body = step.begin()->second;
    Transformation t;
    if (kind == "drop") {
      t.kind = Transformation::Kind::kDrop;
      if (auto f = scalar_text(body, c.diagnostics, "`drop`")) t.field = column_name(*f);
      out.push_back(std::move(t));
      continue;
    }
    YamlObject o(body, c.diagnostics, "`" + kind + "` of stream " + stream);
    if (kind == "rename") {
      t.kind = Transformation::Kind::kRename;
      t.field = column_name(o.text("from", true).value_or(""));
      t.to = column_name(o.text("to", true).value_or(""));
    } else if (kind == "add") {
      t.kind = Transformation::Kind::kAdd;
      t.field = column_name(o.text("field", true).value_or(""));
      t.value = c.templ(o, "value", true);
    } else if (kind == "cast") {
      t.kind = Transformation::Kind::kCast;
      t.field = column_name(o.text("field", true).value_or(""));
      t.to = o.text("to", true).value_or("string");
      check_cast(c, o, t.to);
    } else if (kind == "drop_object") {
      t.kind = Transformation::Kind::kDropObject;
      t.field = column_name(o.text("field", true).value_or(""));
      for (const auto& k : o.texts("keep")) t.columns.push_back(column_name(k));
    } else if (kind == "coalesce") {
      t.kind = Transformation::Kind::kCoalesce;
      t.field = column_name(o.text("field", true).value_or(""));
      for (const auto& k : o.texts("from", true)) t.columns.push_back(column_name(k));
    } else if (kind == "pick") {
      t.kind = Transformation::Kind::kPick;
      t.field = column_name(o.text("field", true).value_or(""));
      t.value = Template();
      t.columns = {column_name(o.text("from", true).value_or(""))};
      t.lookup = o.text("in_lookup", true).value_or("");
      t.to = o.text("to").value_or("");
      check_cast(c, o, t.to);
    } else {
      c.diagnostics.error(step.begin()->first.Mark(),
                          "unknown transform step `" + kind +
                              "`; the steps are rename, add, cast, drop, drop_object, coalesce "
                              "and pick.");
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

const std::set<std::string>& pick_lookup(const Transformation& t, const Lookups& lookups) {
  auto keys = lookups.find(t.lookup);
  if (keys == lookups.end())
    throw Error(ErrorKind::kConfig, "transform step `pick` of field " + t.field +
                                        " names lookup `" + t.lookup +
                                        "`, which the stream does not define.");
  return keys->second;
}

void apply_transformations(const std::vector<Transformation>& steps, Record& r,
                           const TemplateValues& values, const Lookups& lookups) {
  RecordOps ops{values, lookups};
  apply_steps(steps, r, ops);
}

}  // namespace sluice::declarative
