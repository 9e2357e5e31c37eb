// The SenSource sandbox: OAuth2 client credentials where the newest token wins and re-minting too
// fast meets 429, the static endpoints (bare arrays or `{results}`), and hourly traffic and
// occupancy in `{messages, results}` envelopes, with the quirks of ../shared/sources/sensource.md:
// entity filters ignored, an inclusive endDate, `avgoccupancy` as a string, negative occupancy.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "sluice/core/timestamp.h"
#include "sluice/sandbox/data_gen.h"
#include "sluice/sandbox/json_writer.h"
#include "sluice/sandbox/sandbox.h"

namespace sluice::sensource {
namespace {

constexpr int64_t kHour = 3600;

ServerResponse fail(int status, const std::string& text) {
  JsonWriter w;
  w.begin_object().key("error").string(text).end_object();
  return ServerResponse::json(status, w.take());
}

std::string iso_ms(int64_t seconds) {
  std::string t = format_timestamp(seconds * 1000000);
  return t.substr(0, 19) + ".000Z";
}

class SenSourceSandbox : public Sandbox {
 public:
  explicit SenSourceSandbox(const SandboxOptions& o)
      : seed_(static_cast<uint64_t>(o.integer("seed", 3))),
        locations_(static_cast<int>(o.integer("locations", 2))),
        data_start_(*parse_timestamp(o.text("data-start", "2024-01-01")) / 1000000),
        data_end_(o.integer("data-end", 0)),
        client_id_(o.text("client-id", "sandbox-client")),
        client_secret_(o.text("client-secret", "sandbox-secret-0001")),
        expires_in_(o.integer("expires-in", 3600)),
        messages_(o.integer("messages", 0) != 0) {}

  std::vector<std::string> flags() const override {
    return {
        "--locations N     locations (default 2); each has 2 sites, a sensor and zone per site, 1 "
        "space",
        "--data-start D    first hour with data (default 2024-01-01); data runs to the current "
        "hour",
        "--expires-in S    token lifetime in seconds (default 3600)",
        "--client-id ID / --client-secret S   the accepted credentials",
        "--messages 1      data answers carry a non-empty messages array",
        "POST /__sandbox/expire-token expires the current token; GET /__sandbox/stats"};
  }

  std::string example_config(const std::string& base_url) const override {
    return "{\n  \"client_id\": \"" + client_id_ + "\",\n  \"client_secret\": \"" + client_secret_ +
           "\",\n  \"start_date\": \"2024-01-01\",\n  \"base_url\": \"" + base_url +
           "\",\n  \"auth_url\": \"" + base_url +
           "/oauth/token\",\n  \"static_endpoints\": \"location,site,zone,space,sensor\"\n}\n";
  }

  ServerResponse handle(const ServerRequest& req) override {
    if (req.path == "/oauth/token") return token(req);
    if (req.path == "/__sandbox/expire-token") {
      std::lock_guard lock(mutex_);
      expires_at_ = 0;
      return ServerResponse::json(200, "{}");
    }
    if (req.path == "/__sandbox/stats") {
      std::lock_guard lock(mutex_);
      return ServerResponse::json(
          200, "{\"mints\":" + std::to_string(mints_) +
                   ",\"unauthorized\":" + std::to_string(unauthorized_) +
                   ",\"largest_answer_rows\":" + std::to_string(largest_answer_) + "}");
    }
    if (!authorized(req)) return fail(401, "Unauthorized");
    if (req.path == "/api/location") return listing("location", false);
    if (req.path == "/api/site") return listing("site", true);
    if (req.path == "/api/zone") return listing("zone", false);
    if (req.path == "/api/space") return listing("space", true);
    if (req.path == "/api/sensor") return listing("sensor", false);
    if (req.path == "/api/data/traffic" || req.path == "/api/data/occupancy") return data(req);
    return fail(404, "Not found");
  }

