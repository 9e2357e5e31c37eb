// Fuzz target: any bytes as an API page — parsed, every object flattened, arrays split into child
// records, every value's type inferred, checked against it, and coerced to every wider type.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>

#include "sluice/core/types.h"
#include "sluice/json/flatten.h"
#include "sluice/json/infer.h"

namespace {

void check_record(const sluice::Record& r) {
  for (const auto& f : r.fields) {
    auto t = sluice::infer_type(f.value);
    if (!t) continue;
    if (!sluice::fits(f.value, *t)) __builtin_trap();  // a value must fit the type inferred for it
    for (auto wider :
         {sluice::ColumnType::kDouble, sluice::ColumnType::kString, sluice::ColumnType::kJson})
      if (sluice::widens_to(*t, wider)) (void)sluice::coerce(f.value, wider);
  }
}

void visit(simdjson::dom::element e) {
  simdjson::dom::object o;
  simdjson::dom::array a;
  if (!e.get(o)) {
    check_record(sluice::flatten(o));
  } else if (!e.get(a)) {
    sluice::Record parent;
    parent.set("id", sluice::Value::integer(1));
    for (const auto& r : sluice::child_records(a, parent)) check_record(r);
    for (simdjson::dom::element x : a) visit(x);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(reinterpret_cast<const char*>(data), size).get(doc)) return 0;
  visit(doc);
  return 0;
}
