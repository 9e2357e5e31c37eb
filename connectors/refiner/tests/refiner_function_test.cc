// The Fivetran function protocol, played from Fivetran's side with a real HTTP client: calls
// repeat with each answer's state until hasMore is false, the rows are applied by key, and the
// result equals a direct `sluice sync` of the same sandbox. Malformed calls get error answers.
#include <future>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/http/client.h"
#include "sluice/protocols/function/function_handler.h"

namespace sluice::testing {
namespace {

class RefinerFunction : public RefinerE2E {
 protected:
  void serve(size_t max_bytes) {
    FunctionOptions o;
    o.max_response_bytes = max_bytes;
    handler = std::make_unique<FunctionHandler>("refiner", o);
    server =
        std::make_unique<HttpServer>([this](const ServerRequest& r) { return handler->handle(r); });
  }
  Response call(const std::string& body, const std::string& method = "POST") {
    HttpClient client;
    Request r;
    r.method = method;
    r.url = server->base_url() + "/";
    r.body = body;
    r.headers.emplace_back("Content-Type", "application/json");
    Response resp;
    TransportError err;
    EXPECT_TRUE(client.perform(r, resp, err)) << err.message;
    return resp;
  }
  std::unique_ptr<FunctionHandler> handler;
  std::unique_ptr<HttpServer> server;
};

TEST_F(RefinerFunction, PagedCallsLandTheSameRowsAsADirectSync) {
  start({{"responses", "3000"}});
  config["checkpoint_every"] = 100;
  config["page_length"] = 100;
  config["sync_contacts"] = false;  // the protocol has no partial update: see the README
  ASSERT_EQ(sync().exit_code, 0);
  serve(64 * 1024);
  // Fivetran's side: apply every answer by primary key, feed its state into the next call.
  std::map<std::string, std::map<std::string, nlohmann::json>> tables;
  nlohmann::json state = nlohmann::json::object();
  int calls = 0;
  size_t largest = 0;
  for (bool more = true; more; ++calls) {
    ASSERT_LT(calls, 500) << "the sync never finished";
    Response resp =
        call(nlohmann::json{{"agent", "test"}, {"state", state}, {"secrets", config}}.dump());
    ASSERT_EQ(resp.status, 200) << resp.body;
    largest = std::max(largest, resp.body.size());
    auto answer = nlohmann::json::parse(resp.body);
    for (auto& [table, rows] : answer["insert"].items()) {
      std::vector<std::string> keys = answer["schema"][table]["primary_key"];
      for (auto& row : rows) {
        std::string key;
        for (const auto& k : keys) key += row[k].dump() + "|";
        tables[table][key] = row;
      }
    }
    state = answer["state"];
    more = answer["hasMore"];
  }
  EXPECT_GT(calls, 5) << "the budget should have split the sync into many calls";
  size_t rows = 0;
  for (const auto& [t, r] : tables) rows += r.size();
  std::cout << "[ function ] " << rows << " rows over " << calls
            << " calls paged by hasMore; largest answer " << largest << " bytes\n";
  EXPECT_LT(largest, 64u * 1024 * 3) << "answers stay near the budget";
  for (const char* t : {"surveys", "questions", "responses", "answers", "respondents"})
    EXPECT_EQ(std::to_string(tables[t].size()),
              scalar(warehouse(), std::string("SELECT count(*) FROM ") + t))
        << t;
  // Values match too: every response's survey and score.
  Rows direct = query_warehouse(warehouse(), "SELECT uuid, survey_uuid, score FROM responses");
  for (const auto& row : direct) {
    const auto& got = tables["responses"]["\"" + *row[0] + "\"|"];
    EXPECT_EQ(got["survey_uuid"], *row[1]);
    EXPECT_EQ(got["score"].is_null() ? std::string("NULL") : got["score"].dump(),
              row[2].value_or("NULL"));
  }
  EXPECT_EQ(state["streams"]["responses"]["cursor"],
            nlohmann::json::parse(scalar(
                warehouse(), "SELECT state FROM _sluice_state"))["streams"]["responses"]["cursor"]);
}

TEST_F(RefinerFunction, MalformedCallsGetTheProtocolsErrorAnswer) {
  start({{"responses", "10"}});
  serve(1 << 20);
  EXPECT_EQ(call("{not json").status, 400);
  EXPECT_EQ(call("{\"state\": {}}").status, 400);
  Response r =
      call(nlohmann::json{{"state", {}}, {"secrets", {{"base_url", config["base_url"]}}}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("`api_key` is required"), std::string::npos) << r.body;
  nlohmann::json bad = config;
  bad["api_key"] = "unknown-but-well-formed-key";
  r = call(nlohmann::json{{"state", {}}, {"secrets", bad}}.dump());
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("Refiner refused the api_key"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("unknown-but-well-formed-key"), std::string::npos) << r.body;
  EXPECT_EQ(call("", "GET").status, 405);
  EXPECT_EQ(call(std::string(2 << 20, ' ')).status, 413);
  // The setup test checks the credentials and returns no data; calls are served concurrently.
  std::vector<std::future<Response>> tests;
  for (int k = 0; k < 4; ++k)
    tests.push_back(std::async(std::launch::async, [&] {
      return call(nlohmann::json{{"state", {}}, {"secrets", config}, {"setup_test", true}}.dump());
    }));
  for (auto& f : tests) {
    Response ok = f.get();
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(nlohmann::json::parse(ok.body)["hasMore"], false);
  }
}

TEST_F(RefinerFunction, TheServeCommandAnswersTheSetupTest) {
  start({{"responses", "50"}});
  pid_t pid =
      spawn_process({sluice_binary(), "serve", "function", "--connector", "refiner", "--port", "0"},
                    dir.file("serve.out"), dir.file("serve.err"), dir.path().string());
  std::string out, base;
  for (int i = 0; i < 500 && base.empty(); ++i) {
    out = read_file(dir.file("serve.out"));
    auto at = out.find("http://");
    if (at != std::string::npos && out.find('\n', at) != std::string::npos)
      base = out.substr(at, out.find('\n', at) - at);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(base.empty()) << out << read_file(dir.file("serve.err"));
  HttpClient client;
  Request r;
  r.method = "POST";
  r.url = base + "/";
  r.body = nlohmann::json{
      {"agent", "test"},
      {"state", nlohmann::json::object()},
      {"secrets", config},
      {"setup_test",
       true}}.dump();
  Response resp;
  TransportError err;
  ASSERT_TRUE(client.perform(r, resp, err)) << err.message;
  EXPECT_EQ(resp.status, 200) << resp.body;
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_process(pid), 0);
}

}  // namespace
}  // namespace sluice::testing
