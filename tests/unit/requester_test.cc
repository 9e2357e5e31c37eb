// The HTTP layer against a real server on loopback: auth schemes, OAuth re-minting, retries,
// Retry-After, error messages and gzip.
#include "sluice/http/requester.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "sluice/http/http_server.h"

namespace sluice {
namespace {

struct Recorder {
  std::mutex m;
  std::vector<ServerRequest> seen;
  void add(const ServerRequest& r) {
    std::lock_guard l(m);
    seen.push_back(r);
  }
};

TEST(Requester, AuthSchemesDecorateRequests) {
  Recorder rec;
  HttpServer server([&](const ServerRequest& r) {
    rec.add(r);
    return ServerResponse::json(200, "{}");
  });
  Request req;
  req.url = server.base_url() + "/x";
  Requester("bearer", bearer_auth("tok-123")).send(req);
  Requester("header", api_key_header_auth("X-Api-Key", "key-456")).send(req);
  Requester("query", api_key_query_auth("api_key", "key 789")).send(req);
  Requester("basic", basic_auth("user-1", "")).send(req);
  ASSERT_EQ(rec.seen.size(), 4u);
  EXPECT_EQ(*rec.seen[0].header("authorization"), "Bearer tok-123");
  EXPECT_EQ(*rec.seen[1].header("x-api-key"), "key-456");
  EXPECT_EQ(rec.seen[2].param("api_key"), "key 789");
  EXPECT_EQ(*rec.seen[3].header("authorization"), "Basic " + base64_encode("user-1:"));
}

TEST(Requester, OAuthReusesTheTokenAndReMintsOnceWhenANewerOneWins) {
  std::atomic<int> minted{0};
  std::string newest;
  std::mutex m;
  HttpServer server([&](const ServerRequest& r) {
    std::lock_guard l(m);
    if (r.path == "/token") {
      if (r.body.find("client_secret=s3cret") == std::string::npos)
        return ServerResponse::json(401, "{}");
      newest = "tok" + std::to_string(++minted);
      return ServerResponse::json(200, "{\"access_token\":\"" + newest + "\",\"expires_in\":3600}");
    }
    const std::string* auth = r.header("authorization");
    if (!auth || *auth != "Bearer " + newest)
      return ServerResponse::json(401, "{\"error\":\"stale\"}");
    return ServerResponse::json(200, "{\"ok\":true}");
  });
  OAuthClientCredentials creds{server.base_url() + "/token", "id", "s3cret", "", 60};
  Requester api("api", oauth_client_credentials(creds));
  Request req;
  req.url = server.base_url() + "/data";
  api.send(req);
  api.send(req);
  EXPECT_EQ(minted, 1) << "the token is reused until near expiry";
  {
    std::lock_guard l(m);
    newest = "someone-else";  // another client minted a newer token: ours is now refused
  }
  api.send(req);
  EXPECT_EQ(minted, 2) << "one re-mint after the 401";

  OAuthClientCredentials wrong = creds;
  wrong.client_secret = "nope";
  Requester bad("api", oauth_client_credentials(wrong));
  try {
    bad.send(req);
    FAIL() << "expected an authentication error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kAuth);
    EXPECT_NE(std::string(e.what()).find("check client_id and client_secret"), std::string::npos);
  }
}

TEST(Requester, RetriesServerErrorsAndHonoursRetryAfter) {
  std::atomic<int> calls{0};
  HttpServer server([&](const ServerRequest&) {
    int n = ++calls;
    if (n == 1) return ServerResponse::json(503, "{}");
    if (n == 2) {
      ServerResponse r = ServerResponse::json(429, "{}");
      r.headers.emplace_back("Retry-After", "2");
      return r;
    }
    return ServerResponse::json(200, "{\"done\":1}");
  });
  Requester api("api", nullptr);
  std::vector<int64_t> waits;
  api.set_sleeper([&](int64_t ms) { waits.push_back(ms); });
  Request req;
  req.url = server.base_url() + "/x";
  EXPECT_EQ(api.send(req).body, "{\"done\":1}");
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_LE(waits[0], 500);
  EXPECT_EQ(waits[1], 2000);
  EXPECT_EQ(api.requests_sent(), 3);
}

TEST(Requester, ClientErrorsFailAtOnceWithTheApisWords) {
  std::atomic<int> calls{0};
  HttpServer server([&](const ServerRequest&) {
    ++calls;
    return ServerResponse::json(
        400, "{\"meta\":{\"error\":{\"errorMessage\":\"surveyId is invalid\"}}}");
  });
  Requester api("Qualtrics", nullptr);
  Request req;
  req.url = server.base_url() + "/API/v3/surveys";
  req.set_query("token", "abc");
  try {
    api.send(req);
    FAIL();
  } catch (const HttpStatusError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(
        std::string(e.what()),
        "Qualtrics answered HTTP 400 to GET /API/v3/surveys: \"surveyId is invalid\"; check the "
        "request and try again.");
  }
  EXPECT_EQ(calls, 1);
}

TEST(Requester, GzipBodiesAreDecoded) {
  std::string big(100000, 'a');
  HttpServer server([&](const ServerRequest& r) {
    EXPECT_NE(r.header("accept-encoding"), nullptr);
    return ServerResponse::json(200, "{\"s\":\"" + big + "\"}");
  });
  Requester api("api", nullptr);
  Request req;
  req.url = server.base_url() + "/big";
  Response resp = api.send(req);
  EXPECT_EQ(*resp.header("content-encoding"), "gzip");
  EXPECT_EQ(resp.body.size(), big.size() + 8);
}

}  // namespace
}  // namespace sluice