 private:
  ServerResponse token(const ServerRequest& req) {
    std::string id, secret;
    if (req.body.size() && req.body.front() == '{') {
      auto j = nlohmann::json::parse(req.body, nullptr, false);
      if (!j.is_discarded()) {
        id = j.value("client_id", "");
        secret = j.value("client_secret", "");
      }
    } else {
      size_t pos = 0;
      while (pos < req.body.size()) {
        size_t amp = req.body.find('&', pos);
        std::string pair =
            req.body.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        auto eq = pair.find('=');
        std::string k = url_decode(pair.substr(0, eq)),
                    v = eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1));
        if (k == "client_id") id = v;
        if (k == "client_secret") secret = v;
        if (amp == std::string::npos) break;
        pos = amp + 1;
      }
    }
    if (id != client_id_ || secret != client_secret_) return fail(401, "invalid_client");
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    // Re-minting in a tight loop is refused.
    if (mints_ > 0 && now - last_mint_ < std::chrono::milliseconds(200)) {
      ServerResponse r = fail(429, "Too many token requests");
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    last_mint_ = now;
    ++mints_;
    current_ = "vea-token-" + std::to_string(mints_) + "-" +
               std::to_string(pick(seed_, 77, mints_) % 100000);
    expires_at_ = unix_now() + expires_in_;
    JsonWriter w;
    w.begin_object()
        .key("access_token")
        .string(current_)
        .key("refresh_token")
        .string("refresh-" + current_)
        .key("expires_in")
        .number(expires_in_)
        .key("token_type")
        .string("Bearer")
        .end_object();
    return ServerResponse::json(200, w.take());
  }

  static int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  bool authorized(const ServerRequest& req) {
    const std::string* h = req.header("authorization");
    std::lock_guard lock(mutex_);
    // Only the newest token works, and only until it expires.
    bool ok = h && !current_.empty() && *h == "Bearer " + current_ && unix_now() < expires_at_;
    if (!ok) ++unauthorized_;
    return ok;
  }

  std::string id(const char* kind, int n) const {
    return fake_uuid(seed_, std::hash<std::string>{}(kind), n);
  }
  int zones() const { return locations_ * 2; }
  int spaces() const { return locations_; }

  ServerResponse listing(const std::string& kind, bool wrapped) const {
    JsonWriter w;
    if (wrapped) w.begin_object().key("results");
    w.begin_array();
    if (kind == "location") {
      for (int l = 0; l < locations_; ++l) {
        w.begin_object()
            .key("locationId")
            .string(id("location", l))
            .key("orgId")
            .string(id("org", 0))
            .key("locationTypeId")
            .null()
            .key("name")
            .string("Store " + std::to_string(l + 1))
            .key("description")
            .null()
            .key("locationNumber")
            .null()
            .key("country")
            .string("US")
            .key("city")
            .string("Springfield")
            .key("postalCode")
            .string("0" + std::to_string(1000 + l))
            .key("state")
            .string("IL")
            .key("street")
            .string(std::to_string(100 + l) + " Main St")
            .key("latitude")
            .number(39.78 + l * 0.01)
            .key("longitude")
            .number(-89.65 - l * 0.01)
            .key("shippingId")
            .null()
            .key("createdAt")
            .string(iso_ms(data_start_ - 86400 * 30))
            .key("updatedAt")
            .string(iso_ms(data_start_ - 86400))
            .end_object();
      }
    } else if (kind == "site" || kind == "sensor" || kind == "zone") {
      for (int s = 0; s < zones(); ++s) {
        w.begin_object();
        if (kind == "site")
          w.key("siteId").string(id("site", s)).key("locationId").string(id("location", s / 2));
        if (kind == "sensor")
          w.key("sensorId").string(id("sensor", s)).key("siteId").string(id("site", s));
        if (kind == "zone")
          w.key("zoneId").string(id("zone", s)).key("sensorId").string(id("sensor", s));
        w.key("name").string(kind + " " + std::to_string(s + 1)).end_object();
      }
    } else {
      for (int s = 0; s < spaces(); ++s)
        w.begin_object()
            .key("spaceId")
            .string(id("space", s))
            .key("name")
            .string("Space " + std::to_string(s + 1))
            .key("locationId")
            .string(id("location", s))
            .key(s % 2 ? "capacity" : "maxCapacity")
            .number(static_cast<int64_t>(50 + s))
            .end_object();
    }
    w.end_array();
    if (wrapped) w.end_object();
    return ServerResponse::json(200, w.take());
  }

