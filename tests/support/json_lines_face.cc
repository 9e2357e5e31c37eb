#include "support/json_lines_face.h"

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

namespace sluice::testing {

std::string source_dir() {
  return SLUICE_SOURCE_DIR;
}

std::string airbyte_protocol_dir() {
  std::filesystem::path copy =
      std::filesystem::path(source_dir()) / "tests" / "conformance" / "airbyte_protocol";
  // Beside a checkout that has the product's reference folder, the copy must be that file.
  std::filesystem::path published = std::filesystem::path(source_dir()).parent_path() / "shared" /
                                    "reference" / "airbyte_protocol";
  for (const char* name : {"airbyte_protocol.yaml", "well_known_types.yaml"})
    if (std::filesystem::exists(published / name)) {
      EXPECT_EQ(read_file((copy / name).string()), read_file((published / name).string()))
          << copy / name << " differs from the published " << published / name;
    }
  EXPECT_TRUE(std::filesystem::exists(copy / "airbyte_protocol.yaml")) << copy;
  return copy.string();
}

std::vector<nlohmann::json> json_lines(const std::string& text, bool allow_torn_end) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      bool last = in.peek() == EOF;
      EXPECT_TRUE(allow_torn_end && last) << "not a JSON line on stdout: " << line.substr(0, 200);
      continue;
    }
    out.push_back(std::move(j));
  }
  return out;
}

void JsonLinesFace::start(const std::string& name, int latency_ms) {
  connector = name;
  std::map<std::string, std::string> flags;
  if (name == "refiner") flags = {{"responses", "200"}};
  if (name == "countly") flags = {{"users", "200"}};
  if (name == "qualtrics") flags = {{"responses", "60"}, {"contacts", "40"}, {"export-polls", "1"}};
  if (name == "sensource") flags = {{"data-start", "2026-01-01"}, {"data-end", "1767484800"}};
  sandbox = std::make_unique<SandboxServer>(name, flags, latency_ms);
  config = nlohmann::json::parse(sandbox->example_config());
  if (name == "refiner") config["overlap_minutes"] = 0;  // a resumed read reads only what is new
  if (name == "qualtrics") config["export_poll_interval_ms"] = 20;
  if (name == "sensource") {
    config["start_date"] = "2026-01-01";
    config["static_endpoints"] = "location,site,zone,space,sensor";
  }
  write_file(dir.file("configuration.json"), config.dump(2));
}

ProcessResult JsonLinesFace::sluice(std::vector<std::string> args) {
  args.insert(args.begin(), sluice_binary());
  return run_process(args, dir.path().string());
}

nlohmann::json JsonLinesFace::conformance(const std::string& script,
                                          std::vector<std::string> args) {
  args.insert(args.begin(),
              {"/usr/bin/python3", "-B", source_dir() + "/tests/conformance/" + script});
  ProcessResult r = run_process(args, dir.path().string());
  std::string last = r.out.substr(0, r.out.find_last_not_of('\n') + 1);
  last =
      last.substr(last.find_last_of('\n') == std::string::npos ? 0 : last.find_last_of('\n') + 1);
  nlohmann::json summary = nlohmann::json::parse(last, nullptr, false);
  EXPECT_EQ(r.exit_code, 0) << script << ": " << r.out << r.err;
  EXPECT_FALSE(summary.is_discarded()) << script << ": " << r.out << r.err;
  return summary.is_discarded() ? nlohmann::json::object() : summary;
}

bool JsonLinesFace::kill_when(std::vector<std::string> args, const std::string& out_file,
                              const std::function<bool(const std::string&)>& ready) {
  args.insert(args.begin(), sluice_binary());
  pid_t pid = spawn_process(args, out_file, dir.file("killed.err"), dir.path().string());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // it finished first
    if (ready(read_file(out_file))) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  return wait_process(pid) == 128 + SIGKILL;
}

}  // namespace sluice::testing

