#include "sluice/destinations/postgres/pg_binary_copy.h"

#include <endian.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "sluice/core/error.h"
#include "sluice/destinations/postgres/pg_types.h"
#include "sluice/json/infer.h"

namespace sluice::pg {
namespace {

// PostgreSQL counts times from 2000-01-01; Sluice from 1970-01-01.
constexpr int64_t kEpochDays = 10957;
constexpr int64_t kEpochMicros = kEpochDays * 86400 * 1000000LL;
constexpr size_t kPiece = 1 << 20;

// numeric's sign word
constexpr uint16_t kNumericPositive = 0x0000, kNumericNegative = 0x4000, kNumericNaN = 0xC000,
                   kNumericPlusInfinity = 0xD000, kNumericMinusInfinity = 0xF000;

bool is_integer(ColumnType t) {
  return t == ColumnType::kShort || t == ColumnType::kInt || t == ColumnType::kLong;
}

bool is_time(ColumnType t) {
  return t == ColumnType::kNaiveDateTime || t == ColumnType::kUtcDateTime;
}

class Encoder {
 public:
  explicit Encoder(const CopySink& sink) : sink_(sink) { out_.reserve(kPiece + (64 << 10)); }

  void header() {
    static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // and its terminating NUL
    out_.append(kSignature, sizeof kSignature);
    put32(0);  // flags: no OIDs
    put32(0);  // no header extension
  }
  void begin_row(size_t fields) { put16(static_cast<uint16_t>(fields)); }
  void end_row() {
    if (out_.size() >= kPiece) flush();
  }
  void trailer() {
    put16(0xFFFF);  // a field count of -1
    flush();
  }

  void null() { put32(static_cast<uint32_t>(-1)); }
  void int8(int64_t v) {
    put32(8);
    put64(static_cast<uint64_t>(v));
  }

  // Row `row` of `col` as a value of type `t` in column `name`. The kinds that already are what
  // the column's binary form holds are read straight from the buffer; the rest are coerced first.
  void cell(const ColumnBuffer& col, size_t row, ColumnType t, const std::string& name) {
    if (col.is_null(row)) return null();
    if (!col.mixed()) {
      switch (col.kind()) {
        case Value::Kind::kInt:
          if (is_integer(t)) return integer(col.word(row), t, name);
          break;
        case Value::Kind::kDouble:
          if (t == ColumnType::kDouble || t == ColumnType::kFloat)
            return real(col.real(row), t, name);
          break;
        case Value::Kind::kBool:
          if (t == ColumnType::kBoolean) return boolean(col.word(row) != 0);
          break;
        case Value::Kind::kTimestamp:
          if (is_time(t)) return micros(col.word(row), name);
          break;
        case Value::Kind::kDate:
          if (t == ColumnType::kNaiveDate) return days(col.word(row), name);
          break;
        case Value::Kind::kString:
          if (t == ColumnType::kString || t == ColumnType::kBinary) return text(col.text(row), t);
          break;
        case Value::Kind::kJson:
          if (t == ColumnType::kJson) return text(col.text(row), t);
          break;
        default:
          break;
      }
    }
    value(coerce(col.get(row), t), t, name);
  }

  // `v` already coerced to `t`.
  void value(const Value& v, ColumnType t, const std::string& name) {
    if (v.is_null()) return null();
    switch (t) {
      case ColumnType::kBoolean:
        return boolean(v.b);
      case ColumnType::kShort:
      case ColumnType::kInt:
      case ColumnType::kLong:
        return integer(v.i, t, name);
      case ColumnType::kDecimal:
        return numeric(v.d);
      case ColumnType::kFloat:
      case ColumnType::kDouble:
        return real(v.d, t, name);
      case ColumnType::kNaiveDate:
        return days(v.i, name);
      case ColumnType::kNaiveDateTime:
      case ColumnType::kUtcDateTime:
        return micros(v.i, name);
      case ColumnType::kBinary:
      case ColumnType::kString:
      case ColumnType::kJson:
        return text(v.s, t);
    }
  }

 private:
  [[noreturn]] static void out_of_range(const std::string& value, ColumnType t,
                                        const std::string& name) {
    throw Error(ErrorKind::kWarehouse, "Column " + name + " is " + sql_type(t) +
                                           " in PostgreSQL and cannot hold " + value +
                                           "; declare it a wider type.");
  }

  void boolean(bool b) {
    put32(1);
    out_.push_back(b ? 1 : 0);
  }

  void integer(int64_t v, ColumnType t, const std::string& name) {
    if (t == ColumnType::kLong) return int8(v);
    if (t == ColumnType::kInt) {
      if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
        out_of_range(std::to_string(v), t, name);
      put32(4);
      return put32(static_cast<uint32_t>(v));
    }
    if (v < std::numeric_limits<int16_t>::min() || v > std::numeric_limits<int16_t>::max())
      out_of_range(std::to_string(v), t, name);
    put32(2);
    put16(static_cast<uint16_t>(v));
  }

  void real(double d, ColumnType t, const std::string& name) {
    if (t == ColumnType::kDouble) {
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      put32(8);
      return put64(bits);
    }
    const float f = static_cast<float>(d);
    if (std::isfinite(d) && !std::isfinite(f)) out_of_range(Value::real(d).to_text(), t, name);
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    put32(4);
    put32(bits);
  }

