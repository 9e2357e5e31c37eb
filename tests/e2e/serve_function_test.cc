// `sluice serve function` faces a network: each malformed request is answered (never a crash),
// idle and half-sent connections do not block a caller, a shared secret keeps strangers out, and
// many callers at once stay under the documented memory bound. After every abuse, a real call
// (Fivetran's POST {state, secrets}) against the Refiner sandbox still succeeds.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "sluice/http/client.h"
#include "support/process.h"
#include "support/raw_http.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"

namespace sluice::testing {
namespace {

constexpr const char* kToken = "a-shared-secret-of-some-length";

class ServeFunction : public ::testing::Test {
 protected:
  void serve(std::vector<std::string> extra = {}, int responses = 200) {
    sandbox = std::make_unique<SandboxServer>(
        "refiner", std::map<std::string, std::string>{{"responses", std::to_string(responses)}});
    secrets = {{"api_key", "sandbox-refiner-key-0001"},
               {"base_url", sandbox->base_url() + "/v1/"},
               {"start_date", "2024-01-01T00:00:00Z"},
               {"sync_contacts", false}};
    std::vector<std::string> args = {sluice_binary(), "serve",  "function", "--connector",
                                     "refiner",       "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid = spawn_process(args, dir.file("out"), dir.file("err"), dir.path().string());
    for (int k = 0; k < 300 && port == 0; ++k) {
      std::string out = read_file(dir.file("out"));
      if (auto at = out.find("http://127.0.0.1:"); at != std::string::npos)
        port = std::atoi(out.c_str() + at + 17);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(port, 0) << read_file(dir.file("err"));
  }
  void TearDown() override {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      EXPECT_EQ(wait_process(pid), 0) << "the server ends cleanly: " << read_file(dir.file("err"));
    }
  }
  // One Fivetran call from `state`; its answer, or a status-only object on failure.
  Response call(const nlohmann::json& state, const std::string& token = "") {
    HttpClient client;
    Request r;
    r.method = "POST";
    r.url = "http://127.0.0.1:" + std::to_string(port) + "/";
    r.body = nlohmann::json{{"agent", "test"}, {"state", state}, {"secrets", secrets}}.dump();
    r.headers.emplace_back("Content-Type", "application/json");
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    Response resp;
    TransportError err;
    EXPECT_TRUE(client.perform(r, resp, err)) << err.message;
    return resp;
  }
  void expect_a_call_succeeds(const std::string& after, const std::string& token = "") {
    Response resp = call(nlohmann::json::object(), token);
    ASSERT_EQ(resp.status, 200) << "after " << after << ": " << resp.body;
    auto answer = nlohmann::json::parse(resp.body);
    EXPECT_TRUE(answer.contains("hasMore")) << after;
    EXPECT_FALSE(answer["insert"]["responses"].empty()) << after;
  }
  // The server process's peak resident memory, in MB.
  double peak_mb() const {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
    return -1;
  }

  TempDir dir;
  std::unique_ptr<SandboxServer> sandbox;
  nlohmann::json secrets;
  pid_t pid = -1;
  int port = 0;
};

TEST_F(ServeFunction, EachMalformedRequestIsAnsweredAndTheNextCallSucceeds) {
  serve();
  std::string megabyte_of_headers = "POST / HTTP/1.1\r\nHost: x\r\n";
  for (int k = 0; megabyte_of_headers.size() < (1 << 20); ++k)
    megabyte_of_headers += "X-Pad-" + std::to_string(k) + ": " + std::string(1000, 'p') + "\r\n";
  megabyte_of_headers += "\r\n";
  const std::vector<std::tuple<std::string, std::string, int>> cases = {
      {"Content-Length: abc", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}", 400},
      {"Content-Length: -5", "POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400},
      {"1 MB of headers", megabyte_of_headers, 431},
      {"a 100 MB declared body", "POST / HTTP/1.1\r\nContent-Length: 104857600\r\n\r\n", 413},
      // A declared chunk size is not checked; the bytes past the bound are, as they arrive.
      {"a chunked body past the bound",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n" +
           std::string(1100000, 'b'),
       413},
      {"a bad chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400},
      {"a 100 KB request line", "GET /" + std::string(100000, 'u') + " HTTP/1.1\r\n\r\n", 414},
      {"binary noise", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15),
       400},
      {"a JSON body that is not JSON",
       "POST / HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{{{{{", 400},
  };
  for (const auto& [name, bytes, status] : cases) {
    EXPECT_EQ(send_and_read_status(port, bytes), status) << name;
    expect_a_call_succeeds(name);
  }
}

TEST_F(ServeFunction, NeverFinishedRequestsAndFiveHundredConnectionsDoNotBlockACall) {
  serve();
  std::vector<int> held;
  for (int k = 0; k < 500; ++k) {
    int fd = connect_loopback(port);
    ASSERT_GE(fd, 0) << "connection " << k;
    // A third say nothing, a third stop inside the headers, a third inside a declared body.
    std::string part = k % 3 == 0   ? ""
                       : k % 3 == 1 ? "POST / HTTP/1.1\r\nHost: x\r\nContent-Le"
                                    : "POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n{\"state\":";
    if (!part.empty()) ::send(fd, part.data(), part.size(), MSG_NOSIGNAL);
    held.push_back(fd);
  }
  expect_a_call_succeeds("500 connections held open, none finished");
  for (int fd : held) ::close(fd);
  expect_a_call_succeeds("500 connections dropped");
}

TEST_F(ServeFunction, ASharedSecretIsRequiredWhenGiven) {
  write_file(dir.file("token"), std::string(kToken) + "\n");
  serve({"--auth-token-file", dir.file("token")});
  EXPECT_EQ(call(nlohmann::json::object()).status, 401);
  EXPECT_EQ(call(nlohmann::json::object(), "not-the-secret-at-all-no").status, 401);
  expect_a_call_succeeds("the right secret", kToken);
  EXPECT_EQ(read_file(dir.file("err")).find(kToken), std::string::npos) << "never logged";
}

TEST_F(ServeFunction, ListeningBeyondLoopbackNeedsASecret) {
  ProcessResult r = run_process({sluice_binary(), "serve", "function", "--connector", "refiner",
                                 "--port", "0", "--host", "0.0.0.0"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--auth-token-file"), std::string::npos) << r.err;
  write_file(dir.file("short"), "abc\n");
  r = run_process({sluice_binary(), "serve", "function", "--connector", "refiner", "--port", "0",
                   "--auth-token-file", dir.file("short")});
  EXPECT_EQ(r.exit_code, 64) << "a token too short to be a secret";
}

TEST_F(ServeFunction, ManyCallersAtOnceStayUnderTheMemoryBound) {
  // 4 calls at once is the largest default (a machine of 4 cores or more); the README promises
  // under 300 MB there. 24 callers each page a whole sync; those past the bound wait or get 503.
  serve({"--max-calls", "4"}, 3000);
  std::atomic<int> answers{0}, busy{0}, finished{0}, failures{0};
  std::atomic<size_t> rows{0};
  std::vector<std::thread> callers;
  for (int k = 0; k < 24; ++k)
    callers.emplace_back([&] {
      nlohmann::json state = nlohmann::json::object();
      for (int attempt = 0; attempt < 400; ++attempt) {
        Response resp = call(state);
        if (resp.status == 503) {
          EXPECT_NE(resp.header("retry-after"), nullptr);
          ++busy;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        if (resp.status != 200) {
          ++failures;
          ADD_FAILURE() << resp.status << " " << resp.body;
          return;
        }
        ++answers;
        auto answer = nlohmann::json::parse(resp.body);
        for (auto& [table, list] : answer["insert"].items()) rows += list.size();
        state = answer["state"];
        if (!answer["hasMore"].get<bool>()) {
          ++finished;
          return;
        }
      }
    });
  for (auto& t : callers) t.join();
  double peak = peak_mb();
  std::cout << "[ load ] 24 callers, at most 4 calls at once: " << finished << " syncs finished, "
            << answers << " answers, " << rows << " rows, " << busy
            << " answered 503 (Retry-After); server peak memory " << peak << " MB\n";
  EXPECT_EQ(finished, 24);
  EXPECT_EQ(failures, 0);
  EXPECT_GT(peak, 0);
  EXPECT_LT(peak, 300) << "the bound the README documents";
}

}  // namespace
}  // namespace sluice::testing
