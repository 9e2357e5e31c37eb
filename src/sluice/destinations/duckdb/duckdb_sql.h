#pragma once
// DuckDB's names for the column type set.
#include <string>
#include <string_view>
#include <vector>

#include "sluice/core/types.h"

namespace sluice::duck {

std::string sql_type(ColumnType t);
ColumnType column_type_from_sql(std::string_view sql_type);

}  // namespace sluice::duck
