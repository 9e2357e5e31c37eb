// Users are read in a fixed window [start, end) of last-seen time, ascending. Each page is
// checkpointed with the position reached — the last last-seen time and how many users at exactly
// that time were already read — so a resumed read neither skips nor loops, and the cursor becomes
// the window's end (not "now") only when the window is complete.
#include "connectors/countly/countly_users.h"

#include <chrono>
#include <thread>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/json/fields.h"
#include "sluice/sdk/row_cells.h"

namespace sluice::countly {
namespace {

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class UsersStream : public Stream {
 public:
  UsersStream(const Config& c, std::shared_ptr<CountlyClient> client)
      : config_(c), client_(std::move(client)) {}
  std::string name() const override { return "users"; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    const nlohmann::json& saved = ctx.cursor();
    nlohmann::json cursor =
        saved.is_object() && saved.contains("cursor") ? saved["cursor"] : nlohmann::json();
    nlohmann::json window;
    if (saved.is_object() && saved.contains("window")) {
      window = saved["window"];
    } else {
      int64_t end = now_seconds();
      int64_t start = cursor.is_number()
                          ? cursor.get<int64_t>() - config_.value("overlap_minutes", 10) * 60
                          : end - config_.value("initial_window_days", 365) * 86400;
      window = {{"start", start}, {"end", end}, {"from", start}, {"skip", 0}};
    }
    const int64_t end = window["end"], page = config_.value("max_records_per_page", 100);
    bool community = false;
    std::string last_first_id;
    simdjson::dom::parser parser;
    for (;;) {
      int64_t from = window["from"], skip = window["skip"];
      simdjson::dom::array rows;
      if (!community) {
        simdjson::dom::element doc;
        try {
          doc = details_page(from, end, skip, page, parser);
        } catch (const HttpStatusError& e) {
          if (e.api_message() != "Invalid method") throw;
          log_info(
              "Countly has no user_details (a community server); reading users through the "
              "dbviewer");
          community = true;
          continue;
        }
        if (doc["aaData"].get(rows))
          throw Error(ErrorKind::kApi, "Countly answered user_details without aaData.");
      } else {
        simdjson::dom::element doc = dbviewer_page(from, end, skip, page, parser);
        if (doc["collections"].get(rows))
          throw Error(ErrorKind::kApi, "Countly's dbviewer answered without collections.");
      }
      size_t n = 0;
      const int64_t asked_from = from;
      for (simdjson::dom::element row : rows) {
        simdjson::dom::object user;
        if (row.get(user)) continue;
        // A page that repeats the last one (a server that did not advance) would move the window
        // past users never read: stop instead of leaving a gap.
        std::string id = field_text(user, "_id").to_text();
        if (n == 0 && !id.empty() && id == last_first_id)
          throw Error(ErrorKind::kApi, "Countly sent the same page of users twice (first user " +
                                           id +
                                           "); stopping instead of skipping users. Sync "
                                           "again later.");
        if (n == 0) last_first_id = id;
        ++n;
        int64_t ls = emit_user(ctx.emit(), user);
        if (ls != INT64_MIN && ls < asked_from)
          throw Error(
              ErrorKind::kApi,
              "Countly sent users last seen before the page asked for (a page sent twice?); "
              "stopping instead of skipping users. Sync again later.");
        if (ls == window["from"].get<int64_t>()) {
          window["skip"] = window["skip"].get<int64_t>() + 1;
        } else if (ls > window["from"].get<int64_t>()) {
          window["from"] = ls;
          window["skip"] = 1;
        }
      }
      if (static_cast<int64_t>(n) < page) break;
      ctx.checkpoint({{"cursor", cursor}, {"window", window}});
    }
    ctx.checkpoint({{"cursor", end}});
  }

 private:
  std::string filter(int64_t from, int64_t end) const {
    return "{\"ls\":{\"$gte\":" + std::to_string(from) + ",\"$lt\":" + std::to_string(end) + "}}";
  }

  simdjson::dom::element details_page(int64_t from, int64_t end, int64_t skip, int64_t page,
                                      simdjson::dom::parser& p) {
    Params q = {{"method", "user_details"},
                {"app_id", client_->app_id()},
                {"query", filter(from, end)},
                {"iDisplayStart", std::to_string(skip)},
                {"iDisplayLength", std::to_string(page)},
                {"iSortCol_0", "ls"},
                {"sSortDir_0", "asc"}};
    // A costly query may come back as a long-running task instead of rows: ask again a few times.
    for (int attempt = 1;; ++attempt) {
      simdjson::dom::element doc = client_->get("/o", q, p);
      std::string_view task;
      if (doc["task_id"].get(task)) return doc;
      if (attempt == 4)
        throw Error(ErrorKind::kApi,
                    "Countly kept turning the users query into a long-running task (" +
                        std::string(task) + "); lower max_records_per_page and sync again.");
      log_warning("Countly answered user_details with task " + std::string(task) +
                  "; asking again");
      std::this_thread::sleep_for(std::chrono::milliseconds(500 * attempt));
    }
  }

  simdjson::dom::element dbviewer_page(int64_t from, int64_t end, int64_t skip, int64_t page,
                                       simdjson::dom::parser& p) {
    return client_->get("/o/db",
                        {{"dbs", "countly"},
                         {"collection", "app_users" + client_->app_id()},
                         {"filter", filter(from, end)},
                         {"sort", "{\"ls\":1}"},
                         {"skip", std::to_string(skip)},
                         {"limit", std::to_string(page)}},
                        p);
  }

  // Emits one user by position, its text borrowed from the page; returns its last-seen time (unix
  // seconds).
  int64_t emit_user(Emitter& emit, simdjson::dom::object u) {
    static const RowShape kUser(
        {"user_id",     "app_id",     "uid",          "device_id",     "name",
         "username",    "email",      "organization", "phone",         "picture",
         "gender",      "byear",      "country",      "platform",      "device",
         "custom_data", "first_seen", "last_seen",    "session_count", "total_session_duration"});
    RowCells& c = cells_;
    c.clear();
    c.add_text(u, "_id");
    c.add(Cell::text(client_->app_id()));
    c.add_text(u, "uid");
    c.add_text(u, "did");
    c.add_text(u, "name");
    c.add_text(u, "username");
    c.add_text(u, "email");
    c.add_text(u, "organization");
    c.add_text(u, "phone");
    c.add_text(u, "picture");
    c.add_text(u, "gender");
    c.add_value(u, "byear");
    c.add_text(u, "cc");
    c.add_text(u, "p");
    c.add_text(u, "d");
    c.add_json(u, "custom");
    simdjson::dom::element e;
    c.add(u["fs"].get(e) ? Value::null() : unix_seconds(e));
    const Value last = u["ls"].get(e) ? Value::null() : unix_seconds(e);
    c.add(last);
    c.add_value(u, "sc");
    c.add_value(u, "tsd");
    emit.upsert_row("users", kUser, c.data());
    return last.is_null() ? INT64_MIN : last.i / 1000000;
  }

  Config config_;
  std::shared_ptr<CountlyClient> client_;
  RowCells cells_;
};

}  // namespace

std::unique_ptr<Stream> users_stream(const Config& config, std::shared_ptr<CountlyClient> client) {
  return std::make_unique<UsersStream>(config, std::move(client));
}

}  // namespace sluice::countly
