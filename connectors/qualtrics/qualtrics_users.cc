// Users of the brand (replace): paged by offset, every page read each sync, checkpointed by the
// next page's URL; users no longer listed are soft-deleted after a whole read.
#include "connectors/qualtrics/qualtrics_snapshot_pager.h"
#include "connectors/qualtrics/qualtrics_streams.h"
#include "sluice/core/names.h"
#include "sluice/json/fields.h"

namespace sluice::qualtrics {
namespace {

class UsersStream : public Stream {
 public:
  explicit UsersStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "users"; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    SnapshotPager pager(ctx, shared_->client, {"users"});
    pager.read("", "/users", {{"pageSize", "100"}}, [&](simdjson::dom::object o) {
      Record r;
      r.set("id", field_text(o, "id"));
      for (const char* key : {"username", "email", "firstName", "lastName", "userType",
                              "divisionId", "accountStatus"})
        r.set(normalize_name(key), field_text(o, key));
      ctx.emit().upsert("users", std::move(r));
    });
    pager.finish();
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Stream> users_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<UsersStream>(std::move(shared));
}

}  // namespace sluice::qualtrics
