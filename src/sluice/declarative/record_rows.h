#pragma once
// A YAML stream's record the general way: flattened into a Record, its child rows emitted, its
// transform steps applied, then upserted. Records by position (record_plan.h) land the same rows
// for the shapes they plan; this takes every other record.
#include <simdjson.h>

#include <string_view>

#include "sluice/declarative/lookup.h"
#include "sluice/declarative/stream_definition.h"
#include "sluice/declarative/template.h"
#include "sluice/json/field_names.h"
#include "sluice/sdk/emitter.h"

namespace sluice::declarative {

// `names` caches column names across the stream's records.
void emit_record(const StreamDefinition& stream, simdjson::dom::object object,
                 std::string_view map_key, const TemplateValues& values, const Lookups& lookups,
                 FieldNames& names, Emitter& emit);

}  // namespace sluice::declarative
