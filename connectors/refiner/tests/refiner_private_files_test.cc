// Files Sluice creates hold answers, emails and keys: they are private to the user (0600, folders
// 0700) — the configuration `init` writes, the DuckDB warehouse and its .wal while a sync runs,
// the Parquet lake's files and manifests — unless SLUICE_UMASK asks otherwise.
#include <sys/stat.h>

#include <filesystem>

#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

// Every file under `root` but the test's own is 0600, every folder 0700; how many were checked.
int expect_private(const fs::path& root, const std::string& own) {
  int checked = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().filename() == own) continue;
    EXPECT_EQ(mode_of(e.path()), e.is_directory() ? 0700u : 0600u) << e.path();
    ++checked;
  }
  return checked;
}

TEST_F(RefinerE2E, FilesSluiceCreatesArePrivate) {
  start({{"responses", "3000"}}, 5);
  ProcessResult init = sluice({"init", "refiner", "--config", "init.json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  write_config(config);  // configuration.json: the test's own file

  // The .wal DuckDB keeps beside the warehouse while a sync runs.
  pid_t pid = spawn_process(
      {sluice_binary(), "sync", "refiner", "--warehouse", "warehouse.duckdb", "--no-progress"},
      dir.file("out"), dir.file("err"), dir.path().string());
  bool saw_wal = false;
  for (int k = 0; k < 30000 && !saw_wal; ++k) {
    if (fs::exists(warehouse("warehouse.duckdb.wal"))) {
      saw_wal = true;
      EXPECT_EQ(mode_of(warehouse("warehouse.duckdb.wal")), 0600u);
      EXPECT_EQ(mode_of(warehouse("warehouse.duckdb")), 0600u);
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      pid = 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(saw_wal) << "the sync ended before DuckDB wrote its log";
  if (pid) {
    EXPECT_EQ(wait_process(pid), 0) << read_file(dir.file("err"));
  }
  fs::remove(dir.file("out"));
  fs::remove(dir.file("err"));

  ProcessResult lake = sluice(
      {"sync", "refiner", "--destination", "parquet://" + dir.file("lake"), "--no-progress"});
  ASSERT_EQ(lake.exit_code, 0) << lake.err;
  EXPECT_EQ(mode_of(dir.file("init.json")), 0600u);
  EXPECT_GT(expect_private(dir.path(), "configuration.json"), 10);
  EXPECT_TRUE(fs::exists(dir.file("lake/_sluice")));

  // SLUICE_UMASK asks for something else: here the group may read.
  setenv("SLUICE_UMASK", "027", 1);
  ProcessResult shared =
      sluice({"sync", "refiner", "--warehouse", "shared.duckdb", "--no-progress"});
  unsetenv("SLUICE_UMASK");
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  EXPECT_EQ(mode_of(warehouse("shared.duckdb")), 0640u);
  // And a malformed one is refused in one sentence naming it, before anything is written.
  setenv("SLUICE_UMASK", "rw-r-----", 1);
  ProcessResult bad = sluice({"sync", "refiner", "--warehouse", "bad.duckdb", "--no-progress"});
  unsetenv("SLUICE_UMASK");
  EXPECT_EQ(bad.exit_code, 78);
  EXPECT_NE(bad.err.find("SLUICE_UMASK"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(warehouse("bad.duckdb")));
}

}  // namespace
}  // namespace sluice::testing
