#include "sluice/cli/typed_rows.h"

#include <set>

#include "sluice/core/error.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"

namespace sluice::cli {
namespace {

using Json = nlohmann::ordered_json;

// The statement without a trailing `;`, so that it can go inside another.
std::string body_of(const std::string& sql) {
  size_t end = sql.find_last_not_of(" \t\r\n;");
  return end == std::string::npos ? sql : sql.substr(0, end + 1);
}

Json number_or_text(const std::string& text) {
  Json v = Json::parse(text, nullptr, false);  // no exception: inf and nan stay text
  return v.is_number() ? v : Json(text);
}

// A DuckDB value printed as text, typed by its column's DuckDB type.
Json duck_value(const std::optional<std::string>& text, const std::string& type) {
  if (!text) return nullptr;
  // Whole-number types Sluice never writes but queries produce (sum() is a HUGEINT).
  static const std::set<std::string> kWhole = {"TINYINT", "UTINYINT", "USMALLINT", "UINTEGER",
                                               "UBIGINT", "HUGEINT",  "UHUGEINT"};
  switch (kWhole.count(type) ? ColumnType::kLong : duck::column_type_from_sql(type)) {
    case ColumnType::kBoolean:
      return *text == "true";
    case ColumnType::kShort:
    case ColumnType::kInt:
    case ColumnType::kLong:
    case ColumnType::kDecimal:
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      return number_or_text(*text);
    case ColumnType::kNaiveDateTime: {
      std::string iso = *text;  // "2024-05-01 10:00:00" -> "2024-05-01T10:00:00"
      if (iso.size() > 10 && iso[10] == ' ') iso[10] = 'T';
      return iso;
    }
    case ColumnType::kJson: {
      Json v = Json::parse(*text, nullptr, false);
      return v.is_discarded() ? Json(*text) : v;
    }
    default:  // text, and dates and UTC timestamps, which DuckDB's connection prints in ISO 8601
      return *text;
  }
}

TypedRows as_text(const QueryResult& r) {
  TypedRows out{r.columns, {}};
  for (const auto& row : r.rows) {
    auto& typed = out.rows.emplace_back();
    for (const auto& v : row) typed.push_back(v ? Json(*v) : Json());
  }
  return out;
}

TypedRows duckdb_rows(const RunQuery& run, const std::string& sql) {
  QueryResult r = run(sql);
  QueryResult described;
  try {
    described = run("DESCRIBE " + body_of(sql));
  } catch (const Error&) {
    return as_text(r);  // SHOW, DESCRIBE, EXPLAIN: not a query DuckDB describes
  }
  if (described.rows.size() != r.columns.size()) return as_text(r);
  TypedRows out{r.columns, {}};
  for (const auto& row : r.rows) {
    auto& typed = out.rows.emplace_back();
    for (size_t c = 0; c < row.size(); ++c)
      typed.push_back(duck_value(row[c], described.rows[c][1].value_or("VARCHAR")));
  }
  return out;
}

TypedRows postgres_rows(const RunQuery& run, const std::string& sql) {
  QueryResult wrapped;
  try {
    wrapped = run("SELECT row_to_json(q)::text FROM (\n" + body_of(sql) + "\n) q");
  } catch (const Error&) {
    return as_text(run(sql));  // SHOW, EXPLAIN: not a query that nests
  }
  if (wrapped.rows.empty()) return {run(sql).columns, {}};
  TypedRows out;
  for (const auto& row : wrapped.rows) {
    Json object = Json::parse(row[0].value_or("{}"));
    if (out.columns.empty())
      for (const auto& [name, _] : object.items()) out.columns.push_back(name);
    auto& typed = out.rows.emplace_back();
    for (const std::string& name : out.columns) typed.push_back(object[name]);
  }
  return out;
}

}  // namespace

TypedRows typed_rows(const RunQuery& run, const std::string& sql, bool postgres) {
  return postgres ? postgres_rows(run, sql) : duckdb_rows(run, sql);
}

}  // namespace sluice::cli
