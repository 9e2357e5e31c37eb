// The progress display of a real sync: on a terminal (a pseudo-terminal) a bar, a percentage and
// the time left for the table whose total Refiner reports (items_count), redrawn in place, and the
// final state left on screen; elsewhere plain lines without a single escape code.
#include <regex>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "support/terminal_process.h"

namespace sluice::testing {
namespace {

// 3,000 responses (2,700 completed, the ones read) in pages of 100, one list; at 40 ms an answer
// the read of responses lasts over a second, so frames are drawn while it runs.
class RefinerProgress : public RefinerE2E {
 protected:
  void prepare(int latency_ms) {
    start({{"responses", "3000"}}, latency_ms);
    config["page_length"] = 100;
    config["window_concurrency"] = 1;
    write_config(config);
  }
};

TEST_F(RefinerProgress, TerminalDrawsBarPercentageAndTimeLeftInPlace) {
  prepare(40);
  ProcessResult r = run_on_terminal(
      {sluice_binary(), "sync", "refiner", "--warehouse", warehouse()}, dir.path().string(), 110);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // A frame while responses are read: bar, percentage, rows of the reported total, time left.
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("responses +(\u2588|\u2591){24} +[0-9]{1,2}% +[0-9,]+ of 2,700 rows +"
                        "[0-9,]+/s +[0-9]+s left")))
      << r.out;
  // Redrawn in place: back up over the block, every line cleared before it is drawn.
  EXPECT_NE(r.out.find("\033[5A\r\033[K"), std::string::npos) << r.out;
  // The final state stays, above the summary: every table complete, responses in full.
  const size_t summary = r.out.find("Sync ");
  ASSERT_NE(summary, std::string::npos) << r.out;
  // The last frame starts where the cursor last went up (or at the first frame's first line).
  size_t final_frame = r.out.rfind("A\r\033[K", summary);
  if (final_frame == std::string::npos) final_frame = r.out.find("\r\033[K");
  ASSERT_NE(final_frame, std::string::npos) << r.out;
  const std::string last = r.out.substr(final_frame, summary - final_frame);
  EXPECT_TRUE(std::regex_search(last, std::regex("responses +(\u2588){24} 100% +2,700 rows")))
      << last;
  for (const char* table : {"surveys", "questions", "answers", "respondents"})
    EXPECT_NE(last.find(table), std::string::npos) << table;
  // No progress line wider than the terminal (a wrapped line would break the redraw).
  std::regex escape("\033\\[[0-9]*[A-Za-z]");
  std::string plain = std::regex_replace(r.out, escape, "");
  size_t start = 0;
  for (size_t end; (end = plain.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string line = plain.substr(start, end - start);
    if (line.find(" rows") == std::string::npos || line.find("INFO") != std::string::npos) continue;
    size_t cells = 0;
    for (char c : line) cells += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(cells, 110u) << line;
  }
}

TEST_F(RefinerProgress, LogLinesLandAboveTheBarsAndRetriesAreRecorded) {
  // Every 8th answer a 503: retries, each logged as a warning while the bars are on screen.
  start({{"responses", "3000"}, {"error-every", "8"}}, 40);
  config["page_length"] = 100;
  config["window_concurrency"] = 1;
  write_config(config);
  ProcessResult r = run_on_terminal(
      {sluice_binary(), "sync", "refiner", "--warehouse", warehouse()}, dir.path().string(), 110);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  size_t warnings = 0;
  for (size_t at = r.out.find("WARNING"); at != std::string::npos;
       at = r.out.find("WARNING", at + 1)) {
    ++warnings;
    // The line starts where the block was erased (cursor up, clear to the end of the screen) or
    // where nothing was drawn yet, never inside a bar's line.
    const size_t line_start = r.out.rfind('\n', at) + 1;
    const std::string before = r.out.substr(line_start, at - line_start);
    EXPECT_EQ(before.find("\u2588"), std::string::npos) << before;
    EXPECT_EQ(before.find("rows"), std::string::npos) << before;
  }
  EXPECT_GE(warnings, 3u) << r.out;
  EXPECT_NE(r.out.find("A\r\033[J"), std::string::npos) << r.out;
  // The run counts its retries, one per warning.
  nlohmann::json runs =
      nlohmann::json::parse(sluice({"runs", "--warehouse", warehouse(), "--json"}).out);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["retries"].get<size_t>(), warnings);
}

TEST_F(RefinerProgress, NotATerminalGetsSummaryLinesWithoutEscapeCodes) {
  prepare(0);
  ProcessResult r = sluice({"sync", "refiner", "--warehouse", warehouse()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('\033'), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("\u2588"), std::string::npos) << r.err;
  // One line per table at the end.
  EXPECT_NE(r.err.find("INFO responses: 2,700 rows"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("INFO surveys: 4 rows"), std::string::npos) << r.err;
}

TEST_F(RefinerProgress, NoProgressDrawsNothingEvenOnATerminal) {
  prepare(0);
  ProcessResult r = run_on_terminal(
      {sluice_binary(), "sync", "refiner", "--warehouse", warehouse(), "--no-progress"},
      dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\u2588"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sluice::testing
