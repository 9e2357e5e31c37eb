// The project file: `sluice sync --all` syncs every connection into its own destination under its
// own state key, `sluice serve --all` serves the ones with ports, and mistakes name their line.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/http/client.h"

namespace sluice::testing {
namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

TEST_F(RefinerE2E, SyncAllRunsEveryConnectionOfTheProject) {
  start({{"responses", "200"}});
  SandboxServer countly("countly", {{"users", "50"}});
  write_config(config, "refiner.json");
  write_file(dir.file("countly.json"), countly.example_config());
  write_file(dir.file("sluice.yaml"),
             "# two connections of one deployment\n"
             "connections:\n"
             "  - name: refiner_prod\n"
             "    connector: refiner\n"
             "    configuration: refiner.json\n"
             "    destination: refiner.duckdb\n"
             "  - name: countly_eu\n"
             "    connector: countly\n"
             "    configuration: countly.json\n"
             "    destination: countly.duckdb\n");
  ProcessResult r = sluice({"sync", "--all", "--no-progress"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("refiner_prod: ok  countly_eu: ok"), std::string::npos) << r.out;
  // The sandbox completes 9 responses in 10; Refiner syncs completed ones by default.
  EXPECT_EQ(scalar(warehouse("refiner.duckdb"), "SELECT count(*) FROM responses"), "180");
  EXPECT_EQ(scalar(warehouse("countly.duckdb"), "SELECT count(*) FROM users"), "50");
  EXPECT_EQ(scalar(warehouse("countly.duckdb"), "SELECT connection FROM _sluice_state"),
            "countly_eu");
}

TEST_F(RefinerE2E, ProjectMistakesNameTheirLines) {
  write_file(dir.file("refiner.json"), "{}");
  write_file(dir.file("sluice.yaml"),
             "connections:\n"
             "  - name: a\n"
             "    connector: refinr\n"
             "    destination: a.duckdb\n"
             "    configuration: refiner.json\n"
             "  - name: a\n"
             "    connector: refiner\n"
             "    function_port: eighty\n"
             "    colour: blue\n");
  ProcessResult r = sluice({"sync", "--all"});
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("line 2: there is no connector \"refinr\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 6: the name \"a\" is already used on line 2"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("line 8: `function_port` must be a port number"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("line 9: unknown key `colour`"), std::string::npos) << r.err;
  write_file(dir.file("sluice.yaml"), "connections: [\n");
  r = sluice({"sync", "--all"});
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("not valid YAML"), std::string::npos) << r.err;
}

TEST_F(RefinerE2E, ServeAllServesEveryConnectionWithAPort) {
  start({{"responses", "20"}});
  const int port = free_port();
  write_file(dir.file("sluice.yaml"),
             "connections:\n  - name: refiner_fn\n    connector: refiner\n"
             "    function_port: " +
                 std::to_string(port) + "\n");
  pid_t pid = spawn_process({sluice_binary(), "serve", "--all"}, dir.file("serve.out"),
                            dir.file("serve.err"), dir.path().string());
  Response resp;
  for (int i = 0; i < 300 && resp.status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    HttpClient client;
    Request r;
    r.method = "POST";
    r.url = "http://127.0.0.1:" + std::to_string(port) + "/";
    r.body = nlohmann::json{
        {"state", nlohmann::json::object()},
        {"secrets", config},
        {"setup_test",
         true}}.dump();
    TransportError err;
    client.perform(r, resp, err);
  }
  EXPECT_EQ(resp.status, 200) << resp.body << read_file(dir.file("serve.err"));
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_process(pid), 0);
}

}  // namespace
}  // namespace sluice::testing
