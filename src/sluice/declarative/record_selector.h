#pragma once
// `records:` of a YAML stream: where the records are in a page (a dotted path, or several tried in
// order, "" being the body itself), whether they come as an id-keyed map (each value a row, its key
// in `map_key`), and filters that keep only some (a field equal to a value, or among the values of
// a configuration list when that list is set).
#include <simdjson.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "sluice/declarative/build_context.h"
#include "sluice/sdk/spec.h"

namespace sluice::declarative {

struct RecordFilter {
  std::string field;
  std::string equals;     // keep when the field's text is this
  std::string in_config;  // keep when the field's text is in this configuration list (if set)
};

struct RecordSelectorDefinition {
  std::vector<std::string> pointers = {""};
  std::string map_key;  // non-empty: the records are an object of id -> record
  std::vector<RecordFilter> filters;
};

RecordSelectorDefinition read_record_selector(const YAML::Node& node, const BuildContext& context,
                                              const std::string& stream);

class RecordSelector {
 public:
  RecordSelector(const RecordSelectorDefinition& definition, const Config& config);
  using Each = std::function<void(simdjson::dom::object record, std::string_view map_key)>;
  // Calls `each` with every record that passes the filters; returns how many records the page
  // held before filtering (what paginators count). A page without records at any path is an API
  // error.
  size_t select(simdjson::dom::element body, const Each& each) const;
  const RecordSelectorDefinition& definition() const { return d_; }

 private:
  bool keep(simdjson::dom::object record) const;
  const RecordSelectorDefinition& d_;
  std::vector<std::optional<std::set<std::string>>> allowed_;  // per filter, from the config
};

// A JSON scalar as text for comparisons ("" for null, objects and arrays).
std::string element_text(simdjson::dom::element element);

}  // namespace sluice::declarative
