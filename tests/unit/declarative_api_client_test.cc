// A YAML source's requests: its own retry and bad-credential statuses, an error answered with 200,
// and a stream's own request budget, against a server on loopback (sleeps and the budget's clock
// observed, not waited for).
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/declarative/api_client.h"
#include "sluice/http/http_server.h"

namespace sluice::declarative {
namespace {

ServerResponse answer(const ServerRequest& r) {
  if (r.path == "/busy") return ServerResponse::json(409, R"({"error":"busy"})");
  if (r.path == "/gone") return ServerResponse::json(419, R"({"error":"session expired"})");
  if (r.path == "/quiet-error") return ServerResponse::json(200, R"({"meta":{"error":"no"}})");
  return ServerResponse::json(200, R"({"ok":true})");
}

class DeclarativeApiClient : public ::testing::Test {
 protected:
  HttpServer server{answer};
  Request to(const std::string& path) {
    Request r;
    r.url = server.base_url() + path;
    return r;
  }
};

TEST_F(DeclarativeApiClient, ListedStatusesRetryOrMeanBadCredentials) {
  ErrorHandling h;
  h.retry_statuses = {409};
  h.auth_statuses = {401, 419};
  h.max_attempts = 3;
  h.base_delay_ms = 100;
  ApiClient api("Demo", nullptr, {}, h);
  std::vector<int64_t> sleeps;
  api.set_sleeper([&](int64_t ms) { sleeps.push_back(ms); });
  EXPECT_THROW(api.send(to("/busy")), HttpStatusError);
  EXPECT_EQ(sleeps, (std::vector<int64_t>{100, 200}));
  EXPECT_EQ(api.requests_sent(), 3);
  try {
    api.send(to("/gone"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kAuth);
    EXPECT_EQ(std::string(e.what()),
              "Demo refused the credentials (HTTP 419 to /gone); check them in the configuration.");
  }
  EXPECT_EQ(api.requests_sent(), 4);
}

TEST_F(DeclarativeApiClient, AnErrorAtTheErrorPathIsAnApiError) {
  ErrorHandling h;
  h.error_pointer = "/meta/error";
  ApiClient api("Demo", nullptr, {}, h);
  simdjson::dom::parser parser;
  Request ok = to("/fine");
  EXPECT_NO_THROW(api.parse(api.send(ok).body, ok, parser));
  Request bad = to("/quiet-error");
  try {
    api.parse(api.send(bad).body, bad, parser);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kApi);
    EXPECT_EQ(std::string(e.what()), "Demo answered /quiet-error with an error: \"no\".");
  }
}

TEST_F(DeclarativeApiClient, AStreamsBudgetPacesOnlyItsEndpoint) {
  ApiClient api("Demo", nullptr, {}, {});
  api.limit_endpoint("slow", 60, "/slow/");
  const auto t0 = RateBudget::Clock::now();
  std::vector<int64_t> waits_ms;
  api.budget().set_clock(
      [&] { return t0; },
      [&](RateBudget::Clock::duration d) {
        waits_ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
      });
  for (const char* path : {"/slow/a", "/fast", "/slow/b", "/fast", "/fast"}) api.send(to(path));
  // The clock stands still: the second /slow/ request waits one interval (60/min, 1% under).
  ASSERT_EQ(waits_ms.size(), 1u);
  EXPECT_EQ(waits_ms[0], 1010);
}

}  // namespace
}  // namespace sluice::declarative
