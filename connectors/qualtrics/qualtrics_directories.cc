// The XM Directory tables: directories, the mailing lists of each directory, and every contact of
// each directory. The API filters none of them by date, so each is a snapshot read whole every
// sync (replace, with soft deletes for what disappeared), checkpointed by position.
#include "connectors/qualtrics/qualtrics_directory_list.h"
#include "connectors/qualtrics/qualtrics_snapshot_pager.h"
#include "connectors/qualtrics/qualtrics_streams.h"
#include "sluice/core/names.h"
#include "sluice/json/fields.h"

namespace sluice::qualtrics {
namespace {

class DirectoriesStream : public Stream {
 public:
  explicit DirectoriesStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "directories"; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    SnapshotPager pager(ctx, shared_->client, {"directories"});
    if (!shared_->directories.directories({})) return ctx.checkpoint({{"done", true}});
    pager.read("", "/directories", {}, [&](simdjson::dom::object o) {
      Record r;
      r.set("directory_id", field_text(o, "directoryId"));
      r.set("name", field_text(o, "name"));
      r.set("contact_count", field_integer(o, "contactCount"));
      r.set("is_default", field_value(o, "isDefault"));
      r.set("deduplication_criteria", field_json(o, "deduplicationCriteria"));
      ctx.emit().upsert("directories", std::move(r));
    });
    pager.finish();
  }

 private:
  std::shared_ptr<Shared> shared_;
};

class MailingListsStream : public Stream {
 public:
  explicit MailingListsStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "mailing_lists"; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    SnapshotPager pager(ctx, shared_->client, {"mailing_lists"});
    auto directories = shared_->directories.directories(*shared_->tables.mailing_lists);
    if (!directories) return ctx.checkpoint({{"done", true}});
    pager.expect_parents(*directories);
    for (const auto& directory : *directories) {
      pager.read(directory, "/directories/" + directory + "/mailinglists", {},
                 [&](simdjson::dom::object o) {
                   Record r;
                   r.set("directory_id", Value::string(directory));
                   r.set("mailing_list_id", field_text(o, "mailingListId"));
                   r.set("name", field_text(o, "name"));
                   r.set("owner_id", field_text(o, "ownerId"));
                   r.set("contact_count", field_integer(o, "contactCount"));
                   r.set("creation_date", epoch_ms_or_iso(o, "creationDate"));
                   r.set("last_modified_date", epoch_ms_or_iso(o, "lastModifiedDate"));
                   ctx.emit().upsert("mailing_lists", std::move(r));
                 });
    }
    pager.finish();
  }

 private:
  std::shared_ptr<Shared> shared_;
};

class DirectoryContactsStream : public Stream {
 public:
  explicit DirectoryContactsStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "directory_contacts"; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    SnapshotPager pager(ctx, shared_->client, {"directory_contacts"});
    auto directories = shared_->directories.directories(*shared_->tables.directory_contacts);
    if (!directories) return ctx.checkpoint({{"done", true}});
    pager.expect_parents(*directories);
    for (const auto& directory : *directories) {
      // 100 a page, the endpoint's largest; the skipToken in nextPage is sent back untouched.
      pager.read(directory, "/directories/" + directory + "/contacts", {{"pageSize", "100"}},
                 [&](simdjson::dom::object o) {
                   Record r;
                   r.set("directory_id", Value::string(directory));
                   r.set("contact_id", field_text(o, "contactId"));
                   for (const char* key :
                        {"firstName", "lastName", "email", "phone", "extRef", "language"})
                     r.set(normalize_name(key), field_text(o, key));
                   r.set("unsubscribed", field_value(o, "unsubscribed"));
                   r.set("embedded_data", field_json(o, "embeddedData"));
                   ctx.emit().upsert("directory_contacts", std::move(r));
                 });
    }
    pager.finish();
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Stream> directories_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<DirectoriesStream>(std::move(shared));
}
std::unique_ptr<Stream> mailing_lists_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<MailingListsStream>(std::move(shared));
}
std::unique_ptr<Stream> directory_contacts_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<DirectoryContactsStream>(std::move(shared));
}

std::vector<TableSpec> directory_tables() {
  constexpr ColumnType kText = ColumnType::kString, kTime = ColumnType::kUtcDateTime,
                       kLong = ColumnType::kLong, kJson = ColumnType::kJson,
                       kBool = ColumnType::kBoolean;
  return {
      {"directories",
       {"directory_id"},
       {{"directory_id", kText},
        {"name", kText},
        {"contact_count", kLong},
        {"is_default", kBool},
        {"deduplication_criteria", kJson}},
       WriteMode::kReplace,
       "XM directories the token sees; a full snapshot each sync."},
      {"mailing_lists",
       {"directory_id", "mailing_list_id"},
       {{"directory_id", kText},
        {"mailing_list_id", kText},
        {"name", kText},
        {"owner_id", kText},
        {"contact_count", kLong},
        {"creation_date", kTime},
        {"last_modified_date", kTime}},
       WriteMode::kReplace,
       "Mailing lists of each directory (dates ISO or epoch ms); a full snapshot each sync."},
      {"directory_contacts",
       {"directory_id", "contact_id"},
       {{"directory_id", kText},
        {"contact_id", kText},
        {"first_name", kText},
        {"last_name", kText},
        {"email", kText},
        {"phone", kText},
        {"ext_ref", kText},
        {"language", kText},
        {"unsubscribed", kBool},
        {"embedded_data", kJson}},
       WriteMode::kReplace,
       "Every contact of each XM directory; a full snapshot each sync."},
      {"users",
       {"id"},
       {{"id", kText},
        {"username", kText},
        {"email", kText},
        {"first_name", kText},
        {"last_name", kText},
        {"user_type", kText},
        {"division_id", kText},
        {"account_status", kText}},
       WriteMode::kReplace,
       "Users of the brand; a full snapshot each sync."},
  };
}

}  // namespace sluice::qualtrics
