#include "sluice/load/row_hash.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace sluice {
namespace {
void mix(uint64_t& h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
  h *= 1099511628211ULL;
}
}  // namespace

std::string row_hash(const Record& record) {
  // Column order must not matter: hash the fields sorted by name.
  std::vector<const Field*> fields;
  for (const auto& f : record.fields)
    if (!f.value.is_null()) fields.push_back(&f);
  std::sort(fields.begin(), fields.end(), [](auto* a, auto* b) { return a->name < b->name; });
  uint64_t h1 = 1469598103934665603ULL, h2 = 7809847782465536322ULL;
  for (const Field* f : fields) {
    std::string text = f->value.to_text();
    mix(h1, f->name);
    mix(h1, text);
    mix(h2, text);
    mix(h2, f->name);
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h1),
                static_cast<unsigned long long>(h2));
  return buf;
}

}  // namespace sluice
