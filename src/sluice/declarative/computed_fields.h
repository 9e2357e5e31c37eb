#pragma once
// The computing transform steps of a YAML stream, on one flattened record: values made from other
// columns rather than copied from the API (transformation.h reads them from the file).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "sluice/core/value.h"

namespace sluice::declarative {

// The first of `columns` holding a value (null and empty text count as none); null when none does.
// Refiner keys a person by remote_id, else the contact's uuid.
Value coalesce_columns(const Record& record, const std::vector<std::string>& columns);

// `column` is `object` or was flattened from it (`object_…`).
bool flattened_from(const std::string& column, const std::string& object);

// Removes `object` and every column flattened from it (`object_…`), but those in `keep`. `R` is a
// Record or any record of named fields (a record plan's).
template <class R>
void drop_object(R& record, const std::string& object, const std::vector<std::string>& keep) {
  std::erase_if(record.fields, [&](const auto& f) {
    return flattened_from(f.name, object) &&
           std::find(keep.begin(), keep.end(), f.name) == keep.end();
  });
}

// The columns the keys of the map `object` flatten to (keys as the API names them).
std::set<std::string> map_columns(const std::string& object, const std::set<std::string>& keys);

// The value of the last column flattened from the map `object` whose key is in `keys` (keys as the
// API names them); null when none is. Refiner's score: the answer to the survey's NPS question.
Value pick_from_map(const Record& record, const std::string& object,
                    const std::set<std::string>& keys);

}  // namespace sluice::declarative
