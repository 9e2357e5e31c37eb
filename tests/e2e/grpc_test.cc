// End to end: `sluice serve grpc` played from Fivetran's side with a C++ gRPC client generated
// from the project's protos — ConfigurationForm, Test, Schema and Update against the Refiner
// sandbox, the streamed records compared with a direct sync value for value, table and column
// selection honoured, state resumed. (grpc_conformance_test.cc plays it with a client built from
// the published contract instead, for every connector.)
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "connector_sdk.grpc.pb.h"
#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "support/row_set.h"
#include "support/serve_process.h"

namespace sluice::testing {
namespace {

namespace sdk = ::fivetran_sdk::v2;

// A value as row_set.h's [kind, value]: the name of the field set, times in microseconds.
nlohmann::json plain(const sdk::ValueType& v) {
  const auto* field = v.GetDescriptor()->FindFieldByNumber(v.inner_case());
  if (!field || v.inner_case() == sdk::ValueType::kNull) return nullptr;
  const auto* r = v.GetReflection();
  using F = google::protobuf::FieldDescriptor;
  switch (field->cpp_type()) {
    case F::CPPTYPE_BOOL:
      return {field->name(), r->GetBool(v, field)};
    case F::CPPTYPE_INT32:
      return {field->name(), r->GetInt32(v, field)};
    case F::CPPTYPE_INT64:
      return {field->name(), r->GetInt64(v, field)};
    case F::CPPTYPE_FLOAT:
      return {field->name(), r->GetFloat(v, field)};
    case F::CPPTYPE_DOUBLE:
      return {field->name(), r->GetDouble(v, field)};
    case F::CPPTYPE_STRING:
      return {field->name(), r->GetString(v, field)};
    default: {  // a Timestamp
      const auto& ts = static_cast<const google::protobuf::Timestamp&>(r->GetMessage(v, field));
      return {field->name(), ts.seconds() * 1000000 + ts.nanos() / 1000};
    }
  }
}

struct Streamed {
  nlohmann::json rows = nlohmann::json::object();  // table -> key -> column -> [kind, value]
  int64_t records = 0, checkpoints = 0, truncates = 0;
  std::string last_state;
  std::vector<std::string> warnings;
  double seconds = 0;
};

// Reads an Update stream to its end for its Tasks; the call's status.
::grpc::Status tasks_of(::grpc::ClientReader<sdk::UpdateResponse>* reader,
                        std::vector<std::string>* tasks) {
  sdk::UpdateResponse resp;
  while (reader->Read(&resp))
    if (resp.has_task()) tasks->push_back(resp.task().message());
  return reader->Finish();
}

class GrpcE2E : public RefinerE2E {
 protected:
  void SetUp() override {
    start({{"responses", "400"}});
    config["page_length"] = 50;  // many pages
    server = std::make_unique<ServeProcess>(
        std::vector<std::string>{"serve", "grpc", "--connector", "refiner"}, dir.path().string(),
        "grpc");
    ASSERT_FALSE(server->port().empty()) << server->out();
    port_ = server->port();
    stub_ = sdk::SourceConnector::NewStub(
        ::grpc::CreateChannel("127.0.0.1:" + port_, ::grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    stub_.reset();
    server.reset();
  }
  void fill(google::protobuf::Map<std::string, std::string>* m) {
    for (auto& [k, v] : config.items()) (*m)[k] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  std::map<std::string, std::vector<std::string>> keys_by_table() {
    sdk::SchemaRequest req;
    fill(req.mutable_configuration());
    sdk::SchemaResponse resp;
    ::grpc::ClientContext ctx;
    EXPECT_TRUE(stub_->Schema(&ctx, req, &resp).ok());
    std::map<std::string, std::vector<std::string>> keys;
    for (const auto& t : resp.without_schema().tables())
      for (const auto& c : t.columns())
        if (c.primary_key()) keys[t.name()].push_back(c.name());
    return keys;
  }
  Streamed update(const std::string& state = "", const sdk::Selection* selection = nullptr) {
    auto keys = keys_by_table();
    sdk::UpdateRequest req;
    fill(req.mutable_configuration());
    if (!state.empty()) req.set_state_json(state);
    if (selection) *req.mutable_selection() = *selection;
    ::grpc::ClientContext ctx;
    Streamed s;
    auto start = std::chrono::steady_clock::now();
    auto reader = stub_->Update(&ctx, req);
    sdk::UpdateResponse resp;
    while (reader->Read(&resp)) {
      if (resp.has_checkpoint()) {
        ++s.checkpoints;
        s.last_state = resp.checkpoint().state_json();
        continue;
      }
      if (resp.has_warning()) s.warnings.push_back(resp.warning().message());
      if (!resp.has_record()) continue;
      ++s.records;
      const sdk::Record& r = resp.record();
      if (r.type() == sdk::TRUNCATE) {
        ++s.truncates;
        continue;
      }
      nlohmann::json key = nlohmann::json::array();
      for (const auto& k : keys[r.table_name()]) key.push_back(plain(r.data().at(k)));
      auto& row = s.rows[r.table_name()][key.dump()];
      if (r.type() == sdk::UPSERT || !row.is_object()) row = nlohmann::json::object();
      for (const auto& [col, v] : r.data()) row[col] = plain(v);
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(reader->Finish().ok());
    return s;
  }
  // Every table holds the streamed rows in the warehouse, value for value.
  void expect_rows_of_warehouse(Streamed& s,
                                const std::map<std::string, std::vector<std::string>>& keys) {
    auto duck = open_duckdb(warehouse(), true);
    for (const auto& [table, cols] : keys) {
      RowSet want = warehouse_rows(*duck, table);
      EXPECT_FALSE(want.empty()) << table;
      EXPECT_EQ(first_difference(streamed_rows(s.rows[table]), want), "") << table;
    }
  }
  std::unique_ptr<ServeProcess> server;
  std::string port_;
  std::unique_ptr<sdk::SourceConnector::Stub> stub_;
};

TEST_F(GrpcE2E, FormAndTestComeFromTheConnectorsSpecAndCheck) {
  sdk::ConfigurationFormResponse form;
  {
    ::grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ConfigurationForm(&ctx, {}, &form).ok());
  }
  bool saw_secret = false;
  for (const auto& f : form.fields()) {
    if (f.name() == "api_key") {
      saw_secret = true;
      EXPECT_EQ(f.text_field(), sdk::Password);
      EXPECT_TRUE(f.required());
      EXPECT_FALSE(f.description().empty());
    }
    if (f.name() == "include") {
      EXPECT_EQ(f.dropdown_field().dropdown_field_size(), 3);
    }
    if (f.name() == "sync_contacts") {
      EXPECT_TRUE(f.has_toggle_field());
    }
  }
  EXPECT_TRUE(saw_secret);
  ASSERT_GE(form.tests_size(), 1);

  sdk::TestRequest test;
  test.set_name(form.tests(0).name());
  fill(test.mutable_configuration());
  sdk::TestResponse ok;
  {
    ::grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Test(&ctx, test, &ok).ok());
  }
  EXPECT_TRUE(ok.success()) << ok.failure();
  (*test.mutable_configuration())["api_key"] = "wrong-key-0123456789";
  sdk::TestResponse bad;
  {
    ::grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Test(&ctx, test, &bad).ok());
  }
  EXPECT_FALSE(bad.failure().empty());
  EXPECT_EQ(bad.failure().find("wrong-key-0123456789"), std::string::npos) << bad.failure();
  // The server answers on IPv6 too, as the SDK's guide asks.
  auto v6 = sdk::SourceConnector::NewStub(
      ::grpc::CreateChannel("[::1]:" + port_, ::grpc::InsecureChannelCredentials()));
  ::grpc::ClientContext ctx6;
  ctx6.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  sdk::ConfigurationFormResponse again;
  ::grpc::Status s6 = v6->ConfigurationForm(&ctx6, {}, &again);
  if (std::filesystem::exists("/proc/net/if_inet6")) {  // a host with IPv6 at all
    EXPECT_TRUE(s6.ok()) << s6.error_message();
  }
  // Logs are the SDK's JSON lines.
  std::string log = read_file(dir.file("grpc.out"));
  EXPECT_NE(log.find("\"message-origin\":\"sdk_connector\""), std::string::npos) << log;
  EXPECT_EQ(log.find("wrong-key-0123456789"), std::string::npos);
}

TEST_F(GrpcE2E, UpdateStreamsWhatADirectSyncLands) {
  Streamed s = update();
  ASSERT_EQ(sync().exit_code, 0);
  auto keys = keys_by_table();
  ASSERT_FALSE(keys.empty());
  expect_rows_of_warehouse(s, keys);
  EXPECT_GT(s.checkpoints, 3);
  nlohmann::json state = nlohmann::json::parse(s.last_state);
  EXPECT_TRUE(state.contains("streams")) << s.last_state;
  std::cout << "[ grpc ] Update streamed " << s.records << " records and " << s.checkpoints
            << " checkpoints in " << s.seconds << " s ("
            << static_cast<int64_t>(s.records / std::max(s.seconds, 1e-6)) << " records/s)\n";

  // From the last checkpoint, a second Update sends only what changed.
  sandbox->admin_post("/__sandbox/responses?count=5");
  Streamed again = update(s.last_state);
  EXPECT_LT(again.records, s.records / 4) << again.records;
  EXPECT_GE(again.rows["responses"].size(), 5u);
  // Applied on top of the first stream, the second equals a second direct sync.
  for (const auto& [table, rows] : again.rows.items())
    for (const auto& [key, row] : rows.items()) s.rows[table][key] = row;
  ASSERT_EQ(sync().exit_code, 0);
  expect_rows_of_warehouse(s, keys);
}

TEST_F(GrpcE2E, UpdateHonoursTheTableAndColumnSelection) {
  sdk::Selection sel;
  auto* tables = sel.mutable_without_schema();
  tables->set_include_new_tables(false);
  auto* surveys = tables->add_tables();
  surveys->set_table_name("surveys");
  surveys->set_included(true);
  surveys->set_include_new_columns(true);
  (*surveys->mutable_columns())["name"] = false;
  (*surveys->mutable_columns())["uuid"] = false;
  auto* answers = tables->add_tables();
  answers->set_table_name("answers");
  answers->set_included(false);
  auto* unknown = tables->add_tables();
  unknown->set_table_name("no_such_table");
  unknown->set_included(true);
  Streamed s = update("", &sel);
  EXPECT_EQ(s.warnings, std::vector<std::string>{"The selection names table no_such_table, which "
                                                 "refiner does not have; it is ignored."});
  EXPECT_FALSE(s.rows.contains("answers"));
  EXPECT_FALSE(s.rows.contains("responses")) << "not listed, and new tables are excluded";
  ASSERT_FALSE(s.rows["surveys"].empty());
  for (const auto& [k, row] : s.rows["surveys"].items()) {
    EXPECT_FALSE(row.contains("name")) << k;
    EXPECT_TRUE(row.contains("uuid")) << "key columns travel even when deselected";
  }
}

TEST_F(GrpcE2E, BadConfigurationAndStateAreErrorsNotCrashes) {
  sdk::UpdateRequest req;
  fill(req.mutable_configuration());
  req.mutable_configuration()->erase("api_key");
  ::grpc::ClientContext ctx;
  std::vector<std::string> tasks;
  ::grpc::Status st = tasks_of(stub_->Update(&ctx, req).get(), &tasks);
  EXPECT_EQ(st.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("`api_key` is required"), std::string::npos)
      << st.error_message();
  // What the user must fix is a Task on the stream too.
  EXPECT_EQ(tasks, std::vector<std::string>{st.error_message()});
  sdk::UpdateRequest bad_state;
  fill(bad_state.mutable_configuration());
  bad_state.set_state_json("{not json");
  ::grpc::ClientContext ctx2;
  tasks.clear();
  EXPECT_EQ(tasks_of(stub_->Update(&ctx2, bad_state).get(), &tasks).error_code(),
            ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(tasks.size(), 1u);
  sdk::UpdateRequest refused;
  fill(refused.mutable_configuration());
  (*refused.mutable_configuration())["api_key"] = "wrong-key-0123456789";
  ::grpc::ClientContext ctx4;
  tasks.clear();
  ::grpc::Status st4 = tasks_of(stub_->Update(&ctx4, refused).get(), &tasks);
  EXPECT_EQ(st4.error_code(), ::grpc::StatusCode::PERMISSION_DENIED) << st4.error_message();
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_NE(tasks[0].find("refused the api_key"), std::string::npos) << tasks[0];
  EXPECT_EQ(tasks[0].find("wrong-key-0123456789"), std::string::npos) << tasks[0];
  // Still serving.
  ::grpc::ClientContext ctx3;
  sdk::ConfigurationFormResponse form;
  EXPECT_TRUE(stub_->ConfigurationForm(&ctx3, {}, &form).ok());
}

// A port that is not one is refused in one sentence before anything listens (gRPC would bind a
// port past 65535 as some other free port).
TEST(GrpcCli, BadPortIsRefusedInOneSentence) {
  for (const char* port : {"abc", "99999", "-1", "80x"}) {
    ProcessResult r =
        run_process({sluice_binary(), "serve", "grpc", "--connector", "refiner", "--port", port});
    EXPECT_EQ(r.exit_code, 64) << port;
    EXPECT_NE(r.err.find("--port takes a whole number from 0 to 65535"), std::string::npos)
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
}  // namespace sluice::testing
