// Contacts (respondents): the API has no date filter, so they are re-read in full every sync, in
// its stable order (first_seen_at), checkpointed with their position in the list (ListPosition):
// a resumed read, a crash restart or the next call of a paged protocol goes on from there.
#include "connectors/refiner/refiner_streams.h"
#include "sluice/json/fields.h"
#include "sluice/json/flatten.h"
#include "sluice/load/row_hash.h"
#include "sluice/sdk/flat_row.h"

namespace sluice::refiner {
namespace {

class ContactsStream : public Stream {
 public:
  explicit ContactsStream(std::shared_ptr<SyncShared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "contacts"; }

  // The list needs nothing from the other streams: it downloads while responses are read.
  void prefetch(const nlohmann::json& saved) override {
    // A read under way goes on from its position; a finished one (or a count, as states before
    // positions kept, which cannot tell a finished read from a broken one) starts over.
    from_ = ListPosition::from_json(saved);
    pages_ = shared_->client.prefetch_from(
        "contacts", {}, shared_->config.value("page_length", 1000), from_, kPagesAhead);
  }

  void read(StreamContext& ctx) override {
    int64_t every = shared_->config.value("checkpoint_every", 1000);
    if (!pages_) prefetch(ctx.cursor());
    int64_t count = 0;
    ListPosition at = from_;
    shared_->client.for_each(
        *pages_, "contacts", from_, [&](simdjson::dom::element item, const ListPosition& after) {
          at = after;
          simdjson::dom::object c;
          if (item.get(c)) return;
          Value key = respondent_key(c);
          if (key.is_null()) return;
          FlatRow& r = row_;
          r.clear();
          r.add("user_id", key);
          r.add("contact_uuid", RowCells::text(c, "uuid"));
          r.add("remote_id", RowCells::text(c, "remote_id"));
          r.add("email", RowCells::text(c, "email"));
          r.add("name", RowCells::text(c, "display_name"));
          r.add("first_seen_at", RowCells::text(c, "first_seen_at"));
          r.add("last_seen_at", RowCells::text(c, "last_seen_at"));
          r.add("last_form_submission_at", RowCells::text(c, "last_form_submission_at"));
          r.name("attributes");
          r.cells().add_json(c, "attributes");
          r.name("segments");
          r.cells().add_json(c, "segments");
          simdjson::dom::object account;
          if (!c["account"].get(account)) r.flatten(account, "account");
          r.upsert(ctx.emit(), "respondents");
          if (++count % every == 0) ctx.checkpoint(at.to_json());
        });
    // Read to the end: the next sync reads them all again (a position would skip them).
    ctx.checkpoint({{"done", true}});
  }

 private:
  ListPosition from_;
  static constexpr size_t kPagesAhead = 2;  // bodies of up to page_length contacts each
  std::shared_ptr<SyncShared> shared_;
  std::unique_ptr<PagePrefetch> pages_;
  FlatRow row_;  // the contact being emitted
};

}  // namespace

Value respondent_key(simdjson::dom::object contact) {
  std::string_view id;
  if (!contact["remote_id"].get(id) && !id.empty()) return Value::string(std::string(id));
  if (!contact["uuid"].get(id) && !id.empty()) return Value::string(std::string(id));
  return Value::null();
}

uint64_t respondent_key_hash(const Record& respondent) {
  return fields_digest(respondent, {"user_id"});
}

uint64_t respondent_digest(const Record& respondent) {
  return fields_digest(respondent, {"contact_uuid", "remote_id", "email", "name", "attributes"});
}

std::unique_ptr<Stream> contacts_stream(std::shared_ptr<SyncShared> shared) {
  return std::make_unique<ContactsStream>(std::move(shared));
}

}  // namespace sluice::refiner
