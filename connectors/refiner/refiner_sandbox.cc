// The Refiner sandbox: the endpoints, auth rules, error bodies, both pagination styles, date
// filters and rate limits of ../shared/sources/refiner.md, over generated data.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>

#include "connectors/refiner/refiner_data.h"
#include "sluice/core/timestamp.h"
#include "sluice/sandbox/data_gen.h"
#include "sluice/sandbox/sandbox.h"
#include "sluice/sandbox/sliding_window.h"

namespace sluice::refiner {
namespace {

constexpr const char* kDefaultKey = "sandbox-refiner-key-0001";

ServerResponse error(int status, const char* field, const std::string& text) {
  JsonWriter w;
  w.begin_object().key(field).string(text).end_object();
  return ServerResponse::json(status, w.take());
}

std::string base64_decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    int v = val(c);
    if (v < 0) break;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// Which responses a listing holds: an index range and the `include` filter. Positions count from
// the newest. Completed responses are those with i % 10 != 9, so ranks map to indices directly.
struct ResponseView {
  int64_t lo = 0, hi = 0;
  std::string include = "completed";
  // Completed responses held back from every listing (late arrivals not yet arrived), ascending.
  std::vector<int64_t> held;

  static int64_t completed_below(int64_t x) { return x - x / 10; }
  static int64_t partial_below(int64_t x) { return x / 10; }
  int64_t count() const { return listed() - held_from(lo); }
  int64_t nth_newest(int64_t k) const {
    // The k-th visible is the kk-th listed, where kk counts the held ones at or above it.
    int64_t kk = k;
    for (int64_t next; (next = k + held_from(listed_nth_newest(kk))) != kk;) kk = next;
    return listed_nth_newest(kk);
  }

 private:
  int64_t listed() const {
    if (include == "all") return hi - lo;
    if (include == "partials") return partial_below(hi) - partial_below(lo);
    return completed_below(hi) - completed_below(lo);
  }
  int64_t listed_nth_newest(int64_t k) const {
    int64_t r = listed() - 1 - k;  // rank from the oldest within the range
    if (include == "all") return lo + r;
    if (include == "partials") return (partial_below(lo) + r) * 10 + 9;
    int64_t g = completed_below(lo) + r;
    return g + g / 9;
  }
  // Held responses in this view at or above index `i` (none in a partials listing).
  int64_t held_from(int64_t i) const {
    if (include == "partials") return 0;
    int64_t n = 0;
    for (int64_t h : held) n += h >= std::max(i, lo) && h < hi;
    return n;
  }
};

class RefinerSandbox : public Sandbox {
 public:
  explicit RefinerSandbox(const SandboxOptions& o)
      : data_(DataShape{
            static_cast<uint64_t>(o.integer("seed", 42)), static_cast<int>(o.integer("forms", 4)),
            o.integer("contacts", std::max<int64_t>(1, o.integer("responses", 1000) / 4)),
            o.integer("responses", 1000), o.integer("drift-after", -1)}),
        responses_(o.integer("responses", 1000)),
        api_key_(o.text("api-key", kDefaultKey)),
        window_(o.integer("rate-limit", 4000), o.integer("rate-window", 60)),
        throttle_every_(o.integer("throttle-every", 0)),
        error_every_(o.integer("error-every", 0)) {}

  std::vector<std::string> flags() const override {
    return {"--responses N     responses to serve (default 1000)",
            "--contacts N      contacts (default responses/4)",
            "--forms N         surveys; the last is archived (default 4)",
            "--seed N          data seed (default 42)",
            "--api-key KEY     the key that is accepted (default " + std::string(kDefaultKey) + ")",
            "--rate-limit N    requests per window per key before 429 (default 4000, 0: none)",
            "--rate-window S   the rate limit's window in seconds (default 60)",
            "--throttle-every N  answer every Nth request with 429 and Retry-After: 1",
            "--error-every N   answer every Nth request with 503",
            "--drift-after N   from response N on, show_counter is text and `locale` appears",
            "POST /__sandbox/responses?count=N adds N newer responses; GET /__sandbox/stats"};
  }

  std::string example_config(const std::string& base_url) const override {
    return "{\n  \"api_key\": \"" + api_key_ +
           "\",\n  \"start_date\": \"2024-01-01T00:00:00Z\",\n"
           "  \"base_url\": \"" +
           base_url + "/v1/\"\n}\n";
  }

  // The eight newest completed responses below the newest are held back; each arrives late, a few
  // minutes older than the newest (inside the default 60-minute overlap).
  void hold_late() override {
    std::lock_guard lock(held_mutex_);
    // Below the newest completed one: a sync must see a newer record than the late ones from its
    // first page on, or they would not be late at all.
    int64_t newest = responses_.load() - 1;
    while (newest >= 0 && RefinerData::is_partial(newest)) --newest;
    for (int64_t i = newest - 1; i >= 0 && held_.size() < 8; --i)
      if (!RefinerData::is_partial(i)) held_.insert(held_.begin(), i);
  }
  bool arrive_late() override {
    std::lock_guard lock(held_mutex_);
    if (held_.empty()) return false;
    held_.pop_back();
    return true;
  }
  bool grow() override {
    ++responses_;
    return true;
  }

