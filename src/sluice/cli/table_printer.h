#pragma once
// Prints a query result as an aligned text table, long cells cut short.
#include <ostream>

#include "sluice/load/destination.h"

namespace sluice::cli {

void print_table(std::ostream& out, const QueryResult& result, size_t max_width = 40);

}  // namespace sluice::cli
