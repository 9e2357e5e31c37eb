#pragma once
// The emitter behind the partner SDK's Update: each operation becomes one UpdateResponse on the
// stream (records typed per value, checkpoints with the whole state), filtered by the table and
// column selection Fivetran sent.
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/sync_stream.h>

#include <map>
#include <set>
#include <string>

#include "connector_sdk_v2.pb.h"
#include "sluice/sdk/emitter.h"

namespace sluice::grpc_protocol {

// Which tables and columns Fivetran asked for; everything when it sent no selection.
class Selection {
 public:
  Selection() = default;
  explicit Selection(const ::fivetran_sdk::v2::Selection& s);
  bool table(const std::string& name) const;
  bool column(const std::string& table, const std::string& column) const;

 private:
  bool everything_ = true;
  bool include_new_tables_ = true;
  std::map<std::string, ::fivetran_sdk::v2::TableSelection> tables_;
};

class UpdateEmitter : public Emitter {
 public:
  UpdateEmitter(::grpc::ServerWriter<::fivetran_sdk::v2::UpdateResponse>* writer,
                Selection selection)
      : writer_(writer), selection_(std::move(selection)) {}
  void upsert(const std::string& table, Record record) override;
  void update(const std::string& table, Record record) override;
  void remove(const std::string& table, Record keys) override;
  void truncate(const std::string& table) override;
  void checkpoint(const nlohmann::json& state) override;
  int64_t records() const { return records_; }
  int64_t checkpoints() const { return checkpoints_; }

 private:
  void send_record(const std::string& table, ::fivetran_sdk::v2::RecordType type, Record* record);
  void write(const ::fivetran_sdk::v2::UpdateResponse& response);

  ::grpc::ServerWriter<::fivetran_sdk::v2::UpdateResponse>* writer_;
  Selection selection_;
  int64_t records_ = 0;
  int64_t checkpoints_ = 0;
};

}  // namespace sluice::grpc_protocol