  ServerResponse data(const ServerRequest& req) {
    bool traffic = req.path == "/api/data/traffic";
    if (req.param("relativeDate") != "custom")
      return fail(400, "relativeDate must be custom in this sandbox");
    auto start = parse_timestamp(req.param("startDate"));
    auto end = parse_timestamp(req.param("endDate"));
    if (!start || !end)
      return fail(400, "startDate and endDate are required with relativeDate=custom");
    if (req.param("dateGroupings") != "hour") return fail(400, "only dateGroupings=hour is served");
    std::string entity = req.param("entityType");
    if (entity != (traffic ? "zone" : "space")) return fail(400, "entityType not served here");
    int64_t last = data_end_ > 0 ? data_end_ : unix_now() / kHour * kHour;
    int64_t from = std::max(*start / 1000000, data_start_) / kHour * kHour;
    int64_t to = std::min(*end / 1000000, last);  // endDate inclusive, as some deployments behave
    const int64_t today = unix_now() / 86400 * 86400;
    JsonWriter w;
    w.begin_object().key("messages").begin_array();
    if (messages_) w.string("Data for some sensors may be delayed");
    w.end_array().key("results").begin_array();
    // entityIds is accepted and ignored: every entity comes back.
    for (int64_t h = from; h <= to; h += kHour) {
      int n = traffic ? zones() : spaces();
      for (int e = 0; e < n; ++e) {
        uint64_t x =
            pick(seed_, static_cast<uint64_t>(h), static_cast<uint64_t>(e) + (traffic ? 0 : 1000));
        int64_t ins = static_cast<int64_t>(x % 40), outs = static_cast<int64_t>((x >> 8) % 40);
        if (h >= today) ins += late_;  // counts of today's hours go on arriving
        w.begin_object().key("recordDate_hour_1").string(iso_ms(h));
        if (traffic) {
          w.key("zoneId").string(id("zone", e));
          if (x % 7) w.key("name").string("zone " + std::to_string(e + 1));  // name may be missing
          w.key("sumins").number(ins).key("sumouts").number(outs);
        } else {
          int64_t occ = ins - outs;  // negative when more people left than came
          char avg[32];
          std::snprintf(avg, sizeof avg, "%.2f", occ / 2.0);
          w.key("spaceId")
              .string(id("space", e))
              .key("name")
              .string("Space " + std::to_string(e + 1))
              .key("sumins")
              .number(ins)
              .key("sumouts")
              .number(outs)
              .key("maxoccupancy")
              .number(std::max(occ, int64_t{0}))
              .key("minoccupancy")
              .number(occ)
              .key("avgoccupancy")
              .string(avg);
        }
        w.end_object();
      }
    }
    w.end_array().end_object();
    {
      // Rows in the largest data answer: what one request costs the client's memory.
      std::lock_guard lock(mutex_);
      int64_t rows = to < from ? 0 : ((to - from) / kHour + 1) * (traffic ? zones() : spaces());
      largest_answer_ = std::max(largest_answer_, rows);
    }
    return ServerResponse::json(200, w.take());
  }

  // Late data: sensors report late, so every hour of the current UTC day counts one more visitor in
  // and its occupancy changes accordingly (a sync must read today again until the day is over).
  bool arrive_late() override {
    ++late_;
    return true;
  }

  uint64_t seed_;
  std::atomic<int64_t> late_{0};
  int locations_;
  int64_t data_start_, data_end_;
  std::string client_id_, client_secret_;
  int64_t expires_in_;
  bool messages_;
  std::mutex mutex_;
  std::string current_;
  int64_t expires_at_ = 0;
  int64_t mints_ = 0, unauthorized_ = 0, largest_answer_ = 0;
  std::chrono::steady_clock::time_point last_mint_;
};

}  // namespace

SLUICE_REGISTER_SANDBOX("sensource", SenSourceSandbox);

}  // namespace sluice::sensource
