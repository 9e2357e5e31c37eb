// The Countly connector: apps, groups and app users from a customer's Countly server (see
// README.md beside this file).
#include <set>

#include "connectors/countly/countly_client.h"
#include "connectors/countly/countly_users.h"
#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/json/fields.h"
#include "sluice/sdk/registry.h"

namespace sluice::countly {
namespace {

constexpr ColumnType kText = ColumnType::kString;
constexpr ColumnType kTime = ColumnType::kUtcDateTime;

void require_hex_app_id(const Config& c) {
  const std::string id = c.at("app_id").get<std::string>();
  bool hex = id.size() == 24 && id.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (!hex)
    throw Error(
        ErrorKind::kConfig,
        "`app_id` must be the app's 24-character hex id (Management > Applications), not \"" + id +
            "\".");
}

class AppsStream : public Stream {
 public:
  explicit AppsStream(std::shared_ptr<CountlyClient> c) : client_(std::move(c)) {}
  std::string name() const override { return "apps"; }
  bool independent() const override { return true; }
  void read(StreamContext& ctx) override {
    simdjson::dom::parser parser;
    simdjson::dom::element doc = client_->get("/o/apps/mine", {}, parser);
    std::set<std::string> seen;
    for (const char* map : {"admin_of", "user_of"}) {
      simdjson::dom::object apps;
      if (doc[map].get(apps)) continue;
      for (auto [id, value] : apps) {
        simdjson::dom::object app;
        if (value.get(app) || !seen.insert(std::string(id)).second) continue;  // in both maps: once
        Record r;
        r.set("app_id", Value::string(std::string(id)));
        for (const char* f : {"name", "key", "category", "country", "timezone", "salt"})
          r.set(f, field_text(app, f));
        ctx.emit().upsert("apps", std::move(r));
      }
    }
    if (seen.empty())
      log_warning(
          "Countly answered /o/apps/mine with no apps (a known server-side failure answers 200 "
          "with empty "
          "maps); the apps table was left as it was");
    ctx.checkpoint({{"apps_seen", seen.size()}});
  }

 private:
  std::shared_ptr<CountlyClient> client_;
};

class GroupsStream : public Stream {
 public:
  explicit GroupsStream(std::shared_ptr<CountlyClient> c) : client_(std::move(c)) {}
  std::string name() const override { return "groups"; }
  bool independent() const override { return true; }
  void read(StreamContext& ctx) override {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    try {
      doc = client_->get("/o/groups", {}, parser);
    } catch (const HttpStatusError& e) {
      if (e.status() != 400 && e.status() != 401 && e.status() != 404) throw;
      log_info("Countly groups are not available on this server (an Enterprise feature: HTTP " +
               std::to_string(e.status()) + " \"" + e.api_message() + "\"); skipped");
      return;
    }
    simdjson::dom::array groups;
    if (doc["result"].get(groups))
      throw Error(ErrorKind::kApi, "Countly answered /o/groups without a result list.");
    int64_t n = 0;
    for (simdjson::dom::element g : groups) {
      simdjson::dom::object group;
      if (g.get(group)) continue;
      Record r;
      r.set("group_id", field_text(group, "_id"));
      r.set("name", field_text(group, "name"));
      r.set("group_code", field_text(group, "groupID"));
      r.set("global_admin", field_value(group, "global_admin"));
      r.set("permission", field_json(group, "permission"));
      r.set("users", field_json(group, "users"));
      r.set("user_count", field_value(group, "matched_users_count"));
      ctx.emit().upsert("groups", std::move(r));
      ++n;
    }
    ctx.checkpoint({{"groups_seen", n}});
  }

 private:
  std::shared_ptr<CountlyClient> client_;
};

class CountlyConnector : public StreamConnector {
 public:
  std::string name() const override { return "countly"; }
  std::string description() const override {
    return "Countly analytics: apps, groups and app users.";
  }

