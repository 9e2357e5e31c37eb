#pragma once
// The emitter behind the JSON-lines faces: each record of a chosen table becomes one line on
// stdout at once, deletes become records stamped in `deleted_column`, and at each checkpoint the
// lines so far are flushed before the face prints the states that cover them, so a platform that
// stores a state has every record it covers.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/protocols/json_lines/table_states.h"
#include "sluice/sdk/emitter.h"

namespace sluice::json_lines {

// One JSON document per line on stdout, each written whole (stdio locks the stream per call, so a
// log line from another thread never lands inside one).
void write_line(const nlohmann::json& message);
void flush_lines();

class LineEmitter : public Emitter {
 public:
  // `tables` (the connector's schema) must outlive the emitter; records take their declared types.
  LineEmitter(const std::vector<TableSpec>& tables, TableChoice choice, TableStates& states,
              std::string deleted_column);
  void upsert(const std::string& table, Record record) override;
  void update(const std::string& table, Record record) override;
  void remove(const std::string& table, Record keys) override;
  // A snapshot's end: the platforms leave replacing a full-refresh table to the destination.
  void truncate(const std::string&) override {}
  void checkpoint(const nlohmann::json& state) override;
  // After the connector returns: records after its last checkpoint get that checkpoint's state.
  void finish();

 protected:
  // The face's message for one record (`data` already holds the chosen table's columns).
  virtual nlohmann::json record_message(const std::string& table, nlohmann::json data) = 0;
  // Called once per table before its first record.
  virtual void first_record(const std::string& table) { (void)table; }
  // The states a checkpoint moved, each with the records sent for its table since its last one.
  struct Moved {
    std::string table;
    nlohmann::json state;
    int64_t records = 0;
  };
  virtual void states_moved(const std::vector<Moved>& moved) = 0;

 private:
  void send(const std::string& table, const Record& record, bool deleted);

  std::map<std::string, const TableSpec*> tables_;
  TableChoice choice_;
  TableStates& states_;
  std::string deleted_column_;
  std::set<std::string> touched_, started_;
  std::map<std::string, int64_t> since_state_;
  nlohmann::json last_state_;
};

}  // namespace sluice::json_lines
