#include "sluice/protocols/function/function_handler.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/redact.h"
#include "sluice/json/value_json.h"
#include "sluice/protocols/function/snapshot_deletes.h"
#include "sluice/sdk/connector_config.h"
#include "sluice/sdk/registry.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json record_json(const Record& r) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& f : r.fields) o[f.name] = value_as_json(f.value);
  return o;
}

size_t answer_cap(const FunctionOptions& o) {
  return std::max(o.hard_cap_bytes, o.max_response_bytes);
}

struct Pause {};  // the answer is full: it ends at its last checkpoint
// One checkpoint's records would exceed the hard cap before the answer holds any checkpoint.
struct Overflow {
  size_t bytes, records;
};

// Collects one answer: operations since the last checkpoint are pending until it commits them.
// Once the committed part has reached the budget, the answer ends at the next record (not at the
// next checkpoint): checkpoints that carry no record (the end of a stream, of the sync) still
// advance the state, so a call that reached the end of the sync says so (hasMore false) instead
// of starting it again.
class AnswerEmitter : public Emitter {
 public:
  AnswerEmitter(const FunctionOptions& o, const nlohmann::json& given, SnapshotDeletes& snapshots)
      : options_(o), given_(given), snapshots_(snapshots), start_(Clock::now()) {}
  nlohmann::json insert = nlohmann::json::object(), remove_ = nlohmann::json::object();
  nlohmann::json state = nlohmann::json::object();
  bool has_state = false;
  size_t bytes() const { return committed_bytes_; }

  void upsert(const std::string& t, Record r) override { add(pending_insert_, t, record_json(r)); }
  // The protocol has no partial update: the thinner record is sent as an upsert of its columns.
  void update(const std::string& t, Record r) override { add(pending_insert_, t, record_json(r)); }
  void remove(const std::string& t, Record keys) override {
    add(pending_delete_, t, record_json(keys));
  }
  void snapshot_begins(const std::string& t) override { snapshots_.begins(t); }
  void truncate(const std::string& t) override { snapshots_.ends(t); }
  void snapshot_ends(const std::string& t) override { snapshots_.ends(t); }
  void checkpoint(const nlohmann::json& s) override {
    snapshots_.commit();
    merge(insert, pending_insert_);
    merge(remove_, pending_delete_);
    committed_bytes_ += pending_bytes_;
    pending_bytes_ = pending_records_ = 0;
    state = s;
    has_state = true;
    // A checkpoint that says what the call was given is no progress: the answer goes on.
    if (!beyond_ && s != given_) beyond_ = true;
    double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (beyond_ &&
        (committed_bytes_ >= options_.max_response_bytes || elapsed >= options_.max_seconds))
      full_ = true;
  }

 private:
  void add(nlohmann::json& into, const std::string& t, nlohmann::json row) {
    if (full_) throw Pause{};
    const size_t size = row.dump().size() + 2;
    if (committed_bytes_ + pending_bytes_ + size > answer_cap(options_)) {
      if (beyond_) throw Pause{};
      throw Overflow{pending_bytes_ + size, pending_records_ + 1};
    }
    pending_bytes_ += size;
    ++pending_records_;
    into[t].push_back(std::move(row));
  }
  static void merge(nlohmann::json& into, nlohmann::json& pending) {
    for (auto& [t, rows] : pending.items())
      for (auto& row : rows) into[t].push_back(std::move(row));
    pending = nlohmann::json::object();
  }
  FunctionOptions options_;
  const nlohmann::json& given_;
  SnapshotDeletes& snapshots_;
  Clock::time_point start_;
  nlohmann::json pending_insert_ = nlohmann::json::object(),
                 pending_delete_ = nlohmann::json::object();
  size_t pending_bytes_ = 0, pending_records_ = 0, committed_bytes_ = 0;
  bool beyond_ = false, full_ = false;
};

// Lowers the connector's batch options so that one checkpoint's records fit half the cap (records
// vary), judged by the records that overflowed it; false when they cannot go lower.
bool shrink_batches(const Connector& connector, Config& config, const Overflow& overflow,
                    size_t cap) {
  const double per_record = static_cast<double>(overflow.bytes) / overflow.records;
  const auto fits = static_cast<int64_t>(cap / 2 / per_record);
  bool lowered = false;
  for (const std::string& option : connector.batch_options()) {
    if (!config.contains(option) || !config[option].is_number_integer()) continue;
    const int64_t now = config[option].get<int64_t>();
    const int64_t next = std::max<int64_t>(1, std::min(now / 2, fits));
    if (next < now) {
      config[option] = next;
      lowered = true;
      log_info("function protocol: one checkpoint's records exceed " + std::to_string(cap) +
               " bytes; reading again with " + option + " " + std::to_string(next));
    }
  }
  return lowered;
}

