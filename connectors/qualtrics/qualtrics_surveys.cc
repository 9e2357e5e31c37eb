// Surveys (merge, cursor lastModified: the list cannot be filtered, so every page is read and only
// surveys changed since the cursor are written) and survey definitions (a snapshot: all of them,
// then the rows not seen this time are marked deleted, so a failed read deletes nothing).
#include <algorithm>

#include "connectors/qualtrics/qualtrics_streams.h"
#include "sluice/core/error.h"
#include "sluice/core/names.h"
#include "sluice/core/timestamp.h"
#include "sluice/json/fields.h"

namespace sluice::qualtrics {
namespace {

class SurveysStream : public Stream {
 public:
  explicit SurveysStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "surveys"; }
  bool independent() const override { return true; }
  // The list cannot be filtered, so every page is read; a checkpoint after each page holds the
  // cursor the read began from, the newest time seen and the next page's URL, so a resumed read
  // (a crash restart, the next call of a paged protocol) goes on from that page.
  void read(StreamContext& ctx) override {
    const nlohmann::json& saved = ctx.cursor();
    auto time_at = [&](const char* key) -> std::optional<int64_t> {
      if (!saved.is_object() || !saved.contains(key) || !saved[key].is_string()) return {};
      return parse_timestamp(saved[key].get<std::string>());
    };
    const bool resumed =
        saved.is_object() && saved.contains("next_page") && saved["next_page"].is_string();
    std::optional<int64_t> cursor = time_at("last_modified");
    std::optional<int64_t> newest = resumed ? time_at("newest") : cursor;
    if (!newest) newest = cursor;
    const std::string from = resumed ? saved["next_page"].get<std::string>() : "/surveys";
    Params query;
    if (!resumed) query = {{"pageSize", "100"}};
    auto on_survey = [&](simdjson::dom::object o) {
      Value modified = field_time(o, "lastModified");
      if (!modified.is_null()) {
        const int64_t t = modified.i;
        newest = std::max(newest.value_or(t), t);
        if (cursor && t < *cursor) return;  // unchanged since the last sync
      }
      Record r;
      r.set("id", field_text(o, "id"));
      r.set("name", field_text(o, "name"));
      r.set("owner_id", field_text(o, "ownerId"));
      r.set("last_modified", std::move(modified));
      r.set("creation_date", field_time(o, "creationDate"));
      r.set("is_active", field_value(o, "isActive"));
      ctx.emit().upsert("surveys", std::move(r));
    };
    shared_->client.for_each(from, std::move(query), on_survey, [&](const std::string& next) {
      if (next.empty()) return;
      nlohmann::json at = {{"next_page", next}};
      if (cursor) at["last_modified"] = format_timestamp(*cursor);
      if (newest) at["newest"] = format_timestamp(*newest);
      ctx.checkpoint(at);
    });
    nlohmann::json next = nlohmann::json::object();
    if (newest) next["last_modified"] = format_timestamp(*newest);
    ctx.checkpoint(next);
  }

 private:
  std::shared_ptr<Shared> shared_;
};

class DefinitionsStream : public Stream {
 public:
  explicit DefinitionsStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "survey_definitions"; }
  bool independent() const override { return true; }
  // A checkpoint after every definition holds the last survey landed ({"after": id}), so a resumed
  // read (a crash restart, the next call of a paged protocol) asks only for the rest. Only a read
  // that began at the start soft-deletes the surveys no longer selected: a resumed one cannot tell
  // what an earlier run wrote. A finished read saves {"done": true}; the next sync reads all again.
  void read(StreamContext& ctx) override {
    simdjson::dom::parser parser;
    const std::vector<std::string> ids = shared_->surveys_for(*shared_->tables.definitions);
    const nlohmann::json& saved = ctx.cursor();
    std::string after = saved.is_object() ? saved.value("after", std::string()) : std::string();
    if (std::find(ids.begin(), ids.end(), after) == ids.end()) after.clear();  // start over
    const bool whole = after.empty();
    if (whole) ctx.emit().snapshot_begins("survey_definitions");
    bool skipping = !whole;
    for (const auto& id : ids) {
      if (skipping) {
        skipping = id != after;
        continue;
      }
      simdjson::dom::object d;
      if (shared_->client.get("/survey-definitions/" + id, {}, parser).get(d))
        throw Error(ErrorKind::kApi, "Qualtrics answered the definition of " + id +
                                         " with something other than an object.");
      Record r;
      Value survey_id = field_text(d, "SurveyID");
      r.set("survey_id", survey_id.is_null() ? Value::string(id) : std::move(survey_id));
      r.set("survey_name", field_text(d, "SurveyName"));
      r.set("survey_status", field_text(d, "SurveyStatus"));
      r.set("owner_id", field_text(d, "OwnerID"));
      r.set("creator_id", field_text(d, "CreatorID"));
      r.set("brand_id", field_text(d, "BrandID"));
      r.set("brand_base_url", field_text(d, "BrandBaseURL"));
      r.set("last_modified", field_time(d, "LastModified"));
      r.set("last_accessed", field_time(d, "LastAccessed"));
      r.set("last_activated", field_time(d, "LastActivated"));
      r.set("question_count", field_integer(d, "QuestionCount"));  // a string in the API
      for (const char* key : {"SurveyOptions", "Questions", "Blocks", "SurveyFlow", "ResponseSets",
                              "Scoring", "ProjectInfo"})
        r.set(normalize_name(key), field_json(d, key));
      ctx.emit().upsert("survey_definitions", std::move(r));
      ctx.checkpoint({{"after", id}});
    }
    // Only after every definition was read: the rows of surveys no longer selected go.
    if (whole)
      ctx.emit().truncate("survey_definitions");
    else
      ctx.emit().snapshot_ends("survey_definitions");
    ctx.checkpoint({{"done", true}});
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Stream> surveys_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<SurveysStream>(std::move(shared));
}

std::unique_ptr<Stream> definitions_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<DefinitionsStream>(std::move(shared));
}

}  // namespace sluice::qualtrics
