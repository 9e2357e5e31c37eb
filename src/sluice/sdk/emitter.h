#pragma once
// The operations a connector emits, with Fivetran's meanings. The loader implements this.
#include <nlohmann/json.hpp>
#include <string>

#include "sluice/core/value.h"

namespace sluice {

class Emitter {
 public:
  virtual ~Emitter() = default;
  // Replaces the whole row with this key (absent columns become NULL).
  virtual void upsert(const std::string& table, Record record) = 0;
  // Changes only the given columns of the row with this key; creates the row if it is missing.
  virtual void update(const std::string& table, Record record) = 0;
  // Soft-deletes the row with these key columns.
  virtual void remove(const std::string& table, Record keys) = 0;
  // Soft-deletes every row of the table written before this sync.
  virtual void truncate(const std::string& table) = 0;
  // Everything emitted so far and `state` become durable together, or not at all.
  virtual void checkpoint(const nlohmann::json& state) = 0;
};

}  // namespace sluice
