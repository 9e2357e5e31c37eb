// The Refiner connector: spec, check, schema and streams (see README.md beside this file).
#include "connectors/refiner/refiner_client.h"
#include "connectors/refiner/refiner_streams.h"
#include "sluice/sdk/registry.h"
#include "sluice/sdk/stream.h"

namespace sluice::refiner {
namespace {

constexpr ColumnType kText = ColumnType::kString;
constexpr ColumnType kTime = ColumnType::kUtcDateTime;

class RefinerConnector : public StreamConnector {
 public:
  std::string name() const override { return "refiner"; }
  std::string description() const override {
    return "Refiner surveys: surveys, questions, responses, answers and respondents.";
  }

  Spec spec() const override {
    return {
        {"api_key", FieldType::kString, true, true, nullptr,
         "your Refiner API key (Settings > Integrations > API), sent as a Bearer token."},
        {"start_date", FieldType::kTimestamp, false, false, "1970-01-01T00:00:00Z",
         "the earliest response reception time to read on the first sync (ISO 8601, UTC)."},
        {"base_url", FieldType::kUrl, false, false, "https://api.refiner.io/v1/",
         "the API root; change it only for a proxy or the sandbox."},
        {"include",
         FieldType::kString,
         false,
         false,
         "completed",
         "which responses to read: completed, partials or all.",
         {},
         {},
         {"completed", "partials", "all"}},
        {"overlap_minutes", FieldType::kInteger, false, false, 60,
         "how far before the cursor each incremental read starts, to catch late data.", 0, 10080},
        {"checkpoint_every", FieldType::kInteger, false, false, 1000,
         "records between checkpoints.", 1, 1000000},
        {"page_length", FieldType::kInteger, false, false, 1000, "records per page (at most 1000).",
         1, 1000},
        {"window_concurrency", FieldType::kInteger, false, false, 3,
         "time windows of /responses read at once when a read spans more than two pages and the "
         "API answers slower than 20 ms (1: one list).",
         1, 16},
        {"sync_contacts", FieldType::kBoolean, false, false, true,
         "also read /contacts in full for respondent details the responses lack."},
        {"request_timeout_seconds", FieldType::kInteger, false, false, 60,
         "how long one request may take.", 1, 3600},
    };
  }

  std::vector<std::string> batch_options() const override {
    return {"page_length", "checkpoint_every"};
  }

  CheckResult check(const Config& config) override {
    RefinerClient client(config);
    simdjson::dom::parser parser;
    simdjson::dom::element root = client.get("", parser);
    std::string_view project = "(unnamed)";
    if (root["project_name"].get(project)) project = "(unnamed)";
    requests_ += client.requests_sent();
    return {"Connected to Refiner project \"" + std::string(project) + "\"."};
  }

  std::vector<TableSpec> schema(const Config&) override {
    return {
        {"surveys",
         {"uuid"},
         {{"uuid", kText},
          {"name", kText},
          {"created_at", kTime},
          {"updated_at", kTime},
          {"published_at", kTime},
          {"archived_at", kTime}},
         WriteMode::kMerge,
         "Surveys (forms) with their flattened info and configuration."},
        {"questions",
         {"survey_uuid", "question_id"},
         {{"survey_uuid", kText},
          {"question_id", kText},
          {"question_text", kText},
          {"question_type", kText},
          {"required", ColumnType::kBoolean},
          {"options", ColumnType::kJson},
          {"position", ColumnType::kLong}},
         WriteMode::kMerge,
         "Questions from each survey's config.form_elements."},
        {"responses",
         {"uuid"},
         {{"uuid", kText},
          {"survey_uuid", kText},
          {"survey_name", kText},
          {"user_id", kText},
          {"contact_uuid", kText},
          {"first_shown_at", kTime},
          {"last_shown_at", kTime},
          {"show_counter", ColumnType::kLong},
          {"first_data_reception_at", kTime},
          {"last_data_reception_at", kTime},
          {"completed_at", kTime},
          {"received_at", kTime},
          {"dismissed_at", kTime},
          {"score", ColumnType::kLong}},
         WriteMode::kMerge,
         "One row per survey response.",
         "last_data_reception_at"},
        {"answers",
         {"response_uuid", "question_id"},
         {{"response_uuid", kText},
          {"question_id", kText},
          {"survey_uuid", kText},
          {"answer_value", kText},
          {"answer_type", kText}},
         WriteMode::kMerge,
         "One row per answered question of a response."},
        {"respondents",
         {"user_id"},
         {{"user_id", kText},
          {"contact_uuid", kText},
          {"remote_id", kText},
          {"email", kText},
          {"name", kText},
          {"first_seen_at", kTime},
          {"last_seen_at", kTime},
          {"last_form_submission_at", kTime},
          {"attributes", ColumnType::kJson},
          {"segments", ColumnType::kJson}},
         WriteMode::kMerge,
         "People who responded, keyed by remote_id, else contact uuid."},
    };
  }

  std::vector<std::unique_ptr<Stream>> streams(const Config& config) override {
    shared_ = std::make_shared<SyncShared>(config);
    std::vector<std::unique_ptr<Stream>> out;
    out.push_back(surveys_stream(shared_));
    if (config.value("sync_contacts", true)) out.push_back(contacts_stream(shared_));
    out.push_back(responses_stream(shared_));
    return out;
  }

  int64_t requests_sent() const override {
    return requests_ + (shared_ ? shared_->client.requests_sent() : 0);
  }

 private:
  std::shared_ptr<SyncShared> shared_;
  int64_t requests_ = 0;
};

}  // namespace

SLUICE_REGISTER_CONNECTOR("refiner", RefinerConnector);

}  // namespace sluice::refiner
