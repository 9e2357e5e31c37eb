#pragma once
// The computing transform steps of a YAML stream, on one flattened record: values made from other
// columns rather than copied from the API (transformation.h reads them from the file).
#include <set>
#include <string>
#include <vector>

#include "sluice/core/value.h"

namespace sluice::declarative {

// The first of `columns` holding a value (null and empty text count as none); null when none does.
// Refiner keys a person by remote_id, else the contact's uuid.
Value coalesce_columns(const Record& record, const std::vector<std::string>& columns);

// Removes `object` and every column flattened from it (`object_…`), but those in `keep`.
void drop_object(Record& record, const std::string& object, const std::vector<std::string>& keep);

// The value of the last column flattened from the map `object` whose key is in `keys` (keys as the
// API names them); null when none is. Refiner's score: the answer to the survey's NPS question.
Value pick_from_map(const Record& record, const std::string& object,
                    const std::set<std::string>& keys);

}  // namespace sluice::declarative