  ServerResponse handle(const ServerRequest& req) override {
    if (req.path.rfind("/__sandbox/", 0) == 0) return admin(req);
    int64_t n = ++requests_;
    if (auto denied = authenticate(req)) return *denied;
    if (auto limited = rate_limit()) return *limited;
    if (throttle_every_ > 0 && n % throttle_every_ == 0) {
      ServerResponse r = error(429, "error", "Too Many Requests");
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    if (error_every_ > 0 && n % error_every_ == 0)
      return error(503, "error", "Service temporarily unavailable");
    std::string path = req.path;
    if (path.size() > 1 && path.back() == '/') path.pop_back();
    if (path == "/v1") return project();
    if (path == "/v1/forms") return forms(req);
    if (path == "/v1/responses") return responses(req);
    if (path == "/v1/contacts") return contacts(req);
    if (path == "/v1/segments") return segments();
    return error(404, "message", "Not found");
  }

 private:
  std::optional<ServerResponse> authenticate(const ServerRequest& req) {
    std::string key;
    if (const std::string* h = req.header("authorization")) {
      if (h->rfind("Bearer ", 0) == 0) key = h->substr(7);
      if (h->rfind("Basic ", 0) == 0) {
        std::string user = base64_decode(h->substr(6));
        key = user.substr(0, user.find(':'));
      }
    } else if (req.has_param("api_key")) {
      key = req.param("api_key");
    }
    if (key.size() < 16) return error(401, "error", "No API key found in headers");
    for (char c : key) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
        return error(401, "error", "API key does not look valid");
    }
    if (key != api_key_) return error(404, "message", "API key not valid or does not exist");
    return std::nullopt;
  }

  // A sliding window: at most --rate-limit requests in any --rate-window seconds per key.
  std::optional<ServerResponse> rate_limit() {
    std::optional<int64_t> wait = window_.admit();
    if (!wait) return std::nullopt;
    ServerResponse r = error(429, "error", "Too Many Requests");
    r.headers.emplace_back("Retry-After", std::to_string((*wait + 999) / 1000));
    return r;
  }

  ServerResponse admin(const ServerRequest& req) {
    if (req.path == "/__sandbox/responses" && req.method == "POST") {
      int64_t add = std::stoll(req.param("count", "100"));
      int64_t total = responses_ += add;
      return ServerResponse::json(200, "{\"responses\":" + std::to_string(total) + "}");
    }
    if (req.path == "/__sandbox/stats")
      return ServerResponse::json(200, "{\"requests\":" + std::to_string(requests_.load()) +
                                           ",\"responses\":" + std::to_string(responses_.load()) +
                                           "}");
    return error(404, "message", "Not found");
  }

  ServerResponse project() {
    JsonWriter w;
    w.begin_object()
        .key("project_uuid")
        .string("8f5c6a7e-0000-4000-8000-000000000001")
        .key("project_name")
        .string("Sandbox project")
        .key("message")
        .string("Hello from the Refiner API")
        .end_object();
    return ServerResponse::json(200, w.take());
  }

  // Page geometry shared by every list: page numbers or a cursor ("<offset>.<snapshot>").
  struct Page {
    int64_t offset = 0, length = 0, snapshot = 0, current = 1;
    bool bad_cursor = false;
  };
  static Page page_of(const ServerRequest& req, int64_t default_length, int64_t snapshot) {
    Page p;
    p.length = std::clamp<int64_t>(
        std::atoll(req.param("page_length", std::to_string(default_length)).c_str()), 1, 1000);
    p.snapshot = snapshot;
    if (req.has_param("page_cursor")) {
      std::string c = req.param("page_cursor");
      auto dot = c.find('.');
      if (c.rfind("pc_", 0) != 0 || dot == std::string::npos) {
        p.bad_cursor = true;
        return p;
      }
      p.offset = std::atoll(c.substr(3, dot - 3).c_str());
      p.snapshot = std::atoll(c.substr(dot + 1).c_str());
      p.current = p.offset / p.length + 1;
    } else {
      p.current = std::max<int64_t>(1, std::atoll(req.param("page", "1").c_str()));
      p.offset = (p.current - 1) * p.length;
    }
    return p;
  }

  template <typename WriteItem>
  static ServerResponse listing(const Page& p, int64_t total, WriteItem write_item) {
    if (p.bad_cursor) return error(400, "error", "The page cursor is invalid.");
    JsonWriter w;
    w.reserve(static_cast<size_t>(p.length) * 1200);
    w.begin_object().key("items").begin_array();
    int64_t end = std::min(total, p.offset + p.length);
    for (int64_t k = p.offset; k < end; ++k) write_item(w, k);
    w.end_array();
    int64_t last_page = std::max<int64_t>(1, (total + p.length - 1) / p.length);
    // A full last page still carries a cursor; the page after it is empty. Clients meet both ends.
    bool more = end < total || (end == total && end - p.offset == p.length);
    w.key("pagination")
        .begin_object()
        .key("items_count")
        .number(total)
        .key("current_page")
        .number(p.current)
        .key("last_page")
        .number(last_page)
        .key("page_length")
        .number(p.length)
        .key("next_page_cursor");
    if (more)
      w.string("pc_" + std::to_string(end) + "." + std::to_string(p.snapshot));
    else
      w.null();
    w.end_object().end_object();
    return ServerResponse::json(200, w.take());
  }

