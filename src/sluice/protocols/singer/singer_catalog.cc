#include "sluice/protocols/singer/singer_catalog.h"

#include "sluice/core/error.h"
#include "sluice/protocols/json_lines/json_schema.h"
#include "sluice/protocols/json_lines/stream_choice.h"

namespace sluice::singer {
namespace {

const nlohmann::json* top_metadata(const nlohmann::json& stream) {
  auto m = stream.find("metadata");
  if (m == stream.end() || !m->is_array()) return nullptr;
  for (const nlohmann::json& entry : *m)
    if (entry.is_object() && entry.value("breadcrumb", nlohmann::json()) == nlohmann::json::array())
      if (auto md = entry.find("metadata"); md != entry.end() && md->is_object()) return &*md;
  return nullptr;
}

}  // namespace

nlohmann::json discover_catalog(const std::vector<TableSpec>& tables) {
  nlohmann::json streams = nlohmann::json::array();
  for (const TableSpec& t : tables) {
    // Sluice keeps its own cursor per stream: the method is forced and no key is the user's choice.
    nlohmann::json metadata = nlohmann::json::array(
        {{{"breadcrumb", nlohmann::json::array()},
          {"metadata",
           {{"selected", true},
            {"inclusion", "available"},
            {"table-key-properties", t.primary_key},
            {"valid-replication-keys",
             t.cursor.empty() ? nlohmann::json::array() : nlohmann::json::array({t.cursor})},
            {"forced-replication-method",
             json_lines::resumes(t) ? "INCREMENTAL" : "FULL_TABLE"}}}}});
    for (const ColumnSpec& c : t.columns) {
      bool key =
          std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end();
      metadata.push_back({{"breadcrumb", {"properties", c.name}},
                          {"metadata", {{"inclusion", key ? "automatic" : "available"}}}});
    }
    streams.push_back({{"tap_stream_id", t.name},
                       {"stream", t.name},
                       {"schema", json_lines::table_schema(t, kDeletedColumn)},
                       {"key_properties", t.primary_key},
                       {"metadata", metadata}});
  }
  return {{"streams", streams}};
}

json_lines::TableChoice selected_streams(const nlohmann::json& catalog,
                                         const std::vector<TableSpec>& tables,
                                         const std::string& origin) {
  json_lines::TableChoice choice;
  for (const nlohmann::json& s : json_lines::catalog_streams(catalog, origin, "Singer catalog")) {
    std::string name;
    if (s.is_object()) name = s.value("tap_stream_id", s.value("stream", std::string()));
    if (name.empty())
      throw Error(ErrorKind::kConfig, origin + " has a stream without tap_stream_id; pass the " +
                                          "catalog this tap's --discover printed.");
    const TableSpec& table = json_lines::table_named(tables, name, origin);
    const nlohmann::json* md = top_metadata(s);
    bool selected = md && md->value("selected", false);
    if (!md || !md->contains("selected")) selected = s.value("selected", false);
    if (!selected) continue;
    std::string method = md ? md->value("replication-method", std::string()) : std::string();
    choice[name] = json_lines::resumes(table) && method != "FULL_TABLE";
  }
  return choice;
}

json_lines::TableChoice all_streams(const std::vector<TableSpec>& tables) {
  json_lines::TableChoice choice;
  for (const TableSpec& t : tables) choice[t.name] = json_lines::resumes(t);
  return choice;
}

}  // namespace sluice::singer
