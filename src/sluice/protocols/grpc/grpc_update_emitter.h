#pragma once
// The emitter behind the partner SDK's Update: each operation becomes one UpdateResponse on the
// stream (records typed by their columns' declared types, checkpoints with the whole state), a
// SchemaChange first whenever a record brings a column the schema did not declare, all filtered by
// the table and column selection Fivetran sent.
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/sync_stream.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "connector_sdk.pb.h"
#include "sluice/core/table_spec.h"
#include "sluice/sdk/emitter.h"

namespace sluice::grpc_protocol {

// Which tables and columns Fivetran asked for; everything when it sent no selection.
class Selection {
 public:
  Selection() = default;
  explicit Selection(const ::fivetran_sdk::v2::Selection& s);
  bool table(const std::string& name) const;
  bool column(const std::string& table, const std::string& column) const;
  // Tables the selection includes by name that are not among `tables`.
  std::vector<std::string> unknown_tables(const std::vector<TableSpec>& tables) const;

 private:
  bool everything_ = true;
  bool include_new_tables_ = true;
  std::map<std::string, ::fivetran_sdk::v2::TableSelection> tables_;
};

class UpdateEmitter : public Emitter {
 public:
  // `tables` is the schema the Schema call declares for this configuration.
  UpdateEmitter(::grpc::ServerWriter<::fivetran_sdk::v2::UpdateResponse>* writer,
                const std::vector<TableSpec>& tables, Selection selection);
  void upsert(const std::string& table, Record record) override;
  void update(const std::string& table, Record record) override;
  void remove(const std::string& table, Record keys) override;
  void truncate(const std::string& table) override;
  void snapshot_begins(const std::string& table) override;
  void checkpoint(const nlohmann::json& state) override;
  // A Warning on the stream: something Fivetran's user should know that does not stop the sync.
  void warn(const std::string& message);
  int64_t records() const { return records_; }
  int64_t checkpoints() const { return checkpoints_; }

 private:
  void send_record(const std::string& table, ::fivetran_sdk::v2::RecordType type, Record* record);
  void write(const ::fivetran_sdk::v2::UpdateResponse& response);
  // Declares the record's undeclared columns to Fivetran (one SchemaChange) before it is sent.
  void declare_new_columns(const std::string& table, const Record& record);

  ::grpc::ServerWriter<::fivetran_sdk::v2::UpdateResponse>* writer_;
  Selection selection_;
  std::map<std::string, TableSpec> tables_;  // as declared so far, new columns included
  int64_t records_ = 0;
  int64_t checkpoints_ = 0;
};

}  // namespace sluice::grpc_protocol