  ServerResponse forms(const ServerRequest& req) {
    std::string list = req.param("list", "all");
    std::vector<int> shown;
    for (int f = 0; f < data_.shape().forms; ++f) {
      bool archived = data_.form_archived(f);
      if ((list == "all" || list == "published") && !archived) shown.push_back(f);
      if (list == "archived" && archived) shown.push_back(f);
      if (list == "all_with_archived") shown.push_back(f);
    }
    if (list != "all" && list != "published" && list != "drafts" && list != "archived" &&
        list != "all_with_archived")
      return error(400, "error", "The list parameter is invalid.");
    bool info = req.param("include_info") == "1" || req.param("include_info") == "true";
    bool config = req.param("include_config") == "1" || req.param("include_config") == "true";
    Page p = page_of(req, 100, static_cast<int64_t>(shown.size()));
    return listing(p, static_cast<int64_t>(shown.size()), [&](JsonWriter& w, int64_t k) {
      data_.write_form(w, shown[static_cast<size_t>(k)], info, config);
    });
  }

  ServerResponse responses(const ServerRequest& req) {
    int64_t snapshot = responses_.load();
    Page p = page_of(req, 50, snapshot);
    ResponseView view;
    view.include = req.param("include", "completed");
    {
      std::lock_guard lock(held_mutex_);
      view.held = held_;
    }
    if (view.include != "completed" && view.include != "partials" && view.include != "all")
      return error(400, "error", "The include parameter must be completed, partials or all.");
    view.hi = p.snapshot;
    for (const char* name : {"date_range_start", "date_range_end"}) {
      if (!req.has_param(name)) continue;
      auto t = parse_timestamp(req.param(name));
      if (!t)
        return error(400, "error", std::string("The ") + name + " parameter is not a valid date.");
      // First index whose reception time is at or after t (times grow with the index).
      int64_t lo = 0, hi = p.snapshot;
      while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        if (data_.reception_seconds(mid) * 1000000 < *t)
          lo = mid + 1;
        else
          hi = mid;
      }
      if (std::string_view(name) == "date_range_start")
        view.lo = lo;
      else
        view.hi = std::min(view.hi, lo);
    }
    view.lo = std::min(view.lo, view.hi);
    bool attributes = req.param("with_attributes") == "1" || req.param("with_attributes") == "true";
    std::string form = req.param("form_uuid");
    if (!form.empty()) {
      // Rare in practice; served by a scan.
      std::vector<int64_t> hits;
      for (int64_t k = 0; k < view.count(); ++k) {
        int64_t i = view.nth_newest(k);
        if (data_.form_uuid(static_cast<int>(i % data_.shape().forms)) == form) hits.push_back(i);
      }
      return listing(p, static_cast<int64_t>(hits.size()), [&](JsonWriter& w, int64_t k) {
        data_.write_response(w, hits[static_cast<size_t>(k)], attributes);
      });
    }
    return listing(p, view.count(), [&](JsonWriter& w, int64_t k) {
      data_.write_response(w, view.nth_newest(k), attributes);
    });
  }

  ServerResponse contacts(const ServerRequest& req) {
    int64_t total = data_.shape().contacts;
    Page p = page_of(req, 50, total);
    return listing(p, total, [&](JsonWriter& w, int64_t k) { data_.write_contact(w, k, false); });
  }

  ServerResponse segments() {
    JsonWriter w;
    w.begin_object().key("items").begin_array();
    for (int s = 0; s < 3; ++s)
      w.begin_object()
          .key("uuid")
          .string(fake_uuid(data_.shape().seed, 5, s))
          .key("name")
          .string("Segment " + std::to_string(s))
          .key("is_manual")
          .boolean(s == 2)
          .end_object();
    w.end_array()
        .key("pagination")
        .begin_object()
        .key("items_count")
        .number(int64_t{3})
        .key("current_page")
        .number(int64_t{1})
        .key("last_page")
        .number(int64_t{1})
        .key("page_length")
        .number(int64_t{50})
        .key("next_page_cursor")
        .null()
        .end_object()
        .end_object();
    return ServerResponse::json(200, w.take());
  }

  RefinerData data_;
  std::atomic<int64_t> responses_;
  std::atomic<int64_t> requests_{0};
  std::string api_key_;
  SlidingWindow window_;
  int64_t throttle_every_, error_every_;
  std::mutex held_mutex_;
  std::vector<int64_t> held_;
};

}  // namespace

SLUICE_REGISTER_SANDBOX("refiner", RefinerSandbox);

}  // namespace sluice::refiner
