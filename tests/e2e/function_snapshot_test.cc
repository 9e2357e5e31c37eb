// Snapshot tables through the function protocol: an answer names a table in `softDelete` (Fivetran
// then marks deleted its rows absent from this sync's answers) only when the table's whole read
// lies within the sync: read in one call, or across calls carrying the same sync_id. A read
// resumed by a later sync, or spread over calls without a sync_id, names nothing, so no row sent
// by an earlier sync is deleted; the next whole read catches up.

#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "support/function_pager.h"

namespace sluice::testing {
namespace {

class FunctionSnapshot : public QualtricsE2E {
 protected:
  // 2,500 contacts in pages of 100 at the sandbox; nothing but the contacts is read.
  void SetUp() override {
    QualtricsE2E::SetUp();
    start_qualtrics({{"contacts", "2500"}, {"page-size", "100"}});
    config["tables"] = {{"contacts", config["tables"]["contacts"]}};
  }
  // Pages a sync until it ends; `budget` 0 is the default (one call holds it all).
  PagedSync sync(ServedFunction& served, const std::string& sync_id,
                 nlohmann::json state = nlohmann::json::object(), int max_calls = 200) {
    return page_function(served.url(), config, max_calls, std::move(state), sync_id);
  }
  int live_contacts(const PagedSync& p) { return static_cast<int>(p.tables.at("contacts").size()); }
};

TEST_F(FunctionSnapshot, AWholeReadInOneCallSoftDeletesWhatItDidNotSend) {
  ServedFunction served("qualtrics", dir.path().string());
  PagedSync first = sync(served, "");
  ASSERT_TRUE(first.finished) << first.failure;
  EXPECT_EQ(first.calls, 1);
  EXPECT_EQ(live_contacts(first), 2500);
  EXPECT_EQ(first.soft_deleted["contacts"], 1);
  EXPECT_FALSE(first.state.contains("_sluice_snapshots")) << first.state.dump();
}

TEST_F(FunctionSnapshot, AReadAcrossCallsOfOneSyncSoftDeletesOnceAtItsEnd) {
  ServedFunction served("qualtrics", dir.path().string(), 60000);
  PagedSync one = sync(served, "sync-1");
  ASSERT_TRUE(one.finished) << one.failure;
  EXPECT_GE(one.calls, 5);
  EXPECT_EQ(live_contacts(one), 2500);
  EXPECT_EQ(one.soft_deleted["contacts"], 1) << "named once, by the answer that ended the read";
  EXPECT_FALSE(one.state.contains("_sluice_snapshots")) << one.state.dump();
  // Without a sync_id the calls cannot be told to belong to one sync: nothing is named.
  PagedSync anonymous = sync(served, "");
  ASSERT_TRUE(anonymous.finished) << anonymous.failure;
  EXPECT_GE(anonymous.calls, 5);
  EXPECT_EQ(anonymous.soft_deleted.count("contacts"), 0u);
}

TEST_F(FunctionSnapshot, AReadResumedByALaterSyncDeletesNothingItDidNotSee) {
  ServedFunction served("qualtrics", dir.path().string(), 60000);
  // Sync A stops after two calls, inside the contacts (as a failed Fivetran sync would).
  PagedSync a = sync(served, "sync-a", nlohmann::json::object(), 2);
  ASSERT_FALSE(a.finished);
  ASSERT_EQ(a.state["_sluice_snapshots"]["contacts"], "sync-a") << a.state.dump();
  const int sent_by_a = live_contacts(a);
  ASSERT_GT(sent_by_a, 0);
  ASSERT_LT(sent_by_a, 2500);
  // Sync B goes on from A's state: it never sends A's contacts, so it must not name the table.
  PagedSync b = sync(served, "sync-b", a.state);
  ASSERT_TRUE(b.finished) << b.failure;
  EXPECT_EQ(live_contacts(b), 2500 - sent_by_a) << "B reads on from where A stopped";
  EXPECT_EQ(b.soft_deleted.count("contacts"), 0u);
  // The next sync reads the contacts whole and, the source having lost 100, names the table.
  sandbox->admin_post("/__sandbox/contacts/remove?count=100");
  PagedSync c = sync(served, "sync-c", b.state);
  ASSERT_TRUE(c.finished) << c.failure;
  EXPECT_EQ(live_contacts(c), 2400);
  EXPECT_EQ(c.soft_deleted["contacts"], 1);
}

}  // namespace
}  // namespace sluice::testing