  Spec spec() const override {
    return {
        {"api_key", FieldType::kString, true, true, nullptr,
         "a Countly API key with read access to the app."},
        {"app_id", FieldType::kString, true, false, nullptr, "the app's 24-character hex id."},
        {"base_url", FieldType::kUrl, true, false, nullptr,
         "your Countly server, e.g. https://analytics.example.com."},
        {"max_records_per_page", FieldType::kInteger, false, false, 100,
         "users per page (1 to 1000).", 1, 1000},
        {"request_timeout_seconds", FieldType::kInteger, false, false, 30,
         "how long one request may take.", 1, 3600},
        {"retry_attempts", FieldType::kInteger, false, false, 3, "retries of a failed request.", 0,
         10},
        {"enable_apps_sync", FieldType::kBoolean, false, false, true, "read the apps table."},
        {"enable_groups_sync", FieldType::kBoolean, false, false, true,
         "read the groups table (Enterprise)."},
        {"enable_users_sync", FieldType::kBoolean, false, false, true, "read the users table."},
        {"initial_window_days", FieldType::kInteger, false, false, 365,
         "how many days of last-seen users the first sync reads.", 1, 3650},
        {"overlap_minutes", FieldType::kInteger, false, false, 10,
         "how far before the cursor each incremental read starts.", 0, 10080},
    };
  }

  void validate(const Config& config) const override { require_hex_app_id(config); }

  std::vector<std::string> batch_options() const override { return {"max_records_per_page"}; }

  CheckResult check(const Config& config) override {
    require_hex_app_id(config);
    CountlyClient client(config);
    simdjson::dom::parser parser;
    simdjson::dom::element doc = client.get("/o/apps/mine", {}, parser);
    for (const char* map : {"admin_of", "user_of"}) {
      simdjson::dom::object app;
      std::string_view name;
      if (!doc.at_pointer(std::string("/") + map + "/" + client.app_id()).get(app) &&
          !app["name"].get(name))
        return {"Connected to Countly; app " + client.app_id() + " is \"" + std::string(name) +
                "\"."};
    }
    throw Error(ErrorKind::kConfig, "The api_key works, but its user cannot see app " +
                                        client.app_id() + "; check app_id or the user's rights.");
  }

  std::vector<TableSpec> schema(const Config&) override {
    return {
        {"apps",
         {"app_id"},
         {{"app_id", kText}, {"name", kText}, {"key", kText}, {"timezone", kText}},
         WriteMode::kMerge,
         "Apps the key's user can see (admin_of and user_of, de-duplicated)."},
        {"groups",
         {"group_id"},
         {{"group_id", kText},
          {"name", kText},
          {"user_count", ColumnType::kLong},
          {"permission", ColumnType::kJson}},
         WriteMode::kMerge,
         "Dashboard user groups (Enterprise servers only)."},
        {"users",
         {"user_id"},
         {{"user_id", kText},
          {"app_id", kText},
          {"device_id", kText},
          {"username", kText},
          {"email", kText},
          {"organization", kText},
          {"phone", kText},
          {"picture", kText},
          {"gender", kText},
          {"byear", ColumnType::kLong},
          {"custom_data", ColumnType::kJson},
          {"first_seen", kTime},
          {"last_seen", kTime},
          {"session_count", ColumnType::kLong},
          {"total_session_duration", ColumnType::kLong}},
         WriteMode::kMerge,
         "App users (profiles), incremental by last-seen time.",
         "last_seen"},
    };
  }

  std::vector<std::unique_ptr<Stream>> streams(const Config& config) override {
    require_hex_app_id(config);
    client_ = std::make_shared<CountlyClient>(config);
    std::vector<std::unique_ptr<Stream>> out;
    if (config.value("enable_apps_sync", true))
      out.push_back(std::make_unique<AppsStream>(client_));
    if (config.value("enable_groups_sync", true))
      out.push_back(std::make_unique<GroupsStream>(client_));
    if (config.value("enable_users_sync", true)) out.push_back(users_stream(config, client_));
    return out;
  }

  int64_t requests_sent() const override { return client_ ? client_->requests_sent() : 0; }

 private:
  std::shared_ptr<CountlyClient> client_;
};

}  // namespace

SLUICE_REGISTER_CONNECTOR("countly", CountlyConnector);

}  // namespace sluice::countly
