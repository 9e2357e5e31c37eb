#include "sluice/protocols/json_lines/table_states.h"

#include <algorithm>

#include "sluice/core/error.h"

namespace sluice::json_lines {
namespace {

// Sluice's own bookkeeping of streams finished in the current sync (sdk/stream.cc).
constexpr const char* kCompleted = "completed_this_sync";

}  // namespace

void TableStates::load(const std::string& table, const nlohmann::json& state) {
  if (!state.is_object() || !state.contains("connector") || !state["connector"].is_string() ||
      !state.contains("seq") || !state["seq"].is_number_integer() ||
      !state.value("cursors", nlohmann::json()).is_object() ||
      !state.value("shared", nlohmann::json()).is_object() ||
      !state.value("streams_of", nlohmann::json()).is_object())
    throw Error(ErrorKind::kConfig, "The state of stream \"" + table +
                                        "\" was not written by Sluice; pass the state messages "
                                        "of this connection's last read, or none to start over.");
  const std::string& owner = state["connector"].get_ref<const std::string&>();
  if (owner != connector_)
    throw Error(ErrorKind::kConfig, "The state of stream \"" + table + "\" belongs to the " +
                                        owner + " connector, not " + connector_ +
                                        "; pass this connection's own state, or none to start "
                                        "over.");
  loaded_[table] = state;
  seq_ = std::max(seq_, state["seq"].get<int64_t>());
  for (const auto& [t, streams] : state["streams_of"].items())
    for (const auto& s : streams)
      if (s.is_string()) streams_of_[t].insert(s.get<std::string>());
}

nlohmann::json TableStates::resume(const TableChoice& choice) {
  std::vector<const nlohmann::json*> by_age;
  for (const auto& [_, s] : loaded_) by_age.push_back(&s);
  std::sort(by_age.begin(), by_age.end(), [](const nlohmann::json* a, const nlohmann::json* b) {
    return (*a)["seq"].get<int64_t>() < (*b)["seq"].get<int64_t>();
  });
  nlohmann::json whole = by_age.empty() ? nlohmann::json::object() : by_age.back()->at("shared");
  nlohmann::json cursors = nlohmann::json::object();
  for (const nlohmann::json* s : by_age)
    for (const auto& [stream, cursor] : (*s)["cursors"].items()) cursors[stream] = cursor;
  std::set<std::string> restart;
  for (const auto& [table, incremental] : choice)
    if (!incremental || !loaded_.count(table)) {
      auto it = streams_of_.find(table);
      if (it != streams_of_.end()) restart.insert(it->second.begin(), it->second.end());
    }
  for (const std::string& s : restart) cursors.erase(s);
  nlohmann::json done = whole.value(kCompleted, nlohmann::json::array());
  if (!done.is_array()) done = nlohmann::json::array();
  done.erase(std::remove_if(done.begin(), done.end(),
                            [&](const nlohmann::json& s) {
                              return s.is_string() && restart.count(s.get<std::string>());
                            }),
             done.end());
  // A stream known to write only tables the platform did not choose is not read at all: it is
  // listed with the streams this sync has done, which Sluice skips (sdk/stream.cc).
  std::set<std::string> wanted, unwanted;
  for (const auto& [table, streams] : streams_of_)
    (choice.count(table) ? wanted : unwanted).insert(streams.begin(), streams.end());
  for (const std::string& s : unwanted)
    if (!wanted.count(s) && std::find(done.begin(), done.end(), s) == done.end()) done.push_back(s);
  whole.erase(kCompleted);
  if (!done.empty()) whole[kCompleted] = done;
  if (!cursors.empty()) whole["streams"] = cursors;
  cursors_ = cursors;
  return whole;
}

nlohmann::json TableStates::state_of(const std::string& table, const nlohmann::json& whole) const {
  nlohmann::json shared = whole;
  shared.erase("streams");
  nlohmann::json cursors = nlohmann::json::object();
  auto it = streams_of_.find(table);
  if (it != streams_of_.end())
    for (const std::string& s : it->second)
      if (cursors_.contains(s)) cursors[s] = cursors_[s];
  nlohmann::json streams_of = nlohmann::json::object();
  for (const auto& [t, streams] : streams_of_) streams_of[t] = streams;
  return {{"connector", connector_},
          {"cursors", cursors},
          {"shared", shared},
          {"streams_of", streams_of}};
}

std::vector<std::pair<std::string, nlohmann::json>> TableStates::checkpoint(
    const nlohmann::json& whole, const std::set<std::string>& touched, const TableChoice& choice) {
  const nlohmann::json none = nlohmann::json::object();
  auto s = whole.find("streams");
  const nlohmann::json& now = s != whole.end() && s->is_object() ? *s : none;
  std::set<std::string> moved;
  for (const auto& [stream, cursor] : now.items())
    if (!cursors_.contains(stream) || cursors_[stream] != cursor) moved.insert(stream);
  for (const std::string& t : touched) streams_of_[t].insert(moved.begin(), moved.end());
  cursors_ = now;
  ++seq_;
  std::vector<std::pair<std::string, nlohmann::json>> out;
  for (const auto& [table, _] : choice) {
    nlohmann::json state = state_of(table, whole);
    auto last = last_sent_.find(table);
    if (!touched.count(table) && last != last_sent_.end() && last->second == state) continue;
    last_sent_[table] = state;
    state["seq"] = seq_;
    out.emplace_back(table, std::move(state));
  }
  return out;
}

}  // namespace sluice::json_lines
