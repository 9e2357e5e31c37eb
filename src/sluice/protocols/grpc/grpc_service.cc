#include "sluice/protocols/grpc/grpc_service.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <thread>

#include "connector_sdk.grpc.pb.h"
#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/redact.h"
#include "sluice/protocols/grpc/grpc_form.h"
#include "sluice/protocols/grpc/grpc_types.h"
#include "sluice/protocols/grpc/grpc_update_emitter.h"
#include "sluice/sdk/registry.h"

namespace sluice::grpc_protocol {
namespace {

::grpc::StatusCode status_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConfig:
    case ErrorKind::kUsage:
      return ::grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorKind::kAuth:
      return ::grpc::StatusCode::PERMISSION_DENIED;
    case ErrorKind::kNotFound:
      return ::grpc::StatusCode::NOT_FOUND;
    case ErrorKind::kNetwork:
    case ErrorKind::kApi:
      return ::grpc::StatusCode::UNAVAILABLE;
    default:
      return ::grpc::StatusCode::INTERNAL;
  }
}

class Service final : public sdk::SourceConnector::Service {
 public:
  explicit Service(std::string connector) : connector_(std::move(connector)) {}

  ::grpc::Status ConfigurationForm(::grpc::ServerContext*, const sdk::ConfigurationFormRequest*,
                                   sdk::ConfigurationFormResponse* out) override {
    *out = configuration_form(make_connector(connector_)->spec());
    return ::grpc::Status::OK;
  }

  ::grpc::Status Test(::grpc::ServerContext*, const sdk::TestRequest* request,
                      sdk::TestResponse* out) override {
    try {
      auto c = make_connector(connector_);
      CheckResult r = c->check(fivetran_config(*c, request->configuration()));
      log_info("test " + request->name() + ": " + r.message);
      out->set_success(true);
    } catch (const std::exception& e) {
      log(LogLevel::kWarning, "test " + request->name() + " failed: " + e.what());
      out->set_failure(redact(e.what()));
    }
    return ::grpc::Status::OK;
  }

  ::grpc::Status Schema(::grpc::ServerContext*, const sdk::SchemaRequest* request,
                        sdk::SchemaResponse* out) override {
    return guarded("Schema", [&] {
      auto c = make_connector(connector_);
      auto* tables = out->mutable_without_schema();
      for (const TableSpec& t : c->schema(fivetran_config(*c, request->configuration())))
        to_table(t, tables->add_tables());
    });
  }

  ::grpc::Status Update(::grpc::ServerContext*, const sdk::UpdateRequest* request,
                        ::grpc::ServerWriter<sdk::UpdateResponse>* writer) override {
    ::grpc::Status status = guarded("Update", [&] {
      auto c = make_connector(connector_);
      Config config = fivetran_config(*c, request->configuration());
      nlohmann::json state = nlohmann::json::object();
      if (request->has_state_json() && !request->state_json().empty()) {
        state = nlohmann::json::parse(request->state_json(), nullptr, false);
        if (!state.is_object())
          throw Error(ErrorKind::kConfig,
                      "The state Fivetran sent is not a JSON object; reset the connection's "
                      "state to start over.");
      }
      const std::vector<TableSpec> tables = c->schema(config);
      Selection selection =
          request->has_selection() ? Selection(request->selection()) : Selection();
      UpdateEmitter emit(writer, tables, selection);
      for (const std::string& name : selection.unknown_tables(tables))
        emit.warn("The selection names table " + name + ", which " + connector_ +
                  " does not have; it is ignored.");
      const auto start = std::chrono::steady_clock::now();
      c->update(config, state, emit);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      log_info("update sent " + std::to_string(emit.records()) + " records and " +
               std::to_string(emit.checkpoints()) + " checkpoints in " + std::to_string(seconds) +
               " s");
    });
    // What only the user can fix (refused credentials, a configuration or state to correct) also
    // goes on the stream as a Task, which Fivetran shows as one; the status still ends the call.
    const auto code = status.error_code();
    if (code == ::grpc::StatusCode::PERMISSION_DENIED ||
        code == ::grpc::StatusCode::INVALID_ARGUMENT) {
      sdk::UpdateResponse task;
      task.mutable_task()->set_message(status.error_message());
      writer->Write(task);
    }
    return status;
  }

 private:
  // Errors become a gRPC status with the one-sentence message, and a SEVERE log line.
  template <typename F>
  ::grpc::Status guarded(const char* rpc, F&& body) {
    try {
      body();
      return ::grpc::Status::OK;
    } catch (const Error& e) {
      log(LogLevel::kError, std::string(rpc) + ": " + e.what());
      return ::grpc::Status(status_code(e.kind()), redact(e.what()));
    } catch (const std::exception& e) {
      log(LogLevel::kError, std::string(rpc) + ": " + e.what());
      return ::grpc::Status(::grpc::StatusCode::INTERNAL, redact(e.what()));
    }
  }

  std::string connector_;
};

}  // namespace

void serve_grpc(const GrpcServeOptions& options, const std::function<void(int port)>& on_listening,
                const std::function<bool()>& stop) {
  if (!make_connector(options.connector))
    throw Error(ErrorKind::kUsage, "There is no connector named \"" + options.connector + "\".");
  // gRPC would bind a port past 65535 as some other free port, without a word.
  if (options.port < 0 || options.port > 65535)
    throw Error(ErrorKind::kUsage,
                "The port must be from 0 to 65535, not " + std::to_string(options.port) + ".");
  Service service(options.connector);
  std::unique_ptr<::grpc::Server> server;
  int bound = 0;
  for (const char* host : {"[::]", "0.0.0.0"}) {
    ::grpc::ServerBuilder builder;
    builder.AddListeningPort(std::string(host) + ":" + std::to_string(options.port),
                             ::grpc::InsecureServerCredentials(), &bound);
    builder.RegisterService(&service);
    server = builder.BuildAndStart();
    if (server && bound > 0) break;
  }
  if (!server || bound == 0)
    throw Error(ErrorKind::kUsage, "Cannot listen on port " + std::to_string(options.port) +
                                       "; choose another with --port.");
  on_listening(bound);
  while (!stop()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Calls still running get a second to finish; then they are cancelled.
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

}  // namespace sluice::grpc_protocol
