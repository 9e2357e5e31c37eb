#pragma once
// The operations a connector emits, with Fivetran's meanings. The loader implements this.
#include <nlohmann/json.hpp>
#include <string>

#include "sluice/core/value.h"
#include "sluice/sdk/row_shape.h"

namespace sluice {

class Emitter {
 public:
  virtual ~Emitter() = default;
  // Replaces the whole row with this key (absent columns become NULL).
  virtual void upsert(const std::string& table, Record record) = 0;
  // upsert() of a row given by position: cells[k] is the value of shape.names()[k]. The loader
  // places the cells without building a Record; other emitters get the Record.
  virtual void upsert_row(const std::string& table, const RowShape& shape, const Cell* cells) {
    upsert(table, record_of(shape, cells));
  }
  // Changes only the given columns of the row with this key; creates the row if it is missing.
  virtual void update(const std::string& table, Record record) = 0;
  // Soft-deletes the row with these key columns.
  virtual void remove(const std::string& table, Record keys) = 0;
  // Soft-deletes every row of the table written before this sync.
  virtual void truncate(const std::string& table) = 0;
  // A snapshot (replace) table's read starts from the beginning: it will list every row and end
  // with truncate(). A resumed read (from a position inside the snapshot) does not say this, nor
  // truncate. A face whose platform deletes what came before its truncate (Fivetran's TRUNCATE)
  // sends it here, ahead of the rows, and never for a resumed read; the warehouse ignores it.
  virtual void snapshot_begins(const std::string& /*table*/) {}
  // A resumed snapshot read has emitted its last row: the snapshot was emitted whole, its first
  // part before the position it resumed from (by an earlier run or call). The warehouse cannot
  // tell what that part was and ignores this; a face that knows the part belonged to the same
  // sync (the function protocol, by sync_id) deletes what the snapshot did not list.
  virtual void snapshot_ends(const std::string& /*table*/) {}
  // Everything emitted so far and `state` become durable together, or not at all.
  virtual void checkpoint(const nlohmann::json& state) = 0;
};

}  // namespace sluice
