#pragma once
// Translations between Sluice's types and the partner SDK's: column types, values, table specs,
// and the configuration map (strings only) into a validated configuration.
#include <map>
#include <optional>
#include <string>

#include "common.pb.h"
#include "sluice/core/table_spec.h"
#include "sluice/core/value.h"
#include "sluice/sdk/connector.h"

namespace sluice::grpc_protocol {

namespace sdk = ::fivetran_sdk::v2;

sdk::DataType data_type(ColumnType t);
// The value by its own kind.
void to_value_type(const Value& v, sdk::ValueType* out);
// The value as its column's declared type where it converts without loss, else by its own kind.
void to_value_type(const Value& v, std::optional<ColumnType> declared, sdk::ValueType* out);
void to_table(const TableSpec& spec, sdk::Table* out);

// The request's configuration (strings only) made ready for the connector; throws sluice::Error
// (kConfig) naming every problem.
Config fivetran_config(const Connector& connector,
                       const google::protobuf::Map<std::string, std::string>& configuration);

}  // namespace sluice::grpc_protocol
