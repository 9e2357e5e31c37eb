// Windows from the cursor (or start_date), each asked for as a half-open window and checkpointed;
// a window is `window_days` long, or shorter when there are so many entities that one answer would
// pass kRowsPerRequest; up to `window_concurrency` windows are in flight while one is loaded. The
// server treats endDate as inclusive in some deployments, so rows at or past the window's end are
// dropped (the next window has them); the server ignores entity filters, so rows are filtered here.
// The cursor never passes the start of the current UTC day: today is read again on every sync until
// it is over.
#include "connectors/sensource/sensource_metrics.h"

#include <set>

#include "connectors/sensource/sensource_windows.h"
#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/names.h"
#include "sluice/core/run_ahead.h"
#include "sluice/core/timestamp.h"
#include "sluice/json/flatten.h"
#include "sluice/sdk/flat_row.h"
#include "sluice/sdk/progress_report.h"

namespace sluice::sensource {
namespace {

constexpr int64_t kDay = 86400LL * 1000000;

class MetricsStream : public Stream {
 public:
  MetricsStream(MetricsKind k, const Config& c, std::shared_ptr<Requester> api,
                std::shared_ptr<Listings> listings)
      : kind_(std::move(k)), config_(c), api_(std::move(api)), listings_(std::move(listings)) {}
  std::string name() const override { return kind_.table; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    const nlohmann::json& saved = ctx.cursor();
    int64_t start = *parse_timestamp(config_.at("start_date").get<std::string>());
    if (saved.is_object() && saved.contains("next_start"))
      start = *parse_timestamp(saved["next_start"].get<std::string>());
    int64_t now = now_micros();
    int64_t today = now / kDay * kDay;
    std::set<std::string> keep;
    if (config_.contains(kind_.filter_key))
      for (const auto& id : config_[kind_.filter_key]) keep.insert(id.get<std::string>());
    // The server answers for every entity whatever the filter, so all of them count.
    const int64_t hours = start < now ? window_hours(listings_->count(kind_.entity_type),
                                                     config_.value("window_days", 30))
                                      : 1;
    const std::vector<Window> windows = plan_windows(start, now, hours);
    // The next windows are asked for while the current one is loaded; checkpoints stay in order.
    simdjson::dom::parser parser;
    auto request = [&](size_t i) { return window_request(windows[i].start, windows[i].end, keep); };
    run_ahead<std::string>(
        windows.size(), static_cast<size_t>(config_.value("window_concurrency", 4)),
        [&](size_t i, const std::atomic<bool>&) { return api_->send(request(i)).body; },
        [&](size_t i, std::future<std::string>& body) {
          auto [ws, we] = windows[i];
          load_window(ctx.emit(), ws, we, keep, api_->parse_json(body.get(), request(i), parser));
          // The windows were planned in advance: each loaded one is its share of the read.
          report_fraction(ctx.emit(), kind_.table, static_cast<double>(i + 1) / windows.size());
          // Today stays open: the next sync starts again at its midnight.
          ctx.checkpoint({{"next_start", format_timestamp(std::min(we, today))}});
        });
    if (start >= now) ctx.checkpoint({{"next_start", format_timestamp(std::min(start, today))}});
  }

 private:
  Request window_request(int64_t ws, int64_t we, const std::set<std::string>& keep) const {
    Request r;
    r.url = join_url(config_.at("base_url").get<std::string>(), kind_.path);
    r.query = {{"relativeDate", "custom"},
               {"startDate", format_timestamp(ws)},
               {"endDate", format_timestamp(we)},
               {"dateGroupings", "hour"},
               {"entityType", kind_.entity_type},
               {"metrics", config_.at(kind_.metrics_key).get<std::string>()}};
    if (!keep.empty()) {
      std::string ids;
      for (const auto& id : keep) ids += (ids.empty() ? "" : ",") + id;
      r.query.emplace_back("entityIds", ids);
    }
    return r;
  }

  void load_window(Emitter& emit, int64_t ws, int64_t we, const std::set<std::string>& keep,
                   simdjson::dom::element doc) {
    std::string_view error;
    if (!doc["error"].get(error))
      throw Error(ErrorKind::kApi, "SenSource answered " + kind_.path + " with an error: \"" +
                                       std::string(error) + "\".");
    simdjson::dom::array messages, rows;
    if (!doc["messages"].get(messages))
      for (simdjson::dom::element m : messages)
        log_warning("SenSource " + kind_.table + ": " + to_json_text(m));
    if (doc["results"].get(rows))
      throw Error(ErrorKind::kApi, "SenSource answered " + kind_.path + " without results.");
    for (simdjson::dom::element row : rows) {
      simdjson::dom::object o;
      std::string_view hour, entity;
      if (row.get(o) || o["recordDate_hour_1"].get(hour) || o[kind_.id_field].get(entity)) continue;
      auto t = parse_timestamp(hour);
      if (!t || *t < ws || *t >= we) continue;  // half-open: the next window has the end hour
      if (!keep.empty() && !keep.count(std::string(entity))) continue;
      row_.clear();
      row_.flatten(o);
      // avgoccupancy arrives as a string holding a decimal.
      if (Cell* avg = row_.find("avgoccupancy"); avg && avg->kind == Value::Kind::kString) {
        try {
          *avg = Cell{Value::Kind::kDouble, 0, std::stod(std::string(avg->s)), {}};
        } catch (...) {
          *avg = Cell();
        }
      }
      row_.upsert(emit, kind_.table);
    }
  }

  MetricsKind kind_;
  Config config_;
  std::shared_ptr<Requester> api_;
  std::shared_ptr<Listings> listings_;
  FlatRow row_;  // every row of every window has the same keys: one shape
};

}  // namespace

std::unique_ptr<Stream> metrics_stream(MetricsKind kind, const Config& config,
                                       std::shared_ptr<Requester> api,
                                       std::shared_ptr<Listings> listings) {
  return std::make_unique<MetricsStream>(std::move(kind), config, std::move(api),
                                         std::move(listings));
}

}  // namespace sluice::sensource
