#include "sluice/protocols/function/function_handler.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/redact.h"
#include "sluice/sdk/connector_config.h"
#include "sluice/sdk/registry.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json to_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return nullptr;
    case Value::Kind::kBool:
      return v.b;
    case Value::Kind::kInt:
      return v.i;
    case Value::Kind::kDouble:
      return v.d;
    case Value::Kind::kJson: {
      auto parsed = nlohmann::json::parse(v.s, nullptr, false);
      return parsed.is_discarded() ? nlohmann::json(v.s) : parsed;
    }
    default:
      return v.to_text();
  }
}

nlohmann::json record_json(const Record& r) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& f : r.fields) o[f.name] = to_json(f.value);
  return o;
}

struct Pause {};  // thrown at a checkpoint once the answer is full

// Collects one answer: operations since the last checkpoint are pending until it commits them.
class AnswerEmitter : public Emitter {
 public:
  AnswerEmitter(const FunctionOptions& o) : options_(o), start_(Clock::now()) {}
  nlohmann::json insert = nlohmann::json::object(), remove_ = nlohmann::json::object();
  nlohmann::json state = nlohmann::json::object();
  bool has_state = false;

  void upsert(const std::string& t, Record r) override { add(pending_insert_, t, record_json(r)); }
  // The protocol has no partial update: the thinner record is sent as an upsert of its columns.
  void update(const std::string& t, Record r) override { add(pending_insert_, t, record_json(r)); }
  void remove(const std::string& t, Record keys) override {
    add(pending_delete_, t, record_json(keys));
  }
  void truncate(const std::string& t) override {
    log_warning("function protocol: truncate of " + t + " is not sent");
  }
  void checkpoint(const nlohmann::json& s) override {
    merge(insert, pending_insert_);
    merge(remove_, pending_delete_);
    committed_bytes_ += pending_bytes_;
    pending_bytes_ = 0;
    state = s;
    has_state = true;
    double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (committed_bytes_ >= options_.max_response_bytes || elapsed >= options_.max_seconds)
      throw Pause{};
  }

 private:
  void add(nlohmann::json& into, const std::string& t, nlohmann::json row) {
    pending_bytes_ += row.dump().size() + 2;
    into[t].push_back(std::move(row));
  }
  static void merge(nlohmann::json& into, nlohmann::json& pending) {
    for (auto& [t, rows] : pending.items())
      for (auto& row : rows) into[t].push_back(std::move(row));
    pending = nlohmann::json::object();
  }
  FunctionOptions options_;
  Clock::time_point start_;
  nlohmann::json pending_insert_ = nlohmann::json::object(),
                 pending_delete_ = nlohmann::json::object();
  size_t pending_bytes_ = 0, committed_bytes_ = 0;
};

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
    AnswerEmitter answer(options_);
    bool more = false;
    try {
      connector->update(config, state, answer);
    } catch (const Pause&) {
      more = true;
    }
    nlohmann::json out = {{"state", answer.has_state ? answer.state : state},
                          {"insert", answer.insert},
                          {"delete", answer.remove_},
                          {"schema", schema},
                          {"hasMore", more}};
    return ServerResponse::json(200, out.dump());
  } catch (const Error& e) {
    return failure(status_for(e.kind()), e.what());
  } catch (const std::exception& e) {
    return failure(500, std::string("The connector failed: ") + e.what());
  }
}

}  // namespace sluice