namespace sluice::testing {

ProcessResult JsonLinesFace::run_read(const std::string& file, const std::string& state_file) {
  ProcessResult r = sluice(read_args(state_file));
  write_file(dir.file(file), r.out);
  return r;
}

std::multiset<std::string> JsonLinesFace::records(const std::vector<nlohmann::json>& lines,
                                                  const std::string& stream) const {
  std::multiset<std::string> out;
  for (const auto& line : lines)
    if (auto r = record_of(line); r && (stream.empty() || r->stream == stream))
      out.insert(r->text());
  return out;
}

void JsonLinesFace::expect_second_read_gets_only_new_records() {
  ProcessResult first = run_read("first.jsonl");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto before = json_lines(first.out);
  write_file(dir.file("state.json"), next_state(before).dump());
  sandbox->admin_post("/__sandbox/responses?count=7");
  ProcessResult second = run_read("second.jsonl", "state.json");
  ASSERT_EQ(second.exit_code, 0) << second.out.substr(0, 2000) << second.err;
  auto after = json_lines(second.out);
  // Exactly the seven new responses: the connector lists its look-back again (late responses
  // arrive there) but its state remembers which of them were sent (connectors/refiner/README.md).
  auto old = records(before);
  size_t fresh = 0, repeated = 0;
  for (const auto& line : after) {
    auto r = record_of(line);
    if (!r || r->stream != "responses") continue;
    ++(old.count(r->text()) ? repeated : fresh);
  }
  EXPECT_EQ(fresh, 7u);
  EXPECT_EQ(repeated, 0u);
  std::cout << "[ " << connector << " ] first read " << records(before, "responses").size()
            << " responses, second " << records(after, "responses").size() << " (7 new)\n";
}

void JsonLinesFace::expect_killed_read_resumes() {
  ASSERT_EQ(run_read("reference.jsonl").exit_code, 0);
  auto reference_lines = json_lines(read_file(dir.file("reference.jsonl")));
  auto reference = records(reference_lines);
  // Killed once some responses are out, past a few checkpoints of their stream.
  bool killed = kill_when(read_args(""), dir.file("killed.jsonl"), [](const std::string& out) {
    size_t n = 0;
    const std::string mark = "\"stream\":\"responses\"";
    for (size_t at = out.find(mark); at != std::string::npos; at = out.find(mark, at + 1)) ++n;
    return n >= 70;
  });
  ASSERT_TRUE(killed) << "the read ended before it could be killed";
  auto killed_lines = json_lines(read_file(dir.file("killed.jsonl")), /*allow_torn_end=*/true);
  size_t last_state = 0;
  for (size_t i = 0; i < killed_lines.size(); ++i)
    if (is_state(killed_lines[i])) last_state = i + 1;
  ASSERT_GT(last_state, 0u);
  std::vector<nlohmann::json> committed(killed_lines.begin(), killed_lines.begin() + last_state);
  write_file(dir.file("state.json"), next_state(committed).dump());
  ProcessResult rerun = run_read("rerun.jsonl", "state.json");
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out.substr(0, 2000) << rerun.err;
  auto rerun_lines = json_lines(rerun.out);
  auto resumed = records(rerun_lines);
  auto kept = records(committed);
  // Nothing lost: what the platform kept (up to the last state) and the rerun hold every record.
  size_t lost = 0, repeated = 0;
  for (const auto& rec : reference)
    if (!kept.count(rec) && !resumed.count(rec)) ++lost;
  // Nothing the last state covered is read again.
  for (const auto& rec : resumed)
    if (kept.count(rec)) ++repeated;
  std::cout << "[ " << connector << " ] killed after " << kept.size() << " records under a state, "
            << killed_lines.size() << " lines; rerun " << resumed.size() << " records, lost "
            << lost << ", repeated " << repeated << " of " << reference.size() << "\n";
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(repeated, 0u);
  EXPECT_LT(resumed.size(), reference.size());
  // Killed inside the responses stream: some of them were kept, not all.
  EXPECT_GT(records(committed, "responses").size(), 0u);
  EXPECT_LT(records(committed, "responses").size(), records(reference_lines, "responses").size());
}

}  // namespace sluice::testing
