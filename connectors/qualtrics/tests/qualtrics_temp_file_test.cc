// The export ZIP is written to a file created exclusively in a private directory, never to a
// predictable name: a symlink planted at the old name (`sluice-qualtrics-<pid>-<n>.zip` in the
// temporary directory) is left alone, and nothing of the export stays behind, on success or
// failure.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "connectors/qualtrics/qualtrics_export.h"
#include "connectors/qualtrics/tests/qualtrics_fixture.h"

namespace sluice::testing {
namespace {

class QualtricsTempFile : public QualtricsE2E {
 protected:
  void SetUp() override {
    tmp = dir.file("tmp");
    std::filesystem::create_directory(tmp);
    const char* old = std::getenv("TMPDIR");
    old_tmpdir = old ? old : "";
    had_tmpdir = old != nullptr;
    ::setenv("TMPDIR", tmp.c_str(), 1);
  }
  void TearDown() override {
    if (had_tmpdir)
      ::setenv("TMPDIR", old_tmpdir.c_str(), 1);
    else
      ::unsetenv("TMPDIR");
  }
  // What the temporary directory holds besides the planted symlinks.
  std::vector<std::string> left_behind() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(tmp))
      if (!e.is_symlink()) names.push_back(e.path().filename().string());
    return names;
  }
  std::string tmp, old_tmpdir;
  bool had_tmpdir = false;
};

TEST_F(QualtricsTempFile, ASymlinkAtThePredictableNameIsLeftAloneAndNothingStaysBehind) {
  start_qualtrics({});
  const std::string victim = dir.file("victim.txt");
  write_file(victim, "precious\n");
  for (int n = 0; n < 64; ++n)
    std::filesystem::create_symlink(
        victim,
        tmp + "/sluice-qualtrics-" + std::to_string(::getpid()) + "-" + std::to_string(n) + ".zip");
  qualtrics::QualtricsClient client(config);
  auto surveys = nlohmann::json::parse(
      get("/API/v3/surveys", {{"X-API-TOKEN", kQualtricsToken}}).body)["result"]["elements"];
  ASSERT_FALSE(surveys.empty());
  int64_t responses = 0;
  for (const auto& survey : surveys) {
    qualtrics::ExportSpec spec;
    spec.survey_id = survey["id"];
    spec.body = {{"format", "ndjson"}, {"compress", true}};
    spec.poll_interval_ms = 20;
    qualtrics::ReadyExport ready = qualtrics::prepare_export(client, spec);
    responses += qualtrics::read_export(client, spec, ready, [](std::string_view) {}).responses;
  }
  EXPECT_GT(responses, 0);
  EXPECT_EQ(read_file(victim), "precious\n") << "the planted symlink was followed";
  EXPECT_TRUE(left_behind().empty()) << left_behind().front();
  // A download that fails (no such export file) leaves nothing behind either.
  qualtrics::ExportSpec spec;
  spec.survey_id = surveys[0]["id"];
  spec.body = {{"format", "ndjson"}};
  EXPECT_ANY_THROW(qualtrics::read_export(client, spec, {"ES_none", "no-such-file", std::nullopt},
                                          [](std::string_view) {}));
  EXPECT_TRUE(left_behind().empty()) << left_behind().front();
  EXPECT_EQ(read_file(victim), "precious\n");
}

}  // namespace
}  // namespace sluice::testing
