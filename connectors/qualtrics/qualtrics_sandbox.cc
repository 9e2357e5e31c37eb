// The Qualtrics sandbox: API v3 as ../shared/sources/qualtrics.md describes it — the envelope and
// its error codes (400 ATP_2 without a token, 401 DCD_7 with a wrong one), `nextPage` URLs with
// `offset` or an opaque `skipToken` that breaks when re-encoded, XM Directory (directories, lists,
// contacts; a 403 for an account without it) and users, the three-step response export
// (several polls, failures on request, a ZIP split into several files), and per-endpoint rate
// limits whose 429s carry Retry-After only when asked.
#include <atomic>
#include <chrono>
#include <memory>

#include "connectors/qualtrics/qualtrics_envelope.h"
#include "connectors/qualtrics/qualtrics_export_jobs.h"
#include "sluice/core/timestamp.h"
#include "sluice/sandbox/sandbox.h"
#include "sluice/sandbox/sliding_window.h"

namespace sluice::qualtrics {
namespace {

constexpr const char* kDefaultToken = "qualtrics-sandbox-token-0001";
constexpr std::string_view kApi = "/API/v3";

int64_t now_ms() {
  return now_micros() / 1000;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// Deliberately full of characters that must stay percent-encoded: a client that cuts the token out
// of nextPage and encodes it again sends something else.
std::string skip_token(int64_t offset) {
  return "b+" + std::to_string(offset * 7 + 3) + "/==";
}
std::optional<int64_t> read_skip_token(const std::string& t) {
  if (t.size() < 5 || t.rfind("b+", 0) != 0 || t.substr(t.size() - 3) != "/==") return std::nullopt;
  try {
    int64_t v = std::stoll(t.substr(2, t.size() - 5));
    if (v < 3 || (v - 3) % 7) return std::nullopt;
    return (v - 3) / 7;
  } catch (...) {
    return std::nullopt;
  }
}

class QualtricsSandbox : public Sandbox {
 public:
  explicit QualtricsSandbox(const SandboxOptions& o)
      : data_(QualtricsShape{
            static_cast<uint64_t>(o.integer("seed", 11)),
            static_cast<int>(std::max<int64_t>(1, o.integer("surveys", 3))),
            o.integer("responses", 300), static_cast<int>(o.integer("distributions", 4)),
            o.integer("contacts", 250),
            o.integer("base-time", now_ms() / 1000 / 86400 * 86400 - 30 * 86400) * 1000,
            std::max<int64_t>(1, o.integer("spacing-ms", 1000)), o.integer("users", 120),
            static_cast<int>(std::max<int64_t>(1, o.integer("directories", 2))),
            static_cast<int>(std::max<int64_t>(0, o.integer("mailing-lists", 2)))}),
        jobs_(data_, ExportSettings{static_cast<int>(o.integer("export-polls", 3)),
                                    static_cast<int>(o.integer("fail-exports", 0)),
                                    std::max<int64_t>(1, o.integer("file-rows", 1000000)),
                                    o.integer("reject-tokens", 0) != 0}),
        token_(o.text("api-token", kDefaultToken)),
        window_s_(o.integer("rate-window", 60)),
        overall_(o.integer("rate-limit", 3000), window_s_),
        export_create_(o.integer("export-limit", 100), window_s_),
        export_file_(o.integer("export-limit", 100), window_s_),
        export_progress_(o.integer("progress-limit", 1000), window_s_),
        distributions_(o.integer("distribution-limit", 300), window_s_),
        retry_after_(o.integer("retry-after", 0) != 0),
        error_every_(o.integer("error-every", 0)),
        file_errors_(o.integer("file-errors", 0)),
        notice_(o.integer("notice", 0) != 0),
        no_xm_directory_(o.integer("no-xm-directory", 0) != 0),
        page_cap_(std::max<int64_t>(1, o.integer("page-size", 1000))) {}

  std::vector<std::string> flags() const override {
    return {"--surveys N         surveys (default 3)",
            "--responses N       responses over all surveys (default 300), a --spacing-ms apart",
            "--distributions N   distributions per survey (default 4); --contacts N (default 250)",
            "--users N           users of the brand (default 120)",
            "--directories N, --mailing-lists N   (defaults 2, 2: the first of each holds the "
            "contacts)",
            "--page-size N       the largest page any list answers (default each endpoint's own)",
            "--no-xm-directory 1 every /directories request answers 403 (no XM Directory)",
            "--api-token T       the token that is accepted (default " +
                std::string(kDefaultToken) + ")",
            "--export-polls N    progress polls before an export completes (default 3)",
            "--fail-exports N    the first N exports end with status failed",
            "--file-rows N       responses per file inside the export ZIP (default 1000000)",
            "--file-errors N     the first N file downloads answer 503",
            "--rate-limit N      requests per window overall (default 3000); --rate-window S "
            "(default 60)",
            "--export-limit N    export creations and file downloads per window (default 100)",
            "--progress-limit N, --distribution-limit N   (defaults 1000, 300)",
            "--retry-after 1     429s carry Retry-After (the live API mostly sends none)",
            "--error-every N     every Nth request answers 503; --notice 1 adds meta.notice",
            "--reject-tokens 1   every continuation token is refused (as an expired one)",
            "--seed N, --base-time T (unix seconds of the first response)",
            "POST /__sandbox/responses?survey=I&count=N adds responses recorded now",
            "POST /__sandbox/contacts/remove?count=N, POST /__sandbox/surveys/touch?survey=I",
            "POST /__sandbox/error-every?n=N sets --error-every while running",
            "GET /__sandbox/stats"};
  }

  std::string example_config(const std::string& base_url) const override {
    return "{\n  \"api_token\": \"" + token_ + "\",\n  \"datacenter_id\": \"sandbox\",\n" +
           "  \"base_url\": \"" + base_url + std::string(kApi) + "\",\n" +
           "  \"tables\": {\n    \"surveys\": {},\n" +
           "    \"survey_definitions\": {\"surveyId\": \"*\"},\n" +
           "    \"survey_responses\": {\"surveyId\": \"*\"},\n" +
           "    \"distributions\": {\"surveyId\": \"*\"},\n" +
           "    \"contacts\": {\"directoryId\": \"" + data_.directory_id() +
           "\", \"mailingListId\": \"" + data_.mailing_list_id() + "\"}\n  }\n}\n";
  }

  ServerResponse handle(const ServerRequest& req) override {
    if (req.path.rfind("/__sandbox/", 0) == 0) return admin(req);
    const int64_t n = ++requests_;
    if (req.path.rfind(kApi, 0) != 0) return envelope_error(404, "", "Not Found");
    const std::string* token = req.header("x-api-token");
    if (!token) return envelope_error(400, "ATP_2", "Missing X-API-TOKEN header.");
    if (*token != token_)
      return envelope_error(401, "DCD_7", "Authentication failed: the API token is not valid.");
    if (error_every_ > 0 && n % error_every_ == 0)
      return envelope_error(503, "", "Service temporarily unavailable.");
    std::vector<std::string> p = split_path(std::string_view(req.path).substr(kApi.size()));
    if (auto limited = throttle(req, p)) return *limited;
    ServerResponse r = route(req, p);
    if (notice_ && r.status == 200) {
      // A token used on another datacenter's host is proxied with a notice.
      r.body.insert(r.body.rfind("\"requestId\""),
                    "\"notice\":\"Request proxied. For faster response times, use this host "
                    "instead: sandbox.qualtrics.com\",");
    }
    return r;
  }

 private:
  std::optional<ServerResponse> throttle(const ServerRequest& req,
                                         const std::vector<std::string>& p) {
    SlidingWindow* endpoint = nullptr;
    if (p.size() >= 3 && p[0] == "surveys" && p[2] == "export-responses") {
      if (req.method == "POST")
        endpoint = &export_create_;
      else if (p.size() == 5)
        endpoint = &export_file_;
      else
        endpoint = &export_progress_;
    } else if (!p.empty() && p[0] == "distributions") {
      endpoint = &distributions_;
    }
    std::optional<int64_t> wait = overall_.admit();
    if (!wait && endpoint) wait = endpoint->admit();
    if (!wait) return std::nullopt;
    ++throttled_;
    ServerResponse r = envelope_error(429, "", "Too many requests. Please try again later.");
    if (retry_after_) r.headers.emplace_back("Retry-After", std::to_string((*wait + 999) / 1000));
    return r;
  }

  ServerResponse route(const ServerRequest& req, const std::vector<std::string>& p) {
    if (p.size() == 1 && p[0] == "whoami")
      return envelope_ok(
          "{\"userId\":\"UR_sandbox\",\"userName\":\"sandbox@example.com\",\"brandId\":"
          "\"sandboxbrand\",\"accountType\":\"UT_BRANDADMIN\",\"firstName\":\"Sandy\"}");
    if (p.size() == 1 && p[0] == "surveys") return surveys(req);
    if (p.size() == 2 && p[0] == "survey-definitions") {
      int s = data_.find_survey(p[1]);
      if (s < 0) return envelope_error(404, "", "Survey " + p[1] + " was not found.");
      JsonWriter w;
      data_.write_definition(w, s);
      return envelope_ok(w.take());
    }
    if (p.size() >= 3 && p[0] == "surveys" && p[2] == "export-responses") {
      int s = data_.find_survey(p[1]);
      if (s < 0) return envelope_error(404, "", "Survey " + p[1] + " was not found.");
      if (p.size() == 3 && req.method == "POST") return jobs_.create(s, req.body);
      if (p.size() == 4 && req.method == "GET") return jobs_.progress(s, p[3]);
      if (p.size() == 5 && p[4] == "file" && req.method == "GET") {
        if (file_errors_ > 0 && file_errors_seen_++ < file_errors_)
          return envelope_error(503, "", "The file is not available yet.");
        return jobs_.file(s, p[3]);
      }
    }
    if (p.size() == 1 && p[0] == "distributions") return distributions(req);
    if (!p.empty() && p[0] == "directories") return directories(req, p);
    if (p.size() == 1 && p[0] == "users")
      return offset_page(req, data_.users(), "/users",
                         [&](JsonWriter& w, int64_t i) { data_.write_user(w, i); });
    return envelope_error(404, "", "Not Found");
  }

  // Page size: as asked, capped at `max` (and --page-size); a non-number is a 400 as on the real
  // API.
  std::optional<int64_t> page_size(const ServerRequest& req, int64_t fallback, int64_t max) const {
    max = std::min(max, page_cap_);
    if (!req.has_param("pageSize")) return std::min(fallback, max);
    try {
      return std::clamp<int64_t>(std::stoll(req.param("pageSize")), 1, max);
    } catch (...) {
      return std::nullopt;
    }
  }

  // nextPage is a full URL on the host the client called.
  static std::string next_page(const ServerRequest& req, const std::string& path,
                               const std::string& query) {
    const std::string* host = req.header("host");
    return "http://" + (host ? *host : std::string("127.0.0.1")) + std::string(kApi) + path + "?" +
           query;
  }

  ServerResponse surveys(const ServerRequest& req) {
    return offset_page(req, data_.shape().surveys, "/surveys", [&](JsonWriter& w, int64_t s) {
      data_.write_survey(w, static_cast<int>(s));
    });
  }

  // One page of a list paged by offset (surveys, users): up to 100 elements.
  template <typename Write>
  ServerResponse offset_page(const ServerRequest& req, int64_t total, const std::string& path,
                             Write write) {
    auto size = page_size(req, 100, 100);
    if (!size) return envelope_error(400, "RP_0.1", "Invalid pageSize.");
    int64_t offset = 0;
    if (req.has_param("offset")) offset = std::max<int64_t>(0, std::stoll(req.param("offset")));
    JsonWriter w;
    w.begin_object().key("elements").begin_array();
    const int64_t end = std::min(total, offset + *size);
    for (int64_t i = offset; i < end; ++i) write(w, i);
    w.end_array().key("nextPage");
    if (end < total)
      w.string(next_page(req, path,
                         "offset=" + std::to_string(end) + "&pageSize=" + std::to_string(*size)));
    else
      w.null();
    w.end_object();
    return envelope_ok(w.take());
  }

  // One page of a list paged by skipToken: `total` elements, `write(w, i)` writes element i, and
  // nextPage repeats `query` with the token of the next offset.
  template <typename Write>
  ServerResponse skip_token_page(const ServerRequest& req, int64_t total, int64_t max_size,
                                 const std::string& path, const std::string& query, Write write) {
    auto size = page_size(req, 100, max_size);
    if (!size) return envelope_error(400, "RP_0.1", "Invalid pageSize.");
    int64_t offset = 0;
    if (req.has_param("skipToken")) {
      auto o = read_skip_token(req.param("skipToken"));
      if (!o) return envelope_error(400, "RP_0.1", "Invalid skipToken.");
      offset = *o;
    }
    JsonWriter w;
    w.begin_object().key("elements").begin_array();
    const int64_t end = std::min(total, offset + *size);
    for (int64_t i = offset; i < end; ++i) write(w, i);
    w.end_array().key("nextPage");
    if (end < total)
      w.string(next_page(req, path,
                         query + "pageSize=" + std::to_string(*size) +
                             "&skipToken=" + url_encode(skip_token(end))));
    else
      w.null();
    w.end_object();
    return envelope_ok(w.take());
  }

  ServerResponse distributions(const ServerRequest& req) {
    if (!req.has_param("surveyId"))  // names are case-sensitive: `surveyid` does not count
      return envelope_error(400, "RP_0.1", "Missing required parameter: surveyId");
    int s = data_.find_survey(req.param("surveyId"));
    if (s < 0)
      return envelope_error(404, "", "Survey " + req.param("surveyId") + " was not found.");
    return skip_token_page(req, data_.shape().distributions, 100, "/distributions",
                           "surveyId=" + data_.survey_id(s) + "&", [&](JsonWriter& w, int64_t d) {
                             data_.write_distribution(w, s, static_cast<int>(d));
                           });
  }

  // XM Directory: directories, their mailing lists, a list's members and a directory's contacts,
  // all paged by skipToken; --no-xm-directory 1 answers 403 as an account without it does.
  ServerResponse directories(const ServerRequest& req, const std::vector<std::string>& p) {
    if (no_xm_directory_)
      return envelope_error(403, "", "This brand does not have access to XM Directory.");
    const std::string path = "/" + join(p);
    auto each = [&](int64_t total, int64_t max, auto write) {
      return skip_token_page(req, total, max, path, "", write);
    };
    if (p.size() == 1)
      return each(data_.directories(), 100,
                  [&](JsonWriter& w, int64_t d) { data_.write_directory(w, static_cast<int>(d)); });
    const int d = data_.find_directory(p[1]);
    if (d < 0) return envelope_error(404, "", "Directory " + p[1] + " was not found.");
    if (p.size() == 3 && p[2] == "contacts")
      return each(data_.contacts_of_directory(d), 100,
                  [&](JsonWriter& w, int64_t i) { data_.write_contact(w, i); });
    if (p.size() == 3 && p[2] == "mailinglists")
      return each(data_.mailing_lists(d), 100, [&](JsonWriter& w, int64_t l) {
        data_.write_mailing_list(w, static_cast<int>(l));
      });
    const int l = p.size() > 3 && d == 0 ? data_.find_mailing_list(p[3]) : -1;
    if (p.size() == 5 && p[2] == "mailinglists" && p[4] == "contacts") {
      if (l < 0)
        return envelope_error(404, "", "Mailing list " + p[3] + " was not found in " + p[1] + ".");
      return each(data_.contacts_of_list(l), 1000,
                  [&](JsonWriter& w, int64_t i) { data_.write_contact(w, i); });
    }
    return envelope_error(404, "", "Not Found");
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : "/") + part;
    return out;
  }

  void hold_late() override { jobs_.hold_late(); }
  bool arrive_late() override { return jobs_.arrive_late(); }

  // A response to the first survey recorded just now: the survey grows while it is exported.
  bool grow() override {
    data_.add_responses(0, 1, now_ms());
    return true;
  }

  ServerResponse admin(const ServerRequest& req) {
    auto survey = [&] {
      return static_cast<int>(
          std::clamp<int64_t>(std::stoll(req.param("survey", "0")), 0, data_.shape().surveys - 1));
    };
    if (req.path == "/__sandbox/responses" && req.method == "POST") {
      int s = survey();
      data_.add_responses(s, std::stoll(req.param("count", "10")), now_ms());
      return ServerResponse::json(200,
                                  "{\"responses\":" + std::to_string(data_.responses(s)) + "}");
    }
    if (req.path == "/__sandbox/contacts/remove" && req.method == "POST") {
      data_.remove_contacts(std::stoll(req.param("count", "1")));
      return ServerResponse::json(200, "{\"contacts\":" + std::to_string(data_.contacts()) + "}");
    }
    if (req.path == "/__sandbox/surveys/touch" && req.method == "POST") {
      data_.touch_survey(survey(), now_ms());
      return ServerResponse::json(200, "{}");
    }
    if (req.path == "/__sandbox/error-every" && req.method == "POST") {
      error_every_ = std::stoll(req.param("n", "0"));
      return ServerResponse::json(200, "{}");
    }
    if (req.path == "/__sandbox/stats")
      return ServerResponse::json(
          200, "{\"requests\":" + std::to_string(requests_.load()) +
                   ",\"throttled\":" + std::to_string(throttled_.load()) +
                   ",\"exports\":" + std::to_string(jobs_.stats().created) +
                   ",\"polls\":" + std::to_string(jobs_.stats().polls) +
                   ",\"rows_served\":" + std::to_string(jobs_.stats().rows_served) + "}");
    return ServerResponse::json(404, "{}");
  }

  QualtricsData data_;
  ExportJobs jobs_;
  std::string token_;
  int64_t window_s_;
  SlidingWindow overall_, export_create_, export_file_, export_progress_, distributions_;
  bool retry_after_;
  std::atomic<int64_t> error_every_;
  int64_t file_errors_;
  std::atomic<int64_t> file_errors_seen_{0};
  bool notice_;
  bool no_xm_directory_;
  int64_t page_cap_;
  std::atomic<int64_t> requests_{0}, throttled_{0};
};

}  // namespace

SLUICE_REGISTER_SANDBOX("qualtrics", QualtricsSandbox);

}  // namespace sluice::qualtrics
