#pragma once
// PostgreSQL's names for the column type set.
#include <string>
#include <string_view>

#include "sluice/core/types.h"

namespace sluice::pg {

std::string sql_type(ColumnType t);
ColumnType column_type_from_sql(std::string_view data_type);

}  // namespace sluice::pg
