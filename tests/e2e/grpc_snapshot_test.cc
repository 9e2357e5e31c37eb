// A snapshot (replace) table through the partner SDK: a whole read sends its TRUNCATE ahead of its
// rows (Fivetran's TRUNCATE removes what came before it), and an Update resumed from a checkpoint
// inside the snapshot sends none, so the rows the earlier Update sent stay in Fivetran.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "connector_sdk.grpc.pb.h"
#include "support/sandbox_server.h"
#include "support/serve_process.h"
#include "support/temp_dir.h"

namespace sluice::testing {
namespace {

namespace sdk = ::fivetran_sdk::v2;

struct Sent {
  std::vector<std::string> definitions;  // survey ids, in the order sent
  int truncates = 0;                     // of survey_definitions
  bool truncate_first = false;           // ... before its first record
};

Sent update(sdk::SourceConnector::Stub& stub, const nlohmann::json& config,
            const std::string& state) {
  sdk::UpdateRequest req;
  for (auto& [k, v] : config.items())
    (*req.mutable_configuration())[k] = v.is_string() ? v.get<std::string>() : v.dump();
  if (!state.empty()) req.set_state_json(state);
  ::grpc::ClientContext ctx;
  auto reader = stub.Update(&ctx, req);
  sdk::UpdateResponse resp;
  Sent s;
  while (reader->Read(&resp)) {
    if (!resp.has_record() || resp.record().table_name() != "survey_definitions") continue;
    if (resp.record().type() == sdk::TRUNCATE) {
      ++s.truncates;
      if (s.definitions.empty()) s.truncate_first = true;
      continue;
    }
    s.definitions.push_back(resp.record().data().at("survey_id").string());
  }
  EXPECT_TRUE(reader->Finish().ok());
  return s;
}

TEST(GrpcSnapshot, AResumedSnapshotSendsNoTruncateAndAWholeOneSendsItFirst) {
  TempDir dir;
  SandboxServer sandbox("qualtrics", {{"surveys", "4"}, {"export-polls", "1"}});
  nlohmann::json config = nlohmann::json::parse(sandbox.example_config());
  config["export_poll_interval_ms"] = 20;
  ServeProcess server({"serve", "grpc", "--connector", "qualtrics"}, dir.path().string(), "grpc");
  ASSERT_FALSE(server.port().empty()) << server.out();
  auto stub = sdk::SourceConnector::NewStub(
      ::grpc::CreateChannel("127.0.0.1:" + server.port(), ::grpc::InsecureChannelCredentials()));

  Sent whole = update(*stub, config, "");
  ASSERT_EQ(whole.definitions.size(), 4u);
  EXPECT_EQ(whole.truncates, 1);
  EXPECT_TRUE(whole.truncate_first);

  // Resumed after the first definition landed: the other three, and no TRUNCATE.
  const std::string state =
      nlohmann::json{{"streams", {{"survey_definitions", {{"after", whole.definitions[0]}}}}}}
          .dump();
  Sent resumed = update(*stub, config, state);
  EXPECT_EQ(resumed.truncates, 0);
  EXPECT_EQ(resumed.definitions,
            std::vector<std::string>(whole.definitions.begin() + 1, whole.definitions.end()));
}

}  // namespace
}  // namespace sluice::testing
