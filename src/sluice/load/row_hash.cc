#include "sluice/load/row_hash.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "sluice/json/infer.h"

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

// Eight bytes per step where mix() takes one: key hashes live only in this process's key sets,
// so they need not match mix()'s. The length goes into the last step, which keeps ("ab","c") and
// ("a","bc") apart.
uint64_t mix_words(uint64_t h, std::string_view s) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = (h ^ tail ^ (static_cast<uint64_t>(s.size()) << 56)) * kMul;
  return h ^ (h >> 29);
}

// A key value's 8-byte word (an integer, a time or a date), in mix_words() terms.
uint64_t mix_word(uint64_t h, int64_t w) {
  char bytes[8];
  std::memcpy(bytes, &w, 8);
  return mix_words(h, std::string_view(bytes, 8));
}

// Whether values of `kind` are what a column of type `t` holds as they are (coerce() would
// return them unchanged) and are held as a word.
bool held_as_word(Value::Kind kind, ColumnType t) {
  switch (kind) {
    case Value::Kind::kInt:
      return t == ColumnType::kShort || t == ColumnType::kInt || t == ColumnType::kLong;
    case Value::Kind::kTimestamp:
      return t == ColumnType::kNaiveDateTime || t == ColumnType::kUtcDateTime;
    case Value::Kind::kDate:
      return t == ColumnType::kNaiveDate;
    default:
      return false;
  }
}

// Spreads FNV's weak low bits over the whole word (the hash sets index by the low bits).
uint64_t finish(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 33);
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

uint64_t key_hash(const Batch& batch, size_t row, const std::vector<size_t>& positions,
                  const std::vector<ColumnType>& types) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t k = 0; k < positions.size(); ++k) {
    const ColumnBuffer& data = batch.data[positions[k]];
    if (data.is_null(row)) {
      h = mix_words(h, "\x01null");
      continue;
    }
    // The value as its column holds it: integers, times and dates as their word (formatting a
    // time as text was a sixth of SenSource's key work), the rest as text. Read in place when the
    // buffer already holds that; else coerced, so "5" and 5 in a BIGINT key hash alike.
    if (!data.mixed() && data.kind() == Value::Kind::kString && types[k] == ColumnType::kString) {
      h = mix_words(h, data.text(row));
    } else if (!data.mixed() && held_as_word(data.kind(), types[k])) {
      h = mix_word(h, data.word(row));
    } else if (Value v = coerce(data.get(row), types[k]); held_as_word(v.kind, types[k])) {
      h = mix_word(h, v.i);
    } else {
      h = mix_words(h, v.to_text());
    }
  }
  return finish(h);
}

uint64_t fields_digest(const Record& record, std::initializer_list<std::string_view> names) {
  uint64_t h = 1469598103934665603ULL;
  for (std::string_view name : names) {
    const Value* v = record.find(name);
    if (!v || v->is_null()) {
      mix(h, "\x01null");
      continue;
    }
    const char kind[] = {static_cast<char>('0' + static_cast<int>(v->kind)), 0};
    mix(h, kind);
    if (v->kind == Value::Kind::kString || v->kind == Value::Kind::kJson)
      mix(h, v->s);
    else
      mix(h, v->to_text());
  }
  return finish(h);
}

}  // namespace sluice
