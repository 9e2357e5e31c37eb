#pragma once
// `table:` of a YAML stream: the table's name (the stream's by default), primary key, write mode
// (merge, append, replace), description and declared column types (Fivetran's type names,
// any case: string, long, double, utc_datetime, …). Names are normalised as every table's are.
#include "sluice/core/table_spec.h"
#include "sluice/declarative/build_context.h"

namespace sluice::declarative {

// A column named in YAML as the table names it: normalised, except that the engine's own columns
// (`_index` of child rows) keep their leading underscore.
std::string column_name(const std::string& raw);

TableSpec read_table(const YAML::Node& node, const BuildContext& context,
                     const std::string& stream);

}  // namespace sluice::declarative