ServerResponse failure(int status, const std::string& message) {
  log_warning("function protocol: HTTP " + std::to_string(status) + ": " + message);
  return ServerResponse::json(status, nlohmann::json{{"error", redact(message)}}.dump());
}

int status_for(ErrorKind k) {
  switch (k) {
    case ErrorKind::kConfig:
      return 400;
    case ErrorKind::kAuth:
      return 401;
    case ErrorKind::kNotFound:
      return 404;
    default:
      return 502;
  }
}

std::string answer_json(const AnswerEmitter& answer, const nlohmann::json& given,
                        const SnapshotDeletes& snapshots, const nlohmann::json& schema, bool more) {
  nlohmann::json out{{"state", snapshots.with_marks(answer.has_state ? answer.state : given)},
                     {"insert", answer.insert},
                     {"delete", answer.remove_},
                     {"schema", schema},
                     {"hasMore", more}};
  if (!snapshots.tables().empty()) out["softDelete"] = snapshots.tables();
  return out.dump();
}

}  // namespace

FunctionHandler::FunctionHandler(std::string connector, FunctionOptions options)
    : connector_(std::move(connector)), options_(options) {}

ServerResponse FunctionHandler::handle(const ServerRequest& req) const {
  if (req.method != "POST") return failure(405, "Send the request as a POST with a JSON body.");
  if (req.body.size() > options_.max_request_bytes)
    return failure(413, "The request is larger than " + std::to_string(options_.max_request_bytes) +
                            " bytes.");
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return failure(400, "The request body is not a JSON object.");
  if (!body.contains("secrets") || !body["secrets"].is_object())
    return failure(
        400,
        "The request has no `secrets` object; configure the connection's secrets in Fivetran.");
  auto connector = make_connector(connector_);
  Config config;
  try {
    config = validated_config(*connector, body["secrets"], "The `secrets` object");
  } catch (const Error& e) {
    return failure(400, e.what());
  }
  nlohmann::json state = body.contains("state") && body["state"].is_object()
                             ? body["state"]
                             : nlohmann::json::object();
  try {
    if (body.value("setup_test", false)) {
      CheckResult r = connector->check(config);
      log_info("function protocol: setup test passed: " + r.message);
      return ServerResponse::json(
          200,
          nlohmann::json{{"state", state}, {"insert", nlohmann::json::object()}, {"hasMore", false}}
              .dump());
    }
    nlohmann::json schema = nlohmann::json::object();
    for (const auto& t : connector->schema(config))
      if (!t.primary_key.empty()) schema[t.name] = {{"primary_key", t.primary_key}};
    const std::string sync_id = body.contains("sync_id") && body["sync_id"].is_string()
                                    ? body["sync_id"].get<std::string>()
                                    : std::string();
    // Read again with smaller pages while one checkpoint's records would not fit an answer.
    for (;;) {
      nlohmann::json given = state;
      SnapshotDeletes snapshots(given, sync_id);
      AnswerEmitter answer(options_, given, snapshots);
      bool more = false;
      try {
        connector->update(config, given, answer);
      } catch (const Pause&) {
        more = true;
      } catch (const Overflow& o) {
        const size_t cap = answer_cap(options_);
        if (!shrink_batches(*connector, config, o, cap))
          return failure(502, "One checkpoint of the " + connector_ +
                                  " connector holds more than " + std::to_string(cap) +
                                  " bytes even with its smallest pages; the protocol cannot "
                                  "answer it.");
        connector = make_connector(connector_);
        continue;
      }
      log_info("function protocol: answered " + std::to_string(answer.bytes()) +
               " bytes of records, hasMore " + (more ? "true" : "false"));
      return ServerResponse::json(200, answer_json(answer, given, snapshots, schema, more));
    }
  } catch (const Error& e) {
    return failure(status_for(e.kind()), e.what());
  } catch (const std::exception& e) {
    return failure(500, std::string("The connector failed: ") + e.what());
  }
}

}  // namespace sluice
