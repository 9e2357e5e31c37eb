// The Qualtrics connector: surveys, survey definitions, survey responses (by export), distributions
// and mailing-list contacts from Qualtrics API v3 (see README.md beside this file).
#include <algorithm>
#include <tuple>

#include "connectors/qualtrics/qualtrics_streams.h"
#include "sluice/core/error.h"
#include "sluice/sdk/registry.h"

namespace sluice::qualtrics {

std::vector<std::string> Shared::surveys_for(const SurveySelection& selection) {
  if (!selection.all) return selection.ids;
  std::lock_guard lock(survey_list_mu_);
  if (!every_survey_) {
    std::vector<std::string> ids;
    client.for_each("/surveys", {{"pageSize", "100"}}, [&](simdjson::dom::object o) {
      std::string_view id;
      if (!o["id"].get(id)) ids.emplace_back(id);
    });
    every_survey_ = std::move(ids);
  }
  std::vector<std::string> out = *every_survey_;
  for (const auto& id : selection.ids)
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  return out;
}

std::vector<TableSpec> qualtrics_tables() {
  constexpr ColumnType kText = ColumnType::kString, kTime = ColumnType::kUtcDateTime,
                       kLong = ColumnType::kLong, kJson = ColumnType::kJson,
                       kBool = ColumnType::kBoolean, kReal = ColumnType::kDouble;
  std::vector<TableSpec> tables = {
      {"surveys",
       {"id"},
       {{"id", kText},
        {"name", kText},
        {"owner_id", kText},
        {"last_modified", kTime},
        {"creation_date", kTime},
        {"is_active", kBool}},
       WriteMode::kMerge,
       "Surveys the token's user can see; incremental by lastModified."},
      {"survey_definitions",
       {"survey_id"},
       {{"survey_id", kText},
        {"survey_name", kText},
        {"survey_status", kText},
        {"last_modified", kTime},
        {"question_count", kLong},
        {"questions", kJson},
        {"survey_options", kJson}},
       WriteMode::kReplace,
       "Definitions of the selected surveys (questions, blocks, flow); a full snapshot each sync."},
      {"survey_responses",
       {"survey_id", "response_id"},
       {{"survey_id", kText},
        {"response_id", kText},
        {"recorded_date", kTime},
        {"start_date", kTime},
        {"end_date", kTime},
        {"status", kLong},
        {"progress", kLong},
        {"duration", kLong},
        {"finished", kBool},
        {"ip_address", kText},
        {"location_latitude", kReal},
        {"location_longitude", kReal},
        {"distribution_channel", kText},
        {"user_language", kText},
        {"recipient_email", kText},
        {"recipient_first_name", kText},
        {"recipient_last_name", kText},
        {"external_data_reference", kText},
        {"values", kJson},
        {"labels", kJson},
        {"displayed_fields", kJson},
        {"displayed_values", kJson}},
       WriteMode::kAppend,
       "Responses by export; incremental by continuation token (or recordedDate).",
       "recorded_date"},
      {"distributions",
       {"id"},
       {{"id", kText},
        {"survey_id", kText},
        {"request_type", kText},
        {"request_status", kText},
        {"send_date", kTime},
        {"modified_date", kTime},
        {"stats", kJson}},
       WriteMode::kMerge,
       "Distributions of the selected surveys; incremental by modifiedDate.",
       "modified_date"},
      {"contacts",
       {"contact_id"},
       {{"contact_id", kText},
        {"mailing_list_id", kText},
        {"first_name", kText},
        {"last_name", kText},
        {"email", kText},
        {"unsubscribed", kBool},
        {"mailing_list_unsubscribed", kBool},
        {"embedded_data", kJson}},
       WriteMode::kReplace,
       "Members of the XM Directory mailing lists; a full snapshot each sync."},
  };
  for (auto& t : directory_tables()) tables.push_back(std::move(t));
  return tables;
}

namespace {

class QualtricsConnector : public StreamConnector {
 public:
  std::string name() const override { return "qualtrics"; }
  std::string description() const override {
    return "Qualtrics: surveys, definitions, responses (exports), distributions, contacts, "
           "directories, mailing lists, directory contacts, users.";
  }

