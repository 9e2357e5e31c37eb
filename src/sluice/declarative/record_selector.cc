#include "sluice/declarative/record_selector.h"

#include "sluice/core/error.h"
#include "sluice/declarative/error_handler.h"
#include "sluice/declarative/template.h"

namespace sluice::declarative {

std::string element_text(simdjson::dom::element e) {
  std::string_view s;
  if (!e.get(s)) return std::string(s);
  int64_t i;
  if (!e.get(i)) return std::to_string(i);
  double d;
  if (!e.get(d)) return nlohmann::json(d).dump();
  bool b;
  if (!e.get(b)) return b ? "true" : "false";
  return "";
}

RecordSelectorDefinition read_record_selector(const YAML::Node& node, const BuildContext& c,
                                              const std::string& stream) {
  RecordSelectorDefinition r;
  if (!node.IsDefined()) return r;
  const std::string what = "the records of stream " + stream;
  YamlObject o(node, c.diagnostics, what);
  if (!o.ok()) return r;
  if (o.node("path").IsDefined()) {
    r.pointers.clear();
    for (const auto& p : o.texts("path")) r.pointers.push_back(dotted_to_pointer(p));
  }
  r.map_key = o.text("map_key").value_or("");
  YAML::Node filters = o.node("filter");
  if (filters.IsDefined() && !filters.IsSequence())
    c.diagnostics.error(filters.Mark(), "`filter` of " + what + " must be a list.");
  else if (filters.IsDefined())
    for (const auto& f : filters) {
      YamlObject fo(f, c.diagnostics, "a filter of " + what);
      if (!fo.ok()) continue;
      RecordFilter rf{fo.text("field", true).value_or(""), fo.text("equals").value_or(""),
                      fo.text("in_config").value_or("")};
      if (!rf.in_config.empty() && !c.names.config.count(rf.in_config))
        c.diagnostics.error(
            fo.node("in_config").Mark(),
            "the filter names `" + rf.in_config + "`, which is not a field of the spec.");
      if (rf.equals.empty() == rf.in_config.empty())
        c.diagnostics.error(fo.mark(),
                            "a filter of " + what + " needs one of `equals` or `in_config`.");
      fo.finish();
      r.filters.push_back(std::move(rf));
    }
  o.finish();
  return r;
}

RecordSelector::RecordSelector(const RecordSelectorDefinition& d, const Config& config) : d_(d) {
  for (const auto& f : d_.filters) {
    std::optional<std::set<std::string>> allowed;
    if (!f.in_config.empty() && config.contains(f.in_config) && !config[f.in_config].is_null()) {
      allowed.emplace();
      const auto& v = config[f.in_config];
      if (v.is_array())
        for (const auto& item : v) allowed->insert(value_text(item));
      else
        allowed->insert(value_text(v));
      if (allowed->empty()) allowed.reset();
    }
    allowed_.push_back(std::move(allowed));
  }
}

bool RecordSelector::keep(simdjson::dom::object record) const {
  for (size_t i = 0; i < d_.filters.size(); ++i) {
    const auto& f = d_.filters[i];
    const bool by_config = !f.in_config.empty();
    if (by_config && !allowed_[i]) continue;  // an unset list keeps everything
    simdjson::dom::element e;
    const std::string text = record[f.field].get(e) ? "" : element_text(e);
    if (by_config ? !allowed_[i]->count(text) : text != f.equals) return false;
  }
  return true;
}

size_t RecordSelector::select(simdjson::dom::element body, const Each& each) const {
  simdjson::dom::element at;
  bool found = false;
  for (const auto& p : d_.pointers) {
    if (p.empty())
      at = body;
    else if (body.at_pointer(p).get(at))
      continue;
    if (at.is_array() || (at.is_object() && !d_.map_key.empty())) {
      found = true;
      break;
    }
  }
  if (!found)
    throw Error(ErrorKind::kApi,
                "The API answered a page without its records (no list at the record path).");
  size_t n = 0;
  if (simdjson::dom::array a; !at.get(a)) {
    for (simdjson::dom::element e : a) {
      ++n;
      simdjson::dom::object o;
      if (!e.get(o) && keep(o)) each(o, {});
    }
    return n;
  }
  for (auto [key, value] : simdjson::dom::object(at)) {
    ++n;
    simdjson::dom::object o;
    if (!value.get(o) && keep(o)) each(o, key);
  }
  return n;
}

}  // namespace sluice::declarative
