#pragma once
// `lookups:` of a YAML stream: sets of values gathered from another stream's records before the
// stream is read, for `pick` steps (transformation.h) to consult. Refiner's NPS questions are one:
// the ids of the survey elements whose type holds "nps", gathered from /forms, say which answer of
// a response is its score.
#include <simdjson.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sluice/declarative/build_context.h"

namespace sluice::declarative {

struct LookupDefinition {
  std::string name;
  std::string stream;       // an earlier stream, whose pages are read again to fill it
  std::string path;         // dotted path to a list inside each record (empty: the record)
  std::string key;          // the field of each entry whose text joins the set
  std::string where_field;  // optional: only entries whose field's text holds `contains`
  std::string where_contains;
};

// The filled sets, by lookup name.
using Lookups = std::map<std::string, std::set<std::string>>;

std::vector<LookupDefinition> read_lookups(const YAML::Node& node, const BuildContext& context,
                                           const std::string& stream);

// Adds to `set` the keys one record of the lookup's stream holds.
void add_to_lookup(const LookupDefinition& lookup, simdjson::dom::object record,
                   std::set<std::string>& set);

}  // namespace sluice::declarative
