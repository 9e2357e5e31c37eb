// A YAML source's sync killed (SIGKILL) inside a paged stream restarts at the page its last
// checkpoint saved: the killed warehouse holds exactly the rows committed with that position, the
// restart's first request is the saved page, partitions finished before the kill are not asked
// for again, a resumed replace read deletes none of the rows landed before the kill, and the end
// equals a sync never killed.
#include <set>

#include "e2e/declarative_pages.h"

namespace sluice::testing {
namespace {

class DeclarativeRestart : public DeclarativePages {
 protected:
  // The reference from a sandbox without latency, then the same data at 60 ms a request: a stream
  // of 20 pages takes seconds, and checkpoints commit at most once a second.
  void start_both(const std::map<std::string, std::string>& flags) {
    start_pages(flags);
    ASSERT_EQ(sync_pages("reference.duckdb").exit_code, 0);
    start_pages(flags, 60);
  }
  void expect_same_as_reference() {
    for (const char* table : {"surveys", "respondents", "responses"})
      EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), table) ==
                  dump_table(warehouse("killed.duckdb"), table))
          << table;
  }
};

TEST_F(DeclarativeRestart, KilledInsideAPagedStreamItReadsOnFromTheSavedPage) {
  start_both({{"responses", "40"}, {"contacts", "2950"}});
  nlohmann::json state = kill_inside(connector, "/v1/contacts", 20);
  const nlohmann::json& at = state["streams"]["contacts"];
  ASSERT_TRUE(at.contains("page")) << "no position inside the contacts: " << state.dump();
  const std::string cursor = saved_param(at, "page_cursor");
  const int64_t offset = cursor_offset(cursor);
  EXPECT_GT(offset, 0) << "the kill came before any page was committed";
  EXPECT_EQ(scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM respondents"),
            std::to_string(offset))
      << "the killed run committed exactly the pages before its saved one";
  std::vector<Params> pages = restart(connector, "/v1/contacts");
  ASSERT_FALSE(pages.empty());
  EXPECT_EQ(query_param(pages.front(), "page_cursor"), cursor) << "the saved page first";
  EXPECT_EQ(static_cast<int64_t>(pages.size()), (2950 - offset + kPage - 1) / kPage)
      << "each page from the saved one on, once";
  EXPECT_EQ(
      scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM respondents WHERE _sluice_deleted"),
      "0")
      << "the resumed snapshot deleted rows landed before the kill";
  std::cout << "[ restart ] contacts: killed with " << offset << " of 2950 committed; the restart "
            << "asked for " << pages.size() << " of 30 pages\n";
  expect_same_as_reference();
}

TEST_F(DeclarativeRestart, KilledInsideAPartitionItSkipsTheFinishedOnes) {
  start_both({{"responses", "4000"}, {"contacts", "50"}, {"forms", "4"}});
  nlohmann::json state = kill_inside(connector, "/v1/responses", 26);
  const nlohmann::json& parts = state["streams"]["responses"]["partitions"];
  std::set<std::string> done;
  std::string current;
  for (const auto& [form, at] : parts.items()) {
    if (at.value("done", false)) done.insert(form);
    if (at.contains("page")) current = form;
  }
  ASSERT_FALSE(done.empty()) << "no partition finished before the kill: " << state.dump();
  // The last commit may have come between two partitions: then no page is saved and the restart
  // begins a partition at its first page.
  const std::string cursor = current.empty() ? "" : saved_param(parts[current], "page_cursor");
  if (!current.empty()) {
    EXPECT_EQ(saved_param(parts[current], "form_uuid"), current);
  }
  const std::string ref = warehouse("reference.duckdb"), killed = warehouse("killed.duckdb");
  auto count = [](const std::string& w, const std::string& form) {
    return std::stoll(scalar(w, "SELECT count(*) FROM responses WHERE form_uuid = '" + form + "'"));
  };
  for (const auto& [form, at] : parts.items()) {
    const int64_t want = done.count(form)  ? count(ref, form)
                         : form == current ? cursor_offset(cursor)
                                           : 0;
    EXPECT_EQ(count(killed, form), want) << "the rows committed of survey " << form;
  }
  std::vector<Params> pages = restart(connector, "/v1/responses");
  ASSERT_FALSE(pages.empty());
  if (!current.empty()) {
    EXPECT_EQ(query_param(pages.front(), "form_uuid"), current);
  }
  EXPECT_EQ(query_param(pages.front(), "page_cursor"), cursor) << "the saved page first";
  for (const Params& q : pages)
    EXPECT_EQ(done.count(query_param(q, "form_uuid")), 0u) << "a finished partition read again";
  std::cout << "[ restart ] responses: killed in survey " << done.size() + 1 << " of 4 at "
            << cursor_offset(cursor) << "; the restart asked for " << pages.size() << " pages\n";
  expect_same_as_reference();

  // The stream ended: no marker stays, and the next sync asks every survey again from its own
  // position.
  const nlohmann::json after = nlohmann::json::parse(
      scalar(killed, "SELECT state FROM _sluice_state"))["streams"]["responses"]["partitions"];
  EXPECT_EQ(after.size(), 4u) << after.dump();
  for (const auto& [form, at] : after.items())
    EXPECT_EQ(at.size(), 1u) << "only a position is kept: " << at.dump();
  const size_t before = sandbox->requests_to("/v1/responses").size();
  ASSERT_EQ(sync_pages("killed.duckdb").exit_code, 0);
  std::set<std::string> asked;
  std::vector<Params> all = sandbox->requests_to("/v1/responses");
  for (size_t i = before; i < all.size(); ++i) asked.insert(query_param(all[i], "form_uuid"));
  EXPECT_EQ(asked.size(), 4u) << "every survey asked again";
}

}  // namespace
}  // namespace sluice::testing
