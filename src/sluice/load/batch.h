#pragma once
// A run of operations of one kind on one table, in emission order, ready for a destination.
#include <string>
#include <vector>

#include "sluice/core/value.h"

namespace sluice {

enum class OpKind { kUpsert, kUpdate, kDelete, kTruncate };

struct Batch {
  OpKind op = OpKind::kUpsert;
  std::string table;
  std::vector<std::string> columns;      // the columns the rows carry, in order
  std::vector<std::vector<Value>> rows;  // a row shorter than `columns` has NULLs at the end
};

}  // namespace sluice
