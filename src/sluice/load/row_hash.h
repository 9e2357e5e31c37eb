#pragma once
// `_sluice_id` for tables without a primary key: a stable hash of a row's values, as Fivetran
// derives `_fivetran_id`.
#include <string>

#include "sluice/core/value.h"

namespace sluice {

std::string row_hash(const Record& record);

}  // namespace sluice
