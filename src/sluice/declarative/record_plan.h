#pragma once
// A YAML stream's records by position. The transform steps move names the same way for every
// record whose JSON has the same keys in the same nesting, so they are worked out once per such
// shape into a plan: each column of the row an expression over the record's leaves (a leaf, a
// cast of one, the first of some holding a value, ...). A record then costs a walk of its keys
// and a cell per column handed to Emitter::upsert_row — no Record, no name and no copied text per
// field. Its child rows go out first, from the same plan's parent key columns, as the Record path
// sends them. A shape whose row would name a column twice has no plan; the caller's Record path
// takes those records, and any shape met after the plan limit.
#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/declarative/lookup.h"
#include "sluice/declarative/stream_definition.h"
#include "sluice/declarative/template.h"
#include "sluice/sdk/emitter.h"

namespace sluice::declarative {

class RecordPlans {
 public:
  // `stream` and `lookups` must outlive the plans; a change of the lookups needs clear().
  RecordPlans(const StreamDefinition& stream, const Lookups& lookups);
  ~RecordPlans();
  RecordPlans(const RecordPlans&) = delete;
  RecordPlans& operator=(const RecordPlans&) = delete;

  void clear();
  // Emits the record `object` (an id-keyed map's entry when `map_key` is not empty) with its child
  // rows and returns true; false, having emitted nothing, when no plan fits its shape.
  bool emit(simdjson::dom::object object, std::string_view map_key, const TemplateValues& values,
            Emitter& emit);

  size_t plans() const;  // shapes planned so far (for tests)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::declarative
