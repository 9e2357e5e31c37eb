#include "sluice/load/column_buffer.h"

#include <cstring>

namespace sluice {
namespace {

bool is_text(Value::Kind k) {
  return k == Value::Kind::kString || k == Value::Kind::kJson;
}

}  // namespace

void ColumnBuffer::push(Value&& v) {
  if (v.is_null()) return push_null();
  if (!mixed_ && kind_ != Value::Kind::kNull && v.kind != kind_) become_mixed();
  if (!mixed_ && is_text(v.kind)) return push_text(v.kind, v.s);
  valid_.push_back(1);
  if (mixed_) {
    values_.push_back(std::move(v));
    return;
  }
  kind_ = v.kind;
  if (kind_ == Value::Kind::kDouble) {
    int64_t bits;
    std::memcpy(&bits, &v.d, sizeof bits);
    words_.push_back(bits);
  } else if (kind_ == Value::Kind::kBool) {
    words_.push_back(v.b ? 1 : 0);
  } else {
    words_.push_back(v.i);
  }
}

void ColumnBuffer::push_text(Value::Kind kind, std::string_view s) {
  if (mixed_ || (kind_ != Value::Kind::kNull && kind_ != kind)) {
    Value v;
    v.kind = kind;
    v.s.assign(s);
    return push(std::move(v));
  }
  kind_ = kind;
  valid_.push_back(1);
  arena_.append(s);
  words_.push_back(static_cast<int64_t>(arena_.size()));
}

void ColumnBuffer::push_null() {
  valid_.push_back(0);
  if (mixed_)
    values_.emplace_back();
  else  // text keeps its end offsets running; other kinds ignore the word
    words_.push_back(static_cast<int64_t>(arena_.size()));
}

void ColumnBuffer::pop() {
  valid_.pop_back();
  if (mixed_) {
    values_.pop_back();
    return;
  }
  words_.pop_back();
  if (is_text(kind_)) arena_.resize(words_.empty() ? 0 : static_cast<size_t>(words_.back()));
}

double ColumnBuffer::real(size_t row) const {
  double d;
  std::memcpy(&d, &words_[row], sizeof d);
  return d;
}

Value ColumnBuffer::get(size_t row) const {
  if (!valid_[row]) return Value();
  if (mixed_) return values_[row];
  switch (kind_) {
    case Value::Kind::kString:
      return Value::string(std::string(text(row)));
    case Value::Kind::kJson:
      return Value::json(std::string(text(row)));
    case Value::Kind::kDouble:
      return Value::real(real(row));
    case Value::Kind::kBool:
      return Value::boolean(words_[row] != 0);
    case Value::Kind::kTimestamp:
      return Value::timestamp(words_[row]);
    case Value::Kind::kDate:
      return Value::date(words_[row]);
    default:
      return Value::integer(words_[row]);
  }
}

void ColumnBuffer::become_mixed() {
  std::vector<Value> values;
  values.reserve(size() + 1);
  for (size_t r = 0; r < size(); ++r) values.push_back(get(r));
  values_ = std::move(values);
  mixed_ = true;
  words_ = {};
  arena_ = {};
}

}  // namespace sluice
