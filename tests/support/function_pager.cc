#include "support/function_pager.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/http/client.h"
#include "support/normalized_dump.h"
#include "support/process.h"

namespace sluice::testing {
namespace {

std::optional<std::string> json_text(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  if (j.is_string()) return j.get<std::string>();
  return j.dump();
}

std::string key_of(const nlohmann::json& row, const std::vector<std::string>& key) {
  std::string out;
  for (const auto& k : key) out += (row.contains(k) ? row[k].dump() : "?") + "|";
  return out;
}

}  // namespace

ServedFunction::ServedFunction(const std::string& connector, const std::string& workdir,
                               size_t max_bytes) {
  std::vector<std::string> args = {sluice_binary(), "serve",  "function", "--connector",
                                   connector,       "--port", "0"};
  if (max_bytes) {
    args.push_back("--max-response-bytes");
    args.push_back(std::to_string(max_bytes));
  }
  const std::string out = workdir + "/serve-" + connector + ".out";
  pid_ = spawn_process(args, out, workdir + "/serve-" + connector + ".err", workdir);
  for (int i = 0; i < 1000 && url_.empty(); ++i) {
    std::string text = read_file(out);
    auto at = text.find("http://");
    if (at != std::string::npos && text.find('\n', at) != std::string::npos)
      url_ = text.substr(at, text.find('\n', at) - at) + "/";
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ServedFunction::~ServedFunction() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  wait_process(pid_);
}

PagedSync page_function(const std::string& url, const nlohmann::json& secrets, int max_calls,
                        nlohmann::json state, const std::string& sync_id) {
  PagedSync out;
  if (url.empty()) {
    out.failure = "the function server never said where it listens";
    return out;
  }
  auto& keys = out.keys;
  std::set<std::string> sent, keys_sent, states;
  HttpClient client;
  while (out.calls < max_calls) {
    Request r;
    r.method = "POST";
    r.url = url;
    r.headers.emplace_back("Content-Type", "application/json");
    nlohmann::json call{{"state", state}, {"secrets", secrets}};
    if (!sync_id.empty()) call["sync_id"] = sync_id;
    r.body = call.dump();
    Response resp;
    TransportError err;
    ++out.calls;
    if (!client.perform(r, resp, err) || resp.status != 200) {
      out.failure = "call " + std::to_string(out.calls) +
                    " failed: " + std::to_string(resp.status) + " " + err.message +
                    resp.body.substr(0, 500);
      return out;
    }
    out.bytes += resp.body.size();
    out.largest = std::max(out.largest, resp.body.size());
    nlohmann::json answer = nlohmann::json::parse(resp.body);
    for (auto& [table, spec] : answer["schema"].items())
      keys[table] = spec["primary_key"].get<std::vector<std::string>>();
    for (auto& [table, rows] : answer["insert"].items())
      for (auto& row : rows) {
        ++out.rows;
        if (!sent.insert(table + " " + row.dump()).second)
          out.repeated.push_back(table + " " + row.dump());
        std::string key = key_of(row, keys[table]);
        if (!keys_sent.insert(table + " " + key).second) ++out.keys_again[table];
        nlohmann::json& folded = out.tables[table][key];
        if (folded.is_null()) folded = nlohmann::json::object();
        folded.update(row);
      }
    for (auto& [table, rows] : answer["delete"].items())
      out.keys_again["deleted " + table] += static_cast<int64_t>(rows.size());
    for (const auto& table : answer.value("softDelete", nlohmann::json::array()))
      ++out.soft_deleted[table.get<std::string>()];
    const bool more = answer["hasMore"].get<bool>();
    if (more && (answer["state"] == state || !states.insert(answer["state"].dump()).second)) {
      out.failure = "call " + std::to_string(out.calls) + " answered hasMore with a state " +
                    (answer["state"] == state ? "it was given" : "seen before") + ": " +
                    answer["state"].dump().substr(0, 500);
      return out;
    }
    state = out.state = answer["state"];
    if (!more) {
      out.finished = true;
      return out;
    }
  }
  out.failure = "the sync did not finish in " + std::to_string(max_calls) + " calls";
  return out;
}

std::vector<std::string> differences(const PagedSync& paged, const std::string& path) {
  std::vector<std::string> problems;
  auto note = [&](std::string p) {
    if (problems.size() < 20) problems.push_back(std::move(p));
  };
  auto db = open_duckdb(path, true);
  QueryResult tables = db->query(
      "SELECT table_name FROM information_schema.tables WHERE table_name NOT LIKE '\\_%' ESCAPE "
      "'\\' ORDER BY 1");
  std::set<std::string> seen;
  for (const auto& t : tables.rows) {
    const std::string table = *t[0];
    seen.insert(table);
    std::map<std::string, ColumnType> types;
    const auto columns = db->table_columns(table);
    if (columns)
      for (const auto& c : *columns) types[c.name] = c.type;
    auto text = [&](const std::string& column, const std::optional<std::string>& v) {
      return normalized_value(v, types.count(column) ? types[column] : ColumnType::kString);
    };
    const auto key_columns = paged.keys.find(table);
    auto sent = paged.tables.find(table);
    // Append tables keep no deletion flag.
    QueryResult probe = db->query("SELECT * FROM \"" + table + "\" LIMIT 0");
    const bool flagged = std::find(probe.columns.begin(), probe.columns.end(), "_sluice_deleted") !=
                         probe.columns.end();
    QueryResult rows = db->query("SELECT * FROM \"" + table + "\"" +
                                 (flagged ? " WHERE NOT _sluice_deleted" : ""));
    if (sent == paged.tables.end() || key_columns == paged.keys.end()) {
      if (!rows.rows.empty()) note(table + ": no row was sent");
      continue;
    }
    // The rows sent, by their key as the warehouse writes it.
    std::map<std::string, const nlohmann::json*> by_key;
    for (const auto& [key, row] : sent->second) {
      std::string k;
      for (const auto& c : key_columns->second)
        k += text(c, json_text(row.value(c, nlohmann::json()))) + "|";
      by_key[k] = &row;
    }
    size_t equal = 0;
    for (const auto& row : rows.rows) {
      std::map<std::string, std::optional<std::string>> local;
      for (size_t k = 0; k < row.size(); ++k) local[rows.columns[k]] = row[k];
      std::string k;
      for (const auto& c : key_columns->second) k += text(c, local[c]) + "|";
      auto got = by_key.find(k);
      if (got == by_key.end()) {
        note(table + ": the key " + k + " was not sent");
        continue;
      }
      bool same = true;
      for (auto& [column, value] : got->second->items()) {
        if (!local.count(column)) {
          note(table + ": the column " + column + " is not in the warehouse");
          same = false;
        } else if (text(column, json_text(value)) != text(column, local[column])) {
          note(table + " " + k + ": " + column + " sent " + text(column, json_text(value)) +
               ", synced " + text(column, local[column]));
          same = false;
        }
      }
      equal += same;
    }
    if (equal != sent->second.size() || equal != rows.rows.size())
      note(table + ": " + std::to_string(sent->second.size()) + " keys sent, " +
           std::to_string(rows.rows.size()) + " rows synced, " + std::to_string(equal) + " equal");
  }
  for (const auto& [table, rows] : paged.tables)
    if (!seen.count(table)) note(table + ": sent but not in the warehouse");
  return problems;
}

}  // namespace sluice::testing
