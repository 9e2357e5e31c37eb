// Requests, authenticators, error handling and tables of a YAML source as data: settings in, the
// exact request, verdict or table spec out.
#include <gtest/gtest.h>

#include "sluice/declarative/authenticator.h"
#include "sluice/declarative/error_handler.h"
#include "sluice/declarative/request_builder.h"
#include "sluice/declarative/table_reader.h"

namespace sluice::declarative {
namespace {

const TemplateNames kNames{{"host", "key", "user", "pass", "ids", "limit"}, {"value"}, true};

RequestDefinition request(const std::string& yaml, Diagnostics& d) {
  YamlObject o(YAML::Load(yaml), d, "r");
  RequestDefinition r = read_request(o, {d, kNames});
  o.finish();
  return r;
}

TEST(DeclarativeRequester, StreamSettingsOverTheSourcesAndEmptyValuesLeftOut) {
  Diagnostics d("r.yaml");
  auto base = request(R"({base_url: "https://{{ config.host }}/v2/", headers: {Accept: json},
                          query: {limit: "{{ config.limit }}", ids: "{{ config.ids }}"}})",
                      d);
  auto stream = request(R"({path: "/zones/{{ partition.value }}/data", method: POST,
                            query: {limit: "10", from: "{{ cursor.start | date }}"}})",
                        d);
  ASSERT_TRUE(d.empty()) << d.errors().front();
  const Config config = {{"host", "api.test"}, {"limit", 50}};
  const nlohmann::json partition = {{"value", "z 1"}};
  Request r = build_request(merge_requests(base, stream), {&config, &partition, 86400000000LL, 0});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.full_url(), "https://api.test/v2/zones/z%201/data?limit=10&from=1970-01-02");
  EXPECT_EQ(r.headers, (Params{{"Accept", "json"}}));
  request("{method: DELETE}", d);
  EXPECT_EQ(d.errors().size(), 1u);
}

TEST(DeclarativeRequester, AuthenticatorsDecorateTheRequest) {
  const Config config = {{"key", "k-123"}, {"user", "ann"}, {"pass", "pw"}};
  auto apply = [&](const std::string& yaml) {
    Diagnostics d("a.yaml");
    AuthDefinition a = read_auth(YAML::Load(yaml), {d, kNames});
    EXPECT_TRUE(d.empty()) << d.errors().front();
    Request r;
    r.url = "https://api.test/x";
    make_authenticator(a, config, {})->apply(r);
    return r.full_url() +
           (r.headers.empty() ? "" : " " + r.headers[0].first + ": " + r.headers[0].second);
  };
  EXPECT_EQ(apply("{type: api_key_header, header: X-Api-Key, key: '{{ config.key }}'}"),
            "https://api.test/x X-Api-Key: k-123");
  EXPECT_EQ(apply("{type: api_key_query, param: api_key, key: '{{ config.key }}'}"),
            "https://api.test/x?api_key=k-123");
  EXPECT_EQ(apply("{type: bearer, token: '{{ config.key }}'}"),
            "https://api.test/x Authorization: Bearer k-123");
  EXPECT_EQ(apply("{type: basic, username: '{{ config.user }}', password: '{{ config.pass }}'}"),
            "https://api.test/x Authorization: Basic " + base64_encode("ann:pw"));
  Diagnostics d("a.yaml");
  read_auth(YAML::Load("{type: oauth2_client_credentials, client_id: x}"), {d, kNames});
  read_auth(YAML::Load("{type: cookie}"), {d, kNames});
  EXPECT_EQ(d.errors().size(), 3u);  // token_url and client_secret missing; no such type
}

TEST(DeclarativeRequester, ErrorHandlingJudgesStatuses) {
  Diagnostics d("e.yaml");
  ErrorHandling h = read_error_handling(
      YAML::Load("{retry_statuses: [409], auth_statuses: [401, 403, 419], max_attempts: 3, "
                 "backoff_ms: 100, error_path: meta.error}"),
      {d, kNames});
  ASSERT_TRUE(d.empty()) << d.errors().front();
  EXPECT_EQ(h.error_pointer, "/meta/error");
  EXPECT_EQ(judge_status(h, 419, 1).action, StatusVerdict::Action::kAuth);
  StatusVerdict retry = judge_status(h, 409, 2);
  EXPECT_EQ(retry.action, StatusVerdict::Action::kRetry);
  EXPECT_EQ(retry.delay_ms, 200);
  EXPECT_EQ(judge_status(h, 409, 3).action, StatusVerdict::Action::kRethrow);
  EXPECT_EQ(judge_status(h, 400, 1).action, StatusVerdict::Action::kRethrow);
  read_error_handling(YAML::Load("{retry_statuses: [soon], max_attempts: 0}"), {d, kNames});
  EXPECT_EQ(d.errors().size(), 2u);
}

TEST(DeclarativeRequester, TablesDeclareKeysModesAndTypes) {
  Diagnostics d("t.yaml");
  TableSpec t =
      read_table(YAML::Load(R"({name: Hourly Traffic, primary_key: [zoneId, recordDate_hour_1],
      mode: append, columns: {zoneId: string, recordDate_hour_1: UTC_DATETIME, avg: double}})"),
                 {d, kNames}, "traffic");
  ASSERT_TRUE(d.empty()) << d.errors().front();
  EXPECT_EQ(t.name, "hourly_traffic");
  EXPECT_EQ(t.primary_key, (std::vector<std::string>{"zone_id", "record_date_hour_1"}));
  EXPECT_EQ(t.mode, WriteMode::kAppend);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[1].name, "record_date_hour_1");
  EXPECT_EQ(t.columns[1].type, ColumnType::kUtcDateTime);
  EXPECT_EQ(t.columns[2].type, ColumnType::kDouble);
  EXPECT_EQ(read_table(YAML::Load("{}"), {d, kNames}, "Traffic").name, "traffic");
  read_table(YAML::Load("{columns: {a: money}}"), {d, kNames}, "x");
  EXPECT_EQ(d.errors().size(), 1u);
}

}  // namespace
}  // namespace sluice::declarative