  Spec spec() const override {
    return {
        {"api_token", FieldType::kString, true, true, nullptr,
         "an API token (Account Settings > Qualtrics IDs)."},
        {"datacenter_id", FieldType::kString, true, false, nullptr,
         "your datacenter, from https://<datacenter_id>.qualtrics.com (e.g. fra1, iad1)."},
        {"base_url", FieldType::kUrl, false, false, nullptr,
         "overrides https://<datacenter_id>.qualtrics.com/API/v3 (proxies, the sandbox)."},
        {"tables", FieldType::kObject, false, false, nullptr,
         "tables to sync with their options, e.g. {\"surveys\": {}, \"survey_responses\": "
         "{\"surveyId\": \"SV_…\"}}; default: every table, for every survey, directory and "
         "mailing list."},
        {"export_format",
         FieldType::kString,
         false,
         false,
         "ndjson",
         "the response export's file format: ndjson or json.",
         {},
         {},
         {"ndjson", "json"}},
        {"responses_incremental",
         FieldType::kString,
         false,
         false,
         "continuation",
         "how responses are read incrementally: continuation (export tokens) or recorded_date.",
         {},
         {},
         {"continuation", "recorded_date"}},
        {"start_date", FieldType::kTimestamp, false, false, nullptr,
         "the first sync reads responses recorded from this time on (default: all)."},
        {"overlap_minutes", FieldType::kInteger, false, false, 60,
         "how far before the newest recorded date a recorded_date read starts.", 0, 10080},
        {"export_timeout_seconds", FieldType::kInteger, false, false, 1800,
         "how long one export may take before the sync gives up.", 10, 86400},
        // Small exports finish within a second; later waits grow by half, so a long one costs
        // few polls of the progress endpoint's 1,000 a minute.
        {"export_poll_interval_ms", FieldType::kInteger, false, false, 100,
         "the first wait between export progress polls (later waits grow to 10 s).", 10, 60000},
        {"export_concurrency", FieldType::kInteger, false, false, 4,
         "exports started and polled at once, ahead of the one being loaded (loaded in order).", 1,
         16},
        {"rate_limit_per_minute", FieldType::kInteger, false, false, 3000,
         "requests per minute this connection may send (the brand's limit is 3000).", 1, 3000},
        {"export_rate_limit_per_minute", FieldType::kInteger, false, false, 100,
         "export creations, and file downloads, per minute (the API's limit is 100).", 1, 100},
        {"request_timeout_seconds", FieldType::kInteger, false, false, 60,
         "how long one request may take (a download: how long it may stall).", 1, 3600},
        {"retry_attempts", FieldType::kInteger, false, false, 5, "retries of a failed request.", 0,
         10},
        {"checkpoint_every", FieldType::kInteger, false, false, 5000,
         "responses between checkpoints inside one export.", 100, 10000000},
    };
  }

  void validate(const Config& config) const override {
    parse_table_options(config);
    qualtrics_base_url(config);
  }

  std::vector<std::string> batch_options() const override { return {"checkpoint_every"}; }

  CheckResult check(const Config& config) override {
    parse_table_options(config);
    QualtricsClient client(config);
    simdjson::dom::parser parser;
    simdjson::dom::element me = client.get("/whoami", {}, parser);
    std::string_view user = "?", brand = "?";
    std::ignore = me["userName"].get(user);
    std::ignore = me["brandId"].get(brand);
    return {"Connected to Qualtrics at " + client.base_url() + " as " + std::string(user) +
            " (brand " + std::string(brand) + ")."};
  }

  std::vector<TableSpec> schema(const Config&) override { return qualtrics_tables(); }

  std::vector<std::unique_ptr<Stream>> streams(const Config& config) override {
    shared_ = std::make_shared<Shared>(config);
    const TableOptions& t = shared_->tables;
    std::vector<std::unique_ptr<Stream>> out;
    if (t.surveys) out.push_back(surveys_stream(shared_));
    if (t.definitions) out.push_back(definitions_stream(shared_));
    if (t.distributions) out.push_back(distributions_stream(shared_));
    if (t.contacts) out.push_back(contacts_stream(shared_));
    if (t.directories) out.push_back(directories_stream(shared_));
    if (t.mailing_lists) out.push_back(mailing_lists_stream(shared_));
    if (t.directory_contacts) out.push_back(directory_contacts_stream(shared_));
    if (t.users) out.push_back(users_stream(shared_));
    if (t.responses) out.push_back(responses_stream(shared_));
    return out;
  }

  int64_t requests_sent() const override { return shared_ ? shared_->client.requests_sent() : 0; }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

SLUICE_REGISTER_CONNECTOR("qualtrics", QualtricsConnector);

}  // namespace sluice::qualtrics
