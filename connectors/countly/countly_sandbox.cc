// The Countly sandbox: the read API of ../shared/sources/countly.md — apps as id-keyed maps,
// Enterprise `user_details` with DataTables paging (and long-task answers), the community
// edition's dbviewer, groups, `{"result": …}` errors and the "200 with empty maps" failure.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>

#include "connectors/countly/countly_data.h"
#include "sluice/sandbox/sandbox.h"

namespace sluice::countly {
namespace {

constexpr const char* kDefaultKey = "countly-sandbox-key-000001";

ServerResponse result(int status, const std::string& text) {
  JsonWriter w;
  w.begin_object().key("result").string(text).end_object();
  return ServerResponse::json(status, w.take());
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class CountlySandbox : public Sandbox {
 public:
  explicit CountlySandbox(const SandboxOptions& o)
      : data_(CountlyShape{static_cast<uint64_t>(o.integer("seed", 7)),
                           static_cast<int>(o.integer("apps", 3)), o.integer("users", 1000),
                           o.integer("base-time", (now_seconds() - 180 * 86400) / 86400 * 86400),
                           o.integer("spacing", 60)}),
        users_(o.integer("users", 1000)),
        api_key_(o.text("api-key", kDefaultKey)),
        enterprise_(o.text("edition", "enterprise") == "enterprise"),
        broken_apps_(o.integer("broken-apps", 0) != 0),
        task_every_(o.integer("task-every", 0)) {}

  std::vector<std::string> flags() const override {
    return {
        "--users N         app users (default 1000), last seen 180 days ago onwards, one a minute",
        "--apps N          apps (default 3); the first has no salt, as on older servers",
        "--edition E       enterprise (user_details, groups) or community (dbviewer only)",
        "--api-key KEY     the key that is accepted (default " + std::string(kDefaultKey) + ")",
        "--broken-apps 1   /o/apps/mine answers 200 with empty maps (a database failure)",
        "--task-every N    every Nth user_details request answers {\"task_id\": …}",
        "--spacing S       seconds between users' last_seen (default 60); --base-time T, --seed N",
        "POST /__sandbox/users?count=N adds N users seen in the last N seconds"};
  }

  std::string example_config(const std::string& base_url) const override {
    return "{\n  \"api_key\": \"" + api_key_ + "\",\n  \"app_id\": \"" + data_.app_id(0) +
           "\",\n  \"base_url\": \"" + base_url + "\"\n}\n";
  }

  // A user seen just now: the list grows while it is read.
  bool grow() override {
    add_users(1, now_seconds());
    return true;
  }
  // A user whose last_seen is five minutes ago shows up only now (inside the default 10-minute
  // overlap, before the end of the window the last sync read up to).
  bool arrive_late() override {
    add_users(1, now_seconds() - 300);
    return true;
  }

  ServerResponse handle(const ServerRequest& req) override {
    if (req.path == "/__sandbox/users" && req.method == "POST") {
      int64_t count = std::stoll(req.param("count", "100"));
      int64_t total = add_users(count, now_seconds() - count);  // the newest was seen just now
      return ServerResponse::json(200, "{\"users\":" + std::to_string(total) + "}");
    }
    if (auto denied = authenticate(req)) return *denied;
    if (req.path == "/o/apps/mine") return apps();
    if (req.path == "/o/groups") return enterprise_ ? groups() : result(404, "Invalid path");
    if (req.path == "/o/db") return dbviewer(req);
    if (req.path == "/o") {
      std::string method = req.param("method");
      if (method == "user_details" && enterprise_) return user_details(req);
      return result(400, "Invalid method");
    }
    return result(404, "Invalid path");
  }

 private:
  // Adds `count` users seen one a second from `seen_from`, never before the newest (the listings
  // rely on last_seen not falling with the index; ties are fine). Returns the new total.
  int64_t add_users(int64_t count, int64_t seen_from) {
    std::lock_guard lock(add_mutex_);
    const int64_t n = users_.load();
    if (n > 0) seen_from = std::max(seen_from, data_.last_seen(n - 1));
    data_.add_users(n, seen_from);
    return users_ += count;
  }

  std::optional<ServerResponse> authenticate(const ServerRequest& req) const {
    std::string key = req.param("api_key");
    std::string token = req.param("auth_token");
    if (const std::string* h = req.header("countly-token")) token = *h;
    if (key.empty() && token.empty())
      return result(400, "Missing parameter \"api_key\" or \"auth_token\"");
    if (key.empty())
      return token == api_key_ ? std::nullopt : std::optional(result(400, "Token not valid"));
    if (key != api_key_) return result(401, "User does not exist");
    return std::nullopt;
  }

  std::optional<ServerResponse> check_app(const std::string& app) const {
    if (app.empty()) return result(400, "Missing parameter \"app_id\"");
    for (int a = 0; a < data_.shape().apps; ++a)
      if (data_.app_id(a) == app) return std::nullopt;
    return result(401, "App does not exist");
  }

  ServerResponse apps() const {
    JsonWriter w;
    w.begin_object();
    int n = broken_apps_ ? 0 : data_.shape().apps;
    // Maps keyed by app id; an app may be in both.
    w.key("admin_of").begin_object();
    int admin_end = n > 1 ? n - 1 : n;
    for (int a = 0; a < admin_end; ++a) {
      w.key(data_.app_id(a));
      data_.write_app(w, a);
    }
    w.end_object().key("user_of").begin_object();
    for (int a = 1; a < n; ++a) {
      w.key(data_.app_id(a));
      data_.write_app(w, a);
    }
    w.end_object().end_object();
    return ServerResponse::json(200, w.take());
  }

  ServerResponse groups() const {
    JsonWriter w;
    w.begin_object().key("result").begin_array();
    for (int g = 0; g < 2; ++g) data_.write_group(w, g);
    w.end_array().end_object();
    return ServerResponse::json(200, w.take());
  }

  // Users whose last_seen lies in the Mongo-style filter {"ls": {"$gte": a, "$lt": b}}.
  std::pair<int64_t, int64_t> range(const std::string& filter) const {
    int64_t lo = 0, hi = users_.load();
    if (filter.empty()) return {lo, hi};
    auto f = nlohmann::json::parse(filter, nullptr, false);
    if (f.is_discarded() || !f.contains("ls")) return {lo, hi};
    const auto& ls = f["ls"];
    // The first user seen at or after t (last_seen grows with the index).
    auto index_at = [&](int64_t t) {
      int64_t a = 0, b = users_.load();
      while (a < b) {
        int64_t mid = (a + b) / 2;
        if (data_.last_seen(mid) < t)
          a = mid + 1;
        else
          b = mid;
      }
      return a;
    };
    if (ls.contains("$gte")) lo = index_at(ls["$gte"].get<int64_t>());
    if (ls.contains("$lt")) hi = index_at(ls["$lt"].get<int64_t>());
    return {lo, std::max(lo, hi)};
  }

  ServerResponse user_details(const ServerRequest& req) {
    if (auto bad = check_app(req.param("app_id"))) return *bad;
    if (task_every_ > 0 && ++user_calls_ % task_every_ == 0)
      return ServerResponse::json(
          200, "{\"task_id\":\"5f1e0c0ffee" + std::to_string(user_calls_.load()) + "\"}");
    auto [lo, hi] = range(req.param("query"));
    int64_t start = std::max<int64_t>(0, std::atoll(req.param("iDisplayStart", "0").c_str()));
    int64_t length = std::atoll(req.param("iDisplayLength", "50").c_str());
    bool desc = req.param("sSortDir_0", "asc") == "desc";
    JsonWriter w;
    w.begin_object()
        .key("sEcho")
        .string(req.param("sEcho", "0"))
        .key("iTotalRecords")
        .number(users_.load())
        .key("iTotalDisplayRecords")
        .number(hi - lo)
        .key("aaData")
        .begin_array();
    for (int64_t k = start; k < std::min(hi - lo, start + length); ++k)
      data_.write_user(w, desc ? hi - 1 - k : lo + k);
    w.end_array().end_object();
    return ServerResponse::json(200, w.take());
  }

  ServerResponse dbviewer(const ServerRequest& req) {
    std::string collection = req.param("collection");
    if (req.param("dbs") != "countly" || collection.rfind("app_users", 0) != 0)
      return result(400, "Invalid collection");
    if (auto bad = check_app(collection.substr(9))) return *bad;
    auto [lo, hi] = range(req.param("filter"));
    int64_t limit = std::max<int64_t>(1, std::atoll(req.param("limit", "20").c_str()));
    int64_t skip = std::max<int64_t>(0, std::atoll(req.param("skip", "0").c_str()));
    int64_t total = hi - lo, end = std::min(total, skip + limit);
    JsonWriter w;
    w.begin_object()
        .key("limit")
        .number(limit)
        .key("start")
        .number(skip + 1)
        .key("end")
        .number(end)
        .key("total")
        .number(total)
        .key("pages")
        .number((total + limit - 1) / limit)
        .key("curPage")
        .number(skip / limit + 1)
        .key("collections")
        .begin_array();
    for (int64_t k = skip; k < end; ++k) data_.write_user(w, lo + k);  // in last_seen order
    w.end_array().end_object();
    return ServerResponse::json(200, w.take());
  }

  CountlyData data_;
  std::atomic<int64_t> users_;
  std::atomic<int64_t> user_calls_{0};
  std::mutex add_mutex_;
  std::string api_key_;
  bool enterprise_, broken_apps_;
  int64_t task_every_;
};

}  // namespace

SLUICE_REGISTER_SANDBOX("countly", CountlySandbox);

}  // namespace sluice::countly
