#include "sluice/declarative/lookup.h"

#include "sluice/declarative/error_handler.h"
#include "sluice/json/flatten.h"

namespace sluice::declarative {
namespace {

// An entry's field as text (numbers as written); empty when absent or null.
std::string field_text(simdjson::dom::object entry, const std::string& field) {
  simdjson::dom::element e;
  if (entry.at_pointer(dotted_to_pointer(field)).get(e) || e.is_null()) return {};
  return to_value(e).to_text();
}

void add_entry(const LookupDefinition& l, simdjson::dom::object entry, std::set<std::string>& set) {
  if (!l.where_field.empty() &&
      field_text(entry, l.where_field).find(l.where_contains) == std::string::npos)
    return;
  std::string key = field_text(entry, l.key);
  if (!key.empty()) set.insert(std::move(key));
}

}  // namespace

std::vector<LookupDefinition> read_lookups(const YAML::Node& node, const BuildContext& c,
                                           const std::string& stream) {
  std::vector<LookupDefinition> out;
  if (!node.IsDefined()) return out;
  if (!node.IsSequence()) {
    c.diagnostics.error(node.Mark(), "`lookups` of stream " + stream + " must be a list.");
    return out;
  }
  for (const auto& n : node) {
    YamlObject o(n, c.diagnostics, "a lookup of stream " + stream);
    if (!o.ok()) continue;
    LookupDefinition l;
    l.name = o.text("name", true).value_or("");
    l.stream = o.text("stream", true).value_or("");
    l.path = o.text("path").value_or("");
    l.key = o.text("key", true).value_or("");
    if (YAML::Node where = o.node("where"); where.IsDefined()) {
      YamlObject w(where, c.diagnostics, "`where` of lookup " + l.name);
      l.where_field = w.text("field", true).value_or("");
      l.where_contains = w.text("contains", true).value_or("");
      w.finish();
    }
    o.finish();
    out.push_back(std::move(l));
  }
  return out;
}

void add_to_lookup(const LookupDefinition& l, simdjson::dom::object record,
                   std::set<std::string>& set) {
  if (l.path.empty()) return add_entry(l, record, set);
  simdjson::dom::array list;
  if (record.at_pointer(dotted_to_pointer(l.path)).get(list)) return;
  for (simdjson::dom::element e : list)
    if (simdjson::dom::object entry; !e.get(entry)) add_entry(l, entry, set);
}

}  // namespace sluice::declarative
