#include "sluice/protocols/grpc/grpc_update_emitter.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/json/infer.h"
#include "sluice/protocols/grpc/grpc_types.h"

namespace sluice::grpc_protocol {

Selection::Selection(const sdk::Selection& s) {
  if (s.has_without_schema()) {
    everything_ = false;
    include_new_tables_ = s.without_schema().include_new_tables();
    for (const auto& t : s.without_schema().tables()) tables_[t.table_name()] = t;
  } else if (s.has_with_schema()) {
    // Sluice declares no schemas (Schema answers without_schema), so a table is matched by name
    // in whichever schema lists it; one no schema lists is new to every included schema, or to
    // the selection itself when it lists no schema.
    everything_ = false;
    const auto& schemas = s.with_schema().schemas();
    include_new_tables_ = schemas.empty() && s.with_schema().include_new_schemas();
    for (const auto& schema : schemas) {
      if (schema.included() && schema.include_new_tables()) include_new_tables_ = true;
      for (const auto& t : schema.tables()) {
        tables_[t.table_name()] = t;
        if (!schema.included()) tables_[t.table_name()].set_included(false);
      }
    }
  }
}

bool Selection::table(const std::string& name) const {
  if (everything_) return true;
  auto it = tables_.find(name);
  return it == tables_.end() ? include_new_tables_ : it->second.included();
}

std::vector<std::string> Selection::unknown_tables(const std::vector<TableSpec>& tables) const {
  std::vector<std::string> out;
  for (const auto& [name, t] : tables_) {
    const bool known = std::any_of(tables.begin(), tables.end(),
                                   [&](const TableSpec& s) { return s.name == name; });
    if (t.included() && !known) out.push_back(name);
  }
  return out;
}

bool Selection::column(const std::string& table, const std::string& column) const {
  if (everything_) return true;
  auto it = tables_.find(table);
  if (it == tables_.end()) return true;
  auto c = it->second.columns().find(column);
  return c == it->second.columns().end() ? it->second.include_new_columns() : c->second;
}

UpdateEmitter::UpdateEmitter(::grpc::ServerWriter<sdk::UpdateResponse>* writer,
                             const std::vector<TableSpec>& tables, Selection selection)
    : writer_(writer), selection_(std::move(selection)) {
  for (const TableSpec& t : tables) tables_[t.name] = t;
}

void UpdateEmitter::declare_new_columns(const std::string& table, const Record& record) {
  TableSpec& spec = tables_[table];
  bool changed = false;
  for (const Field& f : record.fields) {
    if (f.value.is_null() || spec.declared_type(f.name) ||
        std::find(spec.primary_key.begin(), spec.primary_key.end(), f.name) !=
            spec.primary_key.end())
      continue;
    std::optional<ColumnType> type = infer_type(f.value);
    if (!type) continue;
    spec.name = table;
    spec.columns.push_back({f.name, *type});
    changed = true;
  }
  if (!changed) return;
  sdk::UpdateResponse response;
  to_table(spec, response.mutable_schema_change()->mutable_without_schema()->add_tables());
  write(response);
}

void UpdateEmitter::write(const sdk::UpdateResponse& response) {
  if (!writer_->Write(response))
    throw Error(ErrorKind::kInternal, "Fivetran closed the Update stream; the sync stopped.");
}

void UpdateEmitter::send_record(const std::string& table, sdk::RecordType type, Record* record) {
  if (!selection_.table(table)) return;
  sdk::UpdateResponse response;
  sdk::Record* r = response.mutable_record();
  r->set_table_name(table);
  r->set_type(type);
  if (record) {
    declare_new_columns(table, *record);
    const TableSpec& spec = tables_[table];
    auto* data = r->mutable_data();
    for (const Field& f : record->fields) {
      // Key columns travel even when deselected: Fivetran applies the record by them.
      const bool key = std::find(spec.primary_key.begin(), spec.primary_key.end(), f.name) !=
                       spec.primary_key.end();
      const std::optional<ColumnType> declared = spec.declared_type(f.name);
      // A column no value has declared yet does not exist on Fivetran's side: its NULL is left
      // out (the same row as far as Fivetran can tell) rather than sent for an unknown column.
      if (!key && !declared && f.value.is_null()) continue;
      if (key || selection_.column(table, f.name))
        to_value_type(f.value, declared, &(*data)[f.name]);
    }
  }
  write(response);
  ++records_;
}

void UpdateEmitter::upsert(const std::string& table, Record record) {
  send_record(table, sdk::UPSERT, &record);
}

void UpdateEmitter::update(const std::string& table, Record record) {
  send_record(table, sdk::UPDATE, &record);
}

void UpdateEmitter::remove(const std::string& table, Record keys) {
  send_record(table, sdk::DELETE, &keys);
}

// A Sluice connector truncates a snapshot table after writing it ("rows from before this sync"),
// while Fivetran's TRUNCATE removes every row written before it, this sync's included. So a
// snapshot table's TRUNCATE goes out when its whole read begins, ahead of its rows, and the
// trailing one is dropped; a read resumed inside the snapshot (a later Update from a checkpoint
// in it) sends none, so the rows the earlier Update sent stay.
void UpdateEmitter::snapshot_begins(const std::string& table) {
  auto it = tables_.find(table);
  if (it == tables_.end() || it->second.mode != WriteMode::kReplace) return;
  send_record(table, sdk::TRUNCATE, nullptr);
}

void UpdateEmitter::truncate(const std::string& table) {
  auto it = tables_.find(table);
  if (it != tables_.end() && it->second.mode == WriteMode::kReplace) return;
  send_record(table, sdk::TRUNCATE, nullptr);
}

void UpdateEmitter::warn(const std::string& message) {
  sdk::UpdateResponse response;
  response.mutable_warning()->set_message(message);
  write(response);
}

void UpdateEmitter::checkpoint(const nlohmann::json& state) {
  sdk::UpdateResponse response;
  response.mutable_checkpoint()->set_state_json(state.dump());
  write(response);
  ++checkpoints_;
}

}  // namespace sluice::grpc_protocol
