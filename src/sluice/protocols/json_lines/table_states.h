#pragma once
// Sluice keeps one state per connection: `{"streams": {<stream>: <cursor>}, ...}`, where a Sluice
// stream may write several tables. Airbyte and Singer keep one state per table (their "stream").
// TableStates maps between the two without knowing any connector: it learns which Sluice streams
// write each table from the checkpoints (a table that received records before a checkpoint
// belongs to the streams whose cursors that checkpoint moved) and gives every table a state
// holding the cursors of its streams, the rest of Sluice's state, and a sequence number, so that
// the newest cursor of each stream wins when the states come back.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sluice/protocols/json_lines/stream_choice.h"

namespace sluice::json_lines {

class TableStates {
 public:
  explicit TableStates(std::string connector) : connector_(std::move(connector)) {}

  // One table's state as the platform passed it back. Throws Error (kConfig), one sentence, when
  // it was not written by this face for this connector.
  void load(const std::string& table, const nlohmann::json& state);

  // The Sluice state to resume from: each stream's newest cursor, except the streams of a table
  // read in full or with no state of its own, which start over; streams known to write none of
  // the chosen tables are skipped.
  nlohmann::json resume(const TableChoice& choice);

  // At a checkpoint with Sluice's whole state, `touched` being the tables that received records
  // since the last one: the chosen tables whose state this checkpoint moves, with their new state.
  std::vector<std::pair<std::string, nlohmann::json>> checkpoint(
      const nlohmann::json& whole, const std::set<std::string>& touched, const TableChoice& choice);

 private:
  nlohmann::json state_of(const std::string& table, const nlohmann::json& whole) const;

  std::string connector_;
  std::map<std::string, nlohmann::json> loaded_;
  std::map<std::string, std::set<std::string>> streams_of_;  // table -> Sluice streams
  nlohmann::json cursors_ = nlohmann::json::object();        // as of the last checkpoint
  std::map<std::string, nlohmann::json> last_sent_;          // per table, without its sequence
  int64_t seq_ = 0;
};

}  // namespace sluice::json_lines
