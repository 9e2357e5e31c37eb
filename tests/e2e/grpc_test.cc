// End to end: `sluice serve grpc` played from Fivetran's side with a real gRPC client generated
// from the same protos — ConfigurationForm, Test, Schema and Update against the Refiner sandbox,
// the streamed records compared with a direct sync, table selection honoured, state resumed.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <set>

#include "connector_sdk_v2.grpc.pb.h"
#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

namespace sdk = ::fivetran_sdk::v2;

std::string text(const sdk::ValueType& v) {
  switch (v.inner_case()) {
    case sdk::ValueType::kString:
      return v.string();
    case sdk::ValueType::kLong:
      return std::to_string(v.long_());
    case sdk::ValueType::kInt:
      return std::to_string(v.int_());
    case sdk::ValueType::kBool:
      return v.bool_() ? "true" : "false";
    default:
      return "?";
  }
}

struct Streamed {
  std::map<std::string, std::map<std::string, std::map<std::string, sdk::ValueType>>> rows;
  int64_t records = 0, checkpoints = 0, truncates = 0;
  std::string last_state;
  double seconds = 0;
};

class GrpcE2E : public RefinerE2E {
 protected:
  void SetUp() override {
    start({{"responses", "400"}});
    pid_ =
        spawn_process({sluice_binary(), "serve", "grpc", "--connector", "refiner", "--port", "0"},
                      dir.file("grpc.out"), dir.file("grpc.err"), dir.path().string());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::smatch m;
    std::string out;
    static const std::regex kPort("on port ([0-9]+)");
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline && ::waitpid(pid_, &status, WNOHANG) == 0) {
      out = read_file(dir.file("grpc.out"));
      if (std::regex_search(out, m, kPort)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(std::regex_search(out, m, kPort)) << out << read_file(dir.file("grpc.err"));
    port_ = m[1];
    stub_ = sdk::SourceConnector::NewStub(
        ::grpc::CreateChannel("127.0.0.1:" + port_, ::grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    stub_.reset();
    ::kill(pid_, SIGTERM);
    wait_process(pid_);
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
      if (!resp.has_record()) continue;
      ++s.records;
      const sdk::Record& r = resp.record();
      if (r.type() == sdk::TRUNCATE) {
        ++s.truncates;
        continue;
      }
      std::string key;
      for (const auto& k : keys[r.table_name()]) key += text(r.data().at(k)) + "|";
      auto& row = s.rows[r.table_name()][key];
      if (r.type() == sdk::UPSERT) row.clear();
      for (const auto& [col, v] : r.data()) row[col] = v;
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(reader->Finish().ok());
    return s;
  }
  pid_t pid_ = 0;
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
    if (f.single().name() == "api_key") {
      saw_secret = true;
      EXPECT_EQ(f.single().text_field(), sdk::Password);
      EXPECT_TRUE(f.single().required());
      EXPECT_FALSE(f.single().description().empty());
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
  for (const auto& [table, cols] : keys) {
    std::string sel;
    for (const auto& c : cols) sel += (sel.empty() ? "" : " || '|' || ") + ("\"" + c + "\"");
    Rows direct = query_warehouse(
        warehouse(), "SELECT " + sel + " || '|' FROM \"" + table + "\" WHERE NOT _sluice_deleted");
    std::set<std::string> want, got;
    for (const auto& r : direct) want.insert(*r[0]);
    for (const auto& [k, row] : s.rows[table]) got.insert(k);
    EXPECT_EQ(got, want) << table;
    EXPECT_FALSE(got.empty()) << table;
  }
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
  auto* answers = tables->add_tables();
  answers->set_table_name("answers");
  answers->set_included(false);
  Streamed s = update("", &sel);
  EXPECT_EQ(s.rows.count("answers"), 0u);
  EXPECT_EQ(s.rows.count("responses"), 0u) << "not listed, and new tables are excluded";
  ASSERT_FALSE(s.rows["surveys"].empty());
  for (const auto& [k, row] : s.rows["surveys"]) EXPECT_EQ(row.count("name"), 0u) << k;
}

TEST_F(GrpcE2E, BadConfigurationAndStateAreErrorsNotCrashes) {
  sdk::UpdateRequest req;
  fill(req.mutable_configuration());
  req.mutable_configuration()->erase("api_key");
  ::grpc::ClientContext ctx;
  auto reader = stub_->Update(&ctx, req);
  sdk::UpdateResponse resp;
  while (reader->Read(&resp)) {
  }
  ::grpc::Status st = reader->Finish();
  EXPECT_EQ(st.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("`api_key` is required"), std::string::npos)
      << st.error_message();
  sdk::UpdateRequest bad_state;
  fill(bad_state.mutable_configuration());
  bad_state.set_state_json("{not json");
  ::grpc::ClientContext ctx2;
  auto r2 = stub_->Update(&ctx2, bad_state);
  while (r2->Read(&resp)) {
  }
  EXPECT_EQ(r2->Finish().error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  // Still serving.
  ::grpc::ClientContext ctx3;
  sdk::ConfigurationFormResponse form;
  EXPECT_TRUE(stub_->ConfigurationForm(&ctx3, {}, &form).ok());
}

}  // namespace
}  // namespace sluice::testing
