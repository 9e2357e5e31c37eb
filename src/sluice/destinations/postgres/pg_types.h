#pragma once
// PostgreSQL's names for the column type set, and values as COPY text.
#include <optional>
#include <string>
#include <string_view>

#include "sluice/core/types.h"
#include "sluice/core/value.h"

namespace sluice::pg {

std::string sql_type(ColumnType t);
ColumnType column_type_from_sql(std::string_view data_type);
// The value coerced to `t`, as PostgreSQL's text input for that type; nullopt for NULL.
std::optional<std::string> copy_text(const Value& v, ColumnType t);

}  // namespace sluice::pg
