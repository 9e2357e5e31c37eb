#include "bench/refiner_limits.h"

#include <duckdb.h>
#include <simdjson.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "sluice/core/error.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/http/client.h"
#include "sluice/json/infer.h"
#include "sluice/load/sql_text.h"
#include "sluice/sdk/registry.h"

namespace sluice::bench {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Collects what a connector emits, untouched: the rows the append limit then writes.
class Collector : public Emitter {
 public:
  std::map<std::string, std::vector<Record>> tables;
  void upsert(const std::string& t, Record r) override { tables[t].push_back(std::move(r)); }
  void update(const std::string& t, Record r) override { tables[t].push_back(std::move(r)); }
  void remove(const std::string&, Record) override {}
  void truncate(const std::string&) override {}
  void checkpoint(const nlohmann::json&) override {}
};

// Every page of one list by page number, bodies kept as they came.
void download_list(HttpClient& http, const std::string& url, const std::string& key, Params query,
                   std::vector<std::string>& pages, Limits& out) {
  for (long long page = 1, last = 1; page <= last; ++page) {
    Request r;
    r.url = url;
    r.query = query;
    r.set_query("page", std::to_string(page));
    r.set_query("page_length", "1000");
    r.headers.emplace_back("Authorization", "Bearer " + key);
    Response resp;
    TransportError err;
    if (!http.perform(r, resp, err) || resp.status != 200)
      throw Error(ErrorKind::kNetwork,
                  "bench download failed at " + url + " page " + std::to_string(page));
    if (page == 1) {  // the page count, read once; every other page is left unparsed
      auto at = resp.body.find("\"last_page\":");
      if (at != std::string::npos) last = std::stoll(resp.body.substr(at + 12));
    }
    out.bytes += static_cast<long long>(resp.body.size());
    ++out.pages;
    pages.push_back(std::move(resp.body));
  }
}

}  // namespace

Limits measure_refiner_limits(const std::string& config_json, const std::string& scratch) {
  Limits out;
  nlohmann::json config = nlohmann::json::parse(config_json);
  std::string base = config["base_url"], key = config["api_key"];
  // (a) download
  std::vector<std::string> pages;
  {
    HttpClient http;
    auto t = Clock::now();
    download_list(http, base + "forms", key,
                  {{"list", "all_with_archived"}, {"include_info", "1"}, {"include_config", "1"}},
                  pages, out);
    download_list(http, base + "contacts", key, {}, pages, out);
    download_list(http, base + "responses", key,
                  {{"date_range_start", config["start_date"]}, {"with_attributes", "1"}}, pages,
                  out);
    out.download_seconds = since(t);
  }
  // (b) parse
  {
    simdjson::dom::parser parser;
    auto t = Clock::now();
    for (const auto& body : pages) {
      simdjson::dom::array items;
      if (!parser.parse(body).get_object()["items"].get(items))
        out.items += static_cast<long long>(items.size());
    }
    out.parse_seconds = since(t);
  }
  pages.clear();
  pages.shrink_to_fit();
  // (c) append: the connector's own rows, collected first (untimed), then appended alone.
  auto connector = make_connector("refiner");
  Validated v = validate_config(connector->spec(), config);
  Collector rows;
  connector->update(v.config, nlohmann::json::object(), rows);
  duck::Connection db(scratch + "/append_limit.duckdb", false);
  auto t = Clock::now();
  for (auto& [name, records] : rows.tables) {
    std::vector<std::string> cols;
    std::map<std::string, ColumnType> types;
    for (const auto& r : records)
      for (const auto& f : r.fields) {
        auto it = types.find(f.name);
        auto inferred = infer_type(f.value);
        if (it == types.end()) {
          cols.push_back(f.name);
          types[f.name] = inferred.value_or(ColumnType::kString);
        } else if (inferred) {
          it->second = widen(it->second, *inferred);
        }
      }
    std::string ddl = "CREATE TABLE " + sql::quote_ident(name) + " (";
    for (size_t k = 0; k < cols.size(); ++k)
      ddl += (k ? ", " : "") + sql::quote_ident(cols[k]) + " " + duck::sql_type(types[cols[k]]);
    db.exec(ddl + ")");
    duckdb_appender a;
    duckdb_appender_create(db.raw(), nullptr, name.c_str(), &a);
    for (const auto& r : records) {
      for (const auto& c : cols) {
        const Value* raw = r.find(c);
        Value val = raw ? coerce(*raw, types[c]) : Value::null();
        switch (val.kind) {
          case Value::Kind::kNull:
            duckdb_append_null(a);
            break;
          case Value::Kind::kBool:
            duckdb_append_bool(a, val.b);
            break;
          case Value::Kind::kInt:
            duckdb_append_int64(a, val.i);
            break;
          case Value::Kind::kDouble:
            duckdb_append_double(a, val.d);
            break;
          case Value::Kind::kTimestamp:
            duckdb_append_timestamp(a, duckdb_timestamp{val.i});
            break;
          case Value::Kind::kDate:
            duckdb_append_date(a, duckdb_date{static_cast<int32_t>(val.i)});
            break;
          default:
            duckdb_append_varchar_length(a, val.s.data(), val.s.size());
        }
      }
      duckdb_appender_end_row(a);
      ++out.rows;
    }
    duckdb_appender_destroy(&a);
  }
  out.append_seconds = since(t);
  return out;
}

}  // namespace sluice::bench
