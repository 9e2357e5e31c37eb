#include "sluice/protocols/json_lines/line_emitter.h"

#include <cstdio>

#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/protocols/json_lines/json_schema.h"

namespace sluice::json_lines {

void write_line(const nlohmann::json& message) {
  // Invalid UTF-8 from an API is replaced rather than failing the read.
  std::string line = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size())
    throw Error(ErrorKind::kInternal, "Could not write to stdout; the platform stopped reading.");
}

void flush_lines() {
  if (std::fflush(stdout) != 0)
    throw Error(ErrorKind::kInternal, "Could not write to stdout; the platform stopped reading.");
}

LineEmitter::LineEmitter(const std::vector<TableSpec>& tables, TableChoice choice,
                         TableStates& states, std::string deleted_column)
    : choice_(std::move(choice)), states_(states), deleted_column_(std::move(deleted_column)) {
  for (const TableSpec& t : tables) tables_[t.name] = &t;
}

void LineEmitter::send(const std::string& table, const Record& record, bool deleted) {
  // Tables not chosen still count as touched: it tells TableStates which streams write them.
  touched_.insert(table);
  if (!choice_.count(table)) return;
  if (started_.insert(table).second) first_record(table);
  auto spec = tables_.find(table);
  nlohmann::json data = record_json(record, spec == tables_.end() ? nullptr : spec->second);
  if (deleted) data[deleted_column_] = format_timestamp(now_micros());
  write_line(record_message(table, std::move(data)));
  ++since_state_[table];
}

void LineEmitter::upsert(const std::string& table, Record record) {
  send(table, record, false);
}

// A partial update is sent with the columns it carries; the schema requires none.
void LineEmitter::update(const std::string& table, Record record) {
  send(table, record, false);
}

void LineEmitter::remove(const std::string& table, Record keys) {
  send(table, keys, true);
}

void LineEmitter::checkpoint(const nlohmann::json& state) {
  last_state_ = state;
  flush_lines();  // every record this state covers is out before the state is
  std::vector<Moved> moved;
  for (auto& [table, s] : states_.checkpoint(state, touched_, choice_)) {
    moved.push_back({table, std::move(s), since_state_[table]});
    since_state_[table] = 0;
  }
  touched_.clear();
  if (!moved.empty()) states_moved(moved);
  flush_lines();
}

void LineEmitter::finish() {
  if (!touched_.empty() && !last_state_.is_null()) checkpoint(last_state_);
  flush_lines();
}

}  // namespace sluice::json_lines
