// A YAML source's streams against a small API on loopback, through the real sync engine into
// DuckDB: pages of a parent stream, per-parent partitions with an integer cursor each, child rows
// from an array and a map, a replace table, a second sync that asks only for what is new, and bad
// credentials in one sentence.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "sluice/core/error.h"
#include "sluice/declarative/declarative_connector.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/http/http_server.h"
#include "sluice/runtime/sync_engine.h"
#include "sluice/sdk/connector_config.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/warehouse_dump.h"

namespace sluice {
namespace {

constexpr const char* kSource = R"(version: 1
name: survey_api
spec:
  key: {type: string, required: true, secret: true}
  base_url: {type: url, required: true}
requester:
  base_url: "{{ config.base_url }}"
  auth: {type: api_key_header, header: X-Key, key: "{{ config.key }}"}
streams:
  - name: surveys
    path: /surveys
    paginator: {type: page_number, total_path: pages, stop: [total, empty_page]}
    records: {path: data}
    table: {primary_key: [uuid]}
  - name: responses
    path: "/surveys/{{ partition.survey }}/responses"
    query: {since_id: "{{ cursor.start }}"}
    partitions: {from_stream: {stream: surveys, fields: {survey: uuid}}}
    incremental: {field: id, type: integer, start: "0"}
    records: {path: data}
    transform:
      - add: {field: survey_uuid, value: "{{ partition.survey }}"}
    children:
      - {field: answers, table: answers, parent_key: {response_id: id}, primary_key: [response_id, _index]}
      - {field: tags, table: response_tags, parent_key: {response_id: id}, key_column: tag}
    table: {primary_key: [id], columns: {id: long}}
  - name: labels
    path: /labels
    records: {path: labels, map_key: label}
    table: {primary_key: [label], mode: replace}
)";

// The API: three surveys on two pages, responses per survey after since_id, labels as a map.
class SurveyApi {
 public:
  SurveyApi() : server_([this](const ServerRequest& r) { return handle(r); }) {}
  std::string base_url() const { return server_.base_url(); }
  void add_response(const std::string& survey, int id) {
    std::lock_guard lock(mutex_);
    responses_.push_back({survey, id});
  }
  void drop_label(const std::string& label) {
    std::lock_guard lock(mutex_);
    labels_.erase(label);
  }
  std::vector<std::string> log() {
    std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  ServerResponse handle(const ServerRequest& r) {
    std::lock_guard lock(mutex_);
    const std::string* key = r.header("x-key");
    if (!key || *key != "k-1") return ServerResponse::json(401, R"({"error":"bad key"})");
    std::string query;
    for (const auto& [k, v] : r.query) query += (query.empty() ? "?" : "&") + k + "=" + v;
    log_.push_back(r.path + query);
    if (r.path == "/surveys") {
      const std::string page = r.param("page");
      if (page == "1")
        return ServerResponse::json(200, R"({"pages":2,"data":[{"uuid":"s1"},{"uuid":"s2"}]})");
      return ServerResponse::json(200, R"({"pages":2,"data":[{"uuid":"s3"}]})");
    }
    if (r.path == "/labels") {
      std::string body;
      for (const auto& l : labels_) body += (body.empty() ? "" : ",") + ("\"" + l + "\":{\"n\":1}");
      return ServerResponse::json(200, "{\"labels\":{" + body + "}}");
    }
    const std::string survey = r.path.substr(9, 2);  // /surveys/sN/responses
    const int since = std::stoi(r.param("since_id", "0"));
    std::string body;
    for (const auto& [s, id] : responses_) {
      if (s != survey || id <= since) continue;
      body += std::string(body.empty() ? "" : ",") + "{\"id\":" + std::to_string(id) +
              ",\"answers\":[{\"q\":\"nps\",\"v\":" + std::to_string(id % 11) +
              "},{\"q\":\"why\",\"v\":\"ok\"}],\"tags\":{\"vip\":true}}";
    }
    return ServerResponse::json(200, "{\"data\":[" + body + "]}");
  }

  std::mutex mutex_;
  std::vector<std::pair<std::string, int>> responses_ = {
      {"s1", 1}, {"s1", 2}, {"s2", 3}, {"s3", 4}};
  std::set<std::string> labels_ = {"red", "blue"};
  std::vector<std::string> log_;
  HttpServer server_;
};

TEST(DeclarativeStream, PartitionsChildRowsReplaceAndResume) {
  SurveyApi api;
  testing::TempDir dir;
  testing::write_file(dir.file("s.yaml"), kSource);
  auto connector = declarative::load_declarative_connector(dir.file("s.yaml"));
  const Config config = validated_config(*connector, {{"key", "k-1"}, {"base_url", api.base_url()}},
                                         "the test configuration");
  const std::string w = dir.file("w.duckdb");
  SyncOptions o;
  o.progress = false;
  {
    auto dest = open_duckdb(w);
    run_sync(*connector, config, *dest, o);
    EXPECT_EQ(
        dest->read_state("survey_api")["streams"]["responses"],
        (nlohmann::json{
            {"partitions",
             {{"s1", {{"position", 2}}}, {"s2", {{"position", 3}}}, {"s3", {{"position", 4}}}}}}));
  }
  EXPECT_EQ(testing::scalar(w, "SELECT string_agg(uuid, ',' ORDER BY uuid) FROM surveys"),
            "s1,s2,s3");
  EXPECT_EQ(
      testing::scalar(w, "SELECT string_agg(id || survey_uuid, ',' ORDER BY id) FROM responses"),
      "1s1,2s1,3s2,4s3");
  EXPECT_EQ(testing::scalar(w,
                            "SELECT count(*) FROM information_schema.columns WHERE "
                            "table_name = 'responses' AND column_name IN ('answers', 'tags')"),
            "0");
  EXPECT_EQ(
      testing::scalar(w,
                      "SELECT string_agg(response_id || ':' || _index || ':' || q || '=' || v, "
                      "',' ORDER BY response_id, _index) FROM answers WHERE response_id <= 2"),
      "1:0:nps=1,1:1:why=ok,2:0:nps=2,2:1:why=ok");
  EXPECT_EQ(
      testing::scalar(w,
                      "SELECT string_agg(response_id || tag || value, ',' ORDER BY response_id) "
                      "FROM response_tags"),
      "1viptrue,2viptrue,3viptrue,4viptrue");
  EXPECT_EQ(testing::scalar(w, "SELECT string_agg(label, ',' ORDER BY label) FROM labels"),
            "blue,red");

  api.add_response("s2", 5);
  api.drop_label("red");
  size_t before = api.log().size();
  {
    auto dest = open_duckdb(w);
    run_sync(*connector, config, *dest, o);
  }
  const std::vector<std::string> log = api.log();
  std::vector<std::string> second(log.begin() + static_cast<long>(before), log.end());
  // Streams run at once (the order varies); the partitions read the surveys' pages again.
  std::sort(second.begin(), second.end());
  EXPECT_EQ(second,
            (std::vector<std::string>{"/labels", "/surveys/s1/responses?since_id=2",
                                      "/surveys/s2/responses?since_id=3",
                                      "/surveys/s3/responses?since_id=4", "/surveys?page=1",
                                      "/surveys?page=1", "/surveys?page=2", "/surveys?page=2"}));
  EXPECT_EQ(testing::scalar(w, "SELECT count(*) FROM responses"), "5");
  EXPECT_EQ(testing::scalar(
                w, "SELECT string_agg(label || _sluice_deleted, ',' ORDER BY label) FROM labels"),
            "bluefalse,redtrue");

  const Config wrong = validated_config(*connector, {{"key", "nope"}, {"base_url", api.base_url()}},
                                        "the test configuration");
  try {
    connector->check(wrong);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kAuth);
    EXPECT_EQ(std::string(e.what()),
              "survey_api refused the credentials (HTTP 401 to /surveys); check them in the "
              "configuration.");
  }
}

}  // namespace
}  // namespace sluice
