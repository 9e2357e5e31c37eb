// The SenSource connector: static tables and hourly traffic and occupancy from the Vea API (see
// README.md beside this file).
#include "connectors/sensource/sensource_metrics.h"
#include "sluice/core/error.h"
#include "sluice/json/flatten.h"
#include "sluice/sdk/registry.h"

namespace sluice::sensource {
namespace {

constexpr ColumnType kText = ColumnType::kString;
const std::vector<std::string> kStatic = {"location", "site", "zone", "space", "sensor"};

std::shared_ptr<Requester> make_api(const Config& c) {
  OAuthClientCredentials creds{c.at("auth_url").get<std::string>(),
                               c.at("client_id").get<std::string>(),
                               c.at("client_secret").get<std::string>(), "", 120};
  ClientOptions o{.timeout_seconds = c.value("request_timeout_seconds", 120)};
  return std::make_shared<Requester>("SenSource", oauth_client_credentials(creds, o), o);
}

class StaticStream : public Stream {
 public:
  StaticStream(std::string endpoint, std::shared_ptr<Listings> listings)
      : endpoint_(std::move(endpoint)), listings_(std::move(listings)) {}
  std::string name() const override { return endpoint_; }
  bool independent() const override { return true; }
  void read(StreamContext& ctx) override {
    simdjson::dom::parser parser;
    int64_t n = 0;
    for (simdjson::dom::element row : listings_->rows(endpoint_, parser)) {
      simdjson::dom::object o;
      if (row.get(o)) continue;
      ctx.emit().upsert(endpoint_, flatten(o));
      ++n;
    }
    ctx.checkpoint({{"rows", n}});
  }

 private:
  std::string endpoint_;
  std::shared_ptr<Listings> listings_;
};

class SenSourceConnector : public StreamConnector {
 public:
  std::string name() const override { return "sensource"; }
  std::string description() const override {
    return "SenSource people counting: locations, sites, zones, spaces, sensors, hourly traffic "
           "and occupancy.";
  }

  Spec spec() const override {
    return {
        {"client_id", FieldType::kString, true, false, nullptr, "the Vea API client id."},
        {"client_secret", FieldType::kString, true, true, nullptr, "the Vea API client secret."},
        {"traffic_metrics", FieldType::kString, false, false, "ins,outs",
         "traffic metrics to read."},
        {"occupancy_metrics", FieldType::kString, false, false,
         "occupancy(max),occupancy(min),occupancy(avg)", "occupancy metrics to read."},
        {"static_endpoints", FieldType::kList, false, false, "location,site,zone,space",
         "static tables to read: location, site, zone, space, sensor."},
        {"start_date", FieldType::kTimestamp, false, false, "2022-01-01",
         "the first day of metrics (UTC)."},
        {"window_days", FieldType::kInteger, false, false, 30, "days per metrics request.", 1, 366},
        {"window_concurrency", FieldType::kInteger, false, false, 4,
         "metrics windows requested at once while one is loaded (in order).", 1, 16},
        {"zone_ids", FieldType::kList, false, false, nullptr,
         "only these zones' traffic (the server ignores filters)."},
        {"space_ids", FieldType::kList, false, false, nullptr, "only these spaces' occupancy."},
        {"base_url", FieldType::kUrl, false, false, "https://vea.sensourceinc.com",
         "the API host."},
        {"auth_url", FieldType::kUrl, false, false, "https://auth.sensourceinc.com/oauth/token",
         "the token endpoint."},
        {"request_timeout_seconds", FieldType::kInteger, false, false, 120,
         "how long one request may take.", 1, 3600},
    };
  }

  std::vector<std::string> batch_options() const override { return {"window_days"}; }

  CheckResult check(const Config& config) override {
    validate_static(config);
    Listings listings(config, make_api(config));
    return {"Connected to SenSource; " + std::to_string(listings.count("location")) +
            " locations visible."};
  }

  std::vector<TableSpec> schema(const Config&) override {
    std::vector<TableSpec> out;
    for (const auto& e : kStatic)
      out.push_back(
          {e, {e + "_id"}, {{e + "_id", kText}}, WriteMode::kMerge, "SenSource " + e + "s."});
    out.push_back({"traffic",
                   {"zone_id", "record_date_hour_1"},
                   {{"zone_id", kText},
                    {"record_date_hour_1", ColumnType::kUtcDateTime},
                    {"name", kText},
                    {"sumins", ColumnType::kLong},
                    {"sumouts", ColumnType::kLong}},
                   WriteMode::kMerge,
                   "People in and out per zone and hour.",
                   "record_date_hour_1"});
    out.push_back({"occupancy",
                   {"space_id", "record_date_hour_1"},
                   {{"space_id", kText},
                    {"record_date_hour_1", ColumnType::kUtcDateTime},
                    {"name", kText},
                    {"sumins", ColumnType::kLong},
                    {"sumouts", ColumnType::kLong},
                    {"maxoccupancy", ColumnType::kLong},
                    {"minoccupancy", ColumnType::kLong},
                    {"avgoccupancy", ColumnType::kDouble}},
                   WriteMode::kMerge,
                   "Occupancy per space and hour (may be negative).",
                   "record_date_hour_1"});
    return out;
  }

  void validate(const Config& config) const override { validate_static(config); }

  std::vector<std::unique_ptr<Stream>> streams(const Config& config) override {
    validate_static(config);
    api_ = make_api(config);
    auto listings = std::make_shared<Listings>(config, api_);
    std::vector<std::unique_ptr<Stream>> out;
    for (const auto& e : config["static_endpoints"])
      out.push_back(std::make_unique<StaticStream>(e, listings));
    out.push_back(metrics_stream(
        {"traffic", "/api/data/traffic", "zone", "zoneId", "traffic_metrics", "zone_ids"}, config,
        api_, listings));
    out.push_back(metrics_stream(
        {"occupancy", "/api/data/occupancy", "space", "spaceId", "occupancy_metrics", "space_ids"},
        config, api_, listings));
    return out;
  }

  int64_t requests_sent() const override { return api_ ? api_->requests_sent() : 0; }

 private:
  static void validate_static(const Config& c) {
    for (const auto& e : c["static_endpoints"]) {
      if (std::find(kStatic.begin(), kStatic.end(), e.get<std::string>()) == kStatic.end())
        throw Error(ErrorKind::kConfig,
                    "`static_endpoints` may list location, site, zone, space and sensor, not \"" +
                        e.get<std::string>() + "\".");
    }
  }

  std::shared_ptr<Requester> api_;
};

}  // namespace

SLUICE_REGISTER_CONNECTOR("sensource", SenSourceConnector);

}  // namespace sluice::sensource
