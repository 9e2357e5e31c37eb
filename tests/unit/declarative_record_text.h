#pragma once
// A record as "name=text" pairs, for the declarative tests that compare records as data.
#include <string>

#include "sluice/core/value.h"

namespace sluice::declarative {

inline std::string text(const Record& r) {
  std::string out;
  for (const auto& f : r.fields)
    out +=
        (out.empty() ? "" : " ") + f.name + "=" + (f.value.is_null() ? "null" : f.value.to_text());
  return out;
}

}  // namespace sluice::declarative
