#include "connectors/qualtrics/qualtrics_snapshot_pager.h"
#include "connectors/qualtrics/qualtrics_streams.h"
#include "sluice/core/names.h"
#include "sluice/json/fields.h"

namespace sluice::qualtrics {
namespace {

// Contacts of the mailing lists (replace): those configured, or every list of every directory
// found; every page, then the rows not seen are marked deleted. An error on any page ends the sync
// before that step, so a half-read list deletes nothing.
class ContactsStream : public Stream {
 public:
  explicit ContactsStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "contacts"; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    const auto& scope = *shared_->tables.contacts;
    SnapshotPager pager(ctx, shared_->client, {"contacts"});
    auto directories = shared_->directories.directories(scope);
    if (!directories) return ctx.checkpoint({{"done", true}});
    std::vector<std::pair<std::string, std::string>> lists;  // (directory, list), in order
    std::vector<std::string> parents;
    for (const auto& directory : *directories)
      for (const auto& list : shared_->directories.mailing_lists(directory, scope)) {
        lists.emplace_back(directory, list);
        parents.push_back(directory + "/" + list);
      }
    pager.expect_parents(parents);
    for (const auto& entry : lists) {
      const std::string &directory = entry.first, &list = entry.second;
      pager.read(directory + "/" + list,
                 "/directories/" + directory + "/mailinglists/" + list + "/contacts",
                 {{"pageSize", "1000"}}, [&](simdjson::dom::object o) {
                   Record r;
                   r.set("contact_id", field_text(o, "contactId"));
                   r.set("mailing_list_id", Value::string(list));
                   for (const char* key : {"firstName", "lastName", "email", "phone", "extRef",
                                           "language", "contactLookupId"})
                     r.set(normalize_name(key), field_text(o, key));
                   r.set("unsubscribed", field_value(o, "unsubscribed"));
                   r.set("mailing_list_unsubscribed", field_value(o, "mailingListUnsubscribed"));
                   r.set("embedded_data", field_json(o, "embeddedData"));
                   ctx.emit().upsert("contacts", std::move(r));
                 });
    }
    pager.finish();
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Stream> contacts_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<ContactsStream>(std::move(shared));
}

}  // namespace sluice::qualtrics