  void days(int64_t since_1970, const std::string& name) {
    const int64_t d = since_1970 - kEpochDays;
    if (d < std::numeric_limits<int32_t>::min() || d > std::numeric_limits<int32_t>::max())
      out_of_range(std::to_string(since_1970) + " days", ColumnType::kNaiveDate, name);
    put32(4);
    put32(static_cast<uint32_t>(d));
  }

  void micros(int64_t since_1970, const std::string& name) {
    int64_t m;
    if (__builtin_sub_overflow(since_1970, kEpochMicros, &m))
      out_of_range(std::to_string(since_1970) + " microseconds", ColumnType::kUtcDateTime, name);
    int8(m);
  }

  // text and bytea: the bytes; jsonb: its format version, 1, then the text. PostgreSQL's text
  // cannot hold NUL characters: they are dropped (bytea keeps them).
  void text(std::string_view s, ColumnType t) {
    const bool jsonb = t == ColumnType::kJson;
    if (t != ColumnType::kBinary && std::memchr(s.data(), '\0', s.size())) {
      std::string kept(s);
      std::erase(kept, '\0');
      return text(kept, t);
    }
    put32(static_cast<uint32_t>(s.size() + jsonb));
    if (jsonb) out_.push_back(1);
    out_.append(s);
  }

  // A DECIMAL column's values are doubles (coerce); numeric gets the double's decimal text
  // (Value::to_text: the digits and scale text COPY gave) as base-10,000 digits around the
  // decimal point. Encoding it here keeps the staging column numeric, so the merges need no cast.
  void numeric(double d) {
    if (!std::isfinite(d))
      return numeric_header(
          0, 0,
          std::isnan(d) ? kNumericNaN : (d > 0 ? kNumericPlusInfinity : kNumericMinusInfinity), 0);
    const std::string s = Value::real(d).to_text();
    size_t p = 0;
    const bool negative = s[0] == '-';
    if (negative) ++p;
    std::string digits;
    long point = -1;  // digits before the '.'
    for (; p < s.size() && (std::isdigit(static_cast<unsigned char>(s[p])) || s[p] == '.'); ++p) {
      if (s[p] == '.')
        point = static_cast<long>(digits.size());
      else
        digits.push_back(s[p]);
    }
    if (point < 0) point = static_cast<long>(digits.size());
    long exponent = 0;
    if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
      ++p;
      if (p < s.size() && s[p] == '+') ++p;
      std::from_chars(s.data() + p, s.data() + s.size(), exponent);
    }
    const long scale = std::max(0L, static_cast<long>(digits.size()) - point - exponent);
    long before_point = point + exponent;  // digits of `digits` left of the decimal point
    const size_t lead = digits.find_first_not_of('0');
    if (lead == std::string::npos) return numeric_header(0, 0, kNumericPositive, scale);
    digits.erase(0, lead);
    before_point -= static_cast<long>(lead);
    digits.erase(digits.find_last_not_of('0') + 1);
    // Whole groups of four on each side of the point.
    const long pad = ((4 - before_point % 4) % 4 + 4) % 4;
    digits.insert(0, static_cast<size_t>(pad), '0');
    before_point += pad;
    digits.append((4 - digits.size() % 4) % 4, '0');
    const size_t groups = digits.size() / 4;
    numeric_header(groups, before_point / 4 - 1, negative ? kNumericNegative : kNumericPositive,
                   scale);
    for (size_t g = 0; g < groups; ++g) {
      uint16_t v = 0;
      for (size_t k = 0; k < 4; ++k) v = static_cast<uint16_t>(v * 10 + (digits[g * 4 + k] - '0'));
      put16(v);
    }
  }

  // The field's length and numeric's header: digit count, weight (the first digit's power of
  // 10,000), sign, display scale; the digits follow.
  void numeric_header(size_t groups, long weight, uint16_t sign, long scale) {
    put32(static_cast<uint32_t>(8 + 2 * groups));
    put16(static_cast<uint16_t>(groups));
    put16(static_cast<uint16_t>(static_cast<int16_t>(weight)));
    put16(sign);
    put16(static_cast<uint16_t>(scale));
  }

  void put16(uint16_t v) {
    v = htobe16(v);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put32(uint32_t v) {
    v = htobe32(v);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put64(uint64_t v) {
    v = htobe64(v);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void flush() {
    if (!out_.empty()) sink_(out_);
    out_.clear();
  }

  const CopySink& sink_;
  std::string out_;
};

}  // namespace

void write_binary_copy(const Batch& batch, const std::vector<ColumnType>& types,
                       const CopySink& sink, const CopyRows& rows) {
  Encoder out(sink);
  out.header();
  const size_t fields = rows.numbered + types.size() + rows.extra.size();
  for (size_t r = 0; r < batch.size(); ++r) {
    if (rows.only && !(*rows.only)[r]) continue;
    out.begin_row(fields);
    if (rows.numbered) out.int8(static_cast<int64_t>(r));
    for (size_t c = 0; c < types.size(); ++c)
      out.cell(batch.data[c], r, types[c], batch.columns[c]);
    for (size_t k = 0; k < rows.extra.size(); ++k)
      out.value(coerce(rows.extra[k], rows.extra_types[k]), rows.extra_types[k],
                rows.extra_columns[k]);
    out.end_row();
  }
  out.trailer();
}

}  // namespace sluice::pg
