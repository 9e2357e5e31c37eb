#include "sluice/protocols/grpc/grpc_update_emitter.h"

#include "sluice/core/error.h"
#include "sluice/protocols/grpc/grpc_types.h"

namespace sluice::grpc_protocol {

Selection::Selection(const sdk::Selection& s) {
  if (s.has_without_schema()) {
    everything_ = false;
    include_new_tables_ = s.without_schema().include_new_tables();
    for (const auto& t : s.without_schema().tables()) tables_[t.table_name()] = t;
  } else if (s.has_with_schema()) {
    // Sluice declares no schemas, so any schema's tables apply.
    everything_ = false;
    include_new_tables_ = s.with_schema().include_new_schemas();
    for (const auto& schema : s.with_schema().schemas())
      for (const auto& t : schema.tables()) {
        tables_[t.table_name()] = t;
        if (!schema.included()) tables_[t.table_name()].set_included(false);
      }
  }
}

bool Selection::table(const std::string& name) const {
  if (everything_) return true;
  auto it = tables_.find(name);
  return it == tables_.end() ? include_new_tables_ : it->second.included();
}

bool Selection::column(const std::string& table, const std::string& column) const {
  if (everything_) return true;
  auto it = tables_.find(table);
  if (it == tables_.end()) return true;
  auto c = it->second.columns().find(column);
  return c == it->second.columns().end() ? it->second.include_new_columns() : c->second;
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
    auto* data = r->mutable_data();
    for (const Field& f : record->fields)
      if (selection_.column(table, f.name)) to_value_type(f.value, &(*data)[f.name]);
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

void UpdateEmitter::truncate(const std::string& table) {
  send_record(table, sdk::TRUNCATE, nullptr);
}

void UpdateEmitter::checkpoint(const nlohmann::json& state) {
  sdk::UpdateResponse response;
  response.mutable_checkpoint()->set_state_json(state.dump());
  write(response);
  ++checkpoints_;
}

}  // namespace sluice::grpc_protocol
