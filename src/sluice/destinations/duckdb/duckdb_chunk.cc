#include "sluice/destinations/duckdb/duckdb_chunk.h"

#include <utility>

#include "sluice/json/infer.h"

namespace sluice::duck {
namespace {

// The vector type a column is filled as. Types the engine fills directly keep the appender's own
// type (JSON included: it is VARCHAR underneath, and a plain VARCHAR would be cast and validated);
// the rest are filled in a wider type DuckDB casts on append, as the value-at-a-time appender did.
duckdb_logical_type vector_type(duckdb_logical_type column) {
  switch (duckdb_get_type_id(column)) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_VARCHAR:
      return column;
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
      duckdb_destroy_logical_type(&column);
      return duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DECIMAL:
      duckdb_destroy_logical_type(&column);
      return duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    default:
      duckdb_destroy_logical_type(&column);
      return duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  }
}

}  // namespace

ChunkAppender::ChunkAppender(duckdb_appender appender, const std::vector<ColumnType>& types,
                             Sink sink)
    : appender_(appender),
      sink_(std::move(sink)),
      set_(types.size(), false),
      capacity_(duckdb_vector_size()) {
  for (size_t c = 0; c < types.size(); ++c) {
    duckdb_logical_type t = vector_type(duckdb_appender_column_type(appender, c));
    Column col{Fill::kText, ColumnType::kString};
    switch (duckdb_get_type_id(t)) {
      case DUCKDB_TYPE_BOOLEAN:
        col = {Fill::kBool, ColumnType::kBoolean};
        break;
      case DUCKDB_TYPE_BIGINT:
        col = {Fill::kInt64, ColumnType::kLong};
        break;
      case DUCKDB_TYPE_DOUBLE:
        col = {Fill::kDouble, ColumnType::kDouble};
        break;
      case DUCKDB_TYPE_DATE:
        col = {Fill::kDate, ColumnType::kNaiveDate};
        break;
      case DUCKDB_TYPE_TIMESTAMP:
        col = {Fill::kMicros, ColumnType::kNaiveDateTime};
        break;
      case DUCKDB_TYPE_TIMESTAMP_TZ:
        col = {Fill::kMicros, ColumnType::kUtcDateTime};
        break;
      default:  // text: JSON columns keep JSON's quoting of strings
        col = {Fill::kText,
               types[c] == ColumnType::kJson ? ColumnType::kJson : ColumnType::kString};
    }
    columns_.push_back(col);
    logical_.push_back(t);
  }
  chunk_ = duckdb_create_data_chunk(logical_.data(), logical_.size());
  bind_vectors();
}

ChunkAppender::~ChunkAppender() {
  duckdb_destroy_data_chunk(&chunk_);
}

void ChunkAppender::bind_vectors() {
  for (size_t c = 0; c < columns_.size(); ++c) {
    Column& col = columns_[c];
    col.vector = duckdb_data_chunk_get_vector(chunk_, c);
    duckdb_vector_ensure_validity_writable(col.vector);
    col.validity = duckdb_vector_get_validity(col.vector);
    col.data = duckdb_vector_get_data(col.vector);
  }
}

void ChunkAppender::set(size_t c, const Value& raw) {
  Column& col = columns_[c];
  set_[c] = true;
  // Text into a text column, the common case, needs neither conversion nor a copy.
  if (col.fill == Fill::kText &&
      (raw.kind == Value::Kind::kString || raw.kind == Value::Kind::kJson) &&
      (raw.kind == Value::Kind::kJson) == (col.as == ColumnType::kJson)) {
    duckdb_vector_assign_string_element_len(col.vector, row_, raw.s.data(), raw.s.size());
    return;
  }
  const Value v = coerce(raw, col.as);
  if (v.is_null()) {
    duckdb_validity_set_row_invalid(col.validity, row_);
    return;
  }
  switch (col.fill) {
    case Fill::kBool:
      static_cast<bool*>(col.data)[row_] = v.b;
      break;
    case Fill::kInt64:
    case Fill::kMicros:
      static_cast<int64_t*>(col.data)[row_] = v.i;
      break;
    case Fill::kDouble:
      static_cast<double*>(col.data)[row_] = v.d;
      break;
    case Fill::kDate:
      static_cast<int32_t*>(col.data)[row_] = static_cast<int32_t>(v.i);
      break;
    case Fill::kText:
      duckdb_vector_assign_string_element_len(col.vector, row_, v.s.data(), v.s.size());
      break;
  }
}

void ChunkAppender::set(size_t c, const ColumnBuffer& data, size_t row) {
  Column& col = columns_[c];
  if (data.is_null(row)) {
    set_[c] = true;
    duckdb_validity_set_row_invalid(col.validity, row_);
    return;
  }
  if (data.mixed()) return set(c, data.get(row));
  bool as_is = false;  // the kind, held as the column's vector holds it
  switch (data.kind()) {
    case Value::Kind::kString:
      as_is = col.fill == Fill::kText && col.as == ColumnType::kString;
      break;
    case Value::Kind::kJson:
      as_is = col.fill == Fill::kText && col.as == ColumnType::kJson;
      break;
    case Value::Kind::kInt:
      as_is = col.fill == Fill::kInt64;
      break;
    case Value::Kind::kTimestamp:
      as_is = col.fill == Fill::kMicros;
      break;
    case Value::Kind::kDouble:
      as_is = col.fill == Fill::kDouble;
      break;
    case Value::Kind::kBool:
      as_is = col.fill == Fill::kBool;
      break;
    default:
      break;
  }
  if (!as_is) return set(c, data.get(row));
  set_[c] = true;
  switch (col.fill) {
    case Fill::kText: {
      const std::string_view s = data.text(row);
      duckdb_vector_assign_string_element_len(col.vector, row_, s.data(), s.size());
      break;
    }
    case Fill::kDouble:
      static_cast<double*>(col.data)[row_] = data.real(row);
      break;
    case Fill::kBool:
      static_cast<bool*>(col.data)[row_] = data.word(row) != 0;
      break;
    default:  // kInt64, kMicros
      static_cast<int64_t*>(col.data)[row_] = data.word(row);
  }
}

bool ChunkAppender::end_row() {
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (!set_[c]) duckdb_validity_set_row_invalid(columns_[c].validity, row_);
    set_[c] = false;
  }
  return ++row_ < capacity_ || flush();
}

bool ChunkAppender::flush() {
  if (row_ == 0) return true;
  duckdb_data_chunk_set_size(chunk_, row_);
  row_ = 0;
  if (sink_) {
    const bool ok = sink_(chunk_);
    chunk_ = duckdb_create_data_chunk(logical_.data(), logical_.size());
    bind_vectors();
    return ok;
  }
  const bool ok = duckdb_append_data_chunk(appender_, chunk_) == DuckDBSuccess;
  duckdb_data_chunk_reset(chunk_);
  bind_vectors();  // a reset chunk may hand out new buffers
  return ok;
}

}  // namespace sluice::duck
