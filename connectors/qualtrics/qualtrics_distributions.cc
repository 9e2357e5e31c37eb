// Distributions (merge, cursor modifiedDate per survey). The endpoint cannot filter on
// modifiedDate, so every page is read and only distributions changed since the survey's cursor are
// written; each survey's cursor moves after its last page, never before, and the surveys already
// read stay listed until the whole read is done. Inside a survey a checkpoint after each page
// keeps its nextPage URL ({"page": {survey, next_page, newest}}), so a resumed read (a crash
// restart, the next call of a paged protocol) goes on at that page instead of the survey's first.
#include <algorithm>

#include "connectors/qualtrics/qualtrics_streams.h"
#include "sluice/core/timestamp.h"
#include "sluice/json/fields.h"

namespace sluice::qualtrics {
namespace {

class DistributionsStream : public Stream {
 public:
  explicit DistributionsStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "distributions"; }
  bool independent() const override { return true; }

  void read(StreamContext& ctx) override {
    nlohmann::json cursor = ctx.cursor().is_object() ? ctx.cursor() : nlohmann::json::object();
    if (!cursor.contains("surveys")) cursor["surveys"] = nlohmann::json::object();
    // The surveys this read has finished: a resumed read (a restart, the next call of a paged
    // protocol) goes on with the next survey instead of re-reading ties at their cursors.
    nlohmann::json& finished = cursor["finished_this_read"];
    if (!finished.is_array()) finished = nlohmann::json::array();
    // The survey a read was inside when it stopped, and where (states from before have none).
    nlohmann::json page = cursor.value("page", nlohmann::json());
    cursor.erase("page");
    for (const auto& id : shared_->surveys_for(*shared_->tables.distributions)) {
      if (std::find(finished.begin(), finished.end(), id) != finished.end()) continue;
      std::optional<int64_t> since, newest;
      if (cursor["surveys"].contains(id))
        since = newest = parse_timestamp(cursor["surveys"][id].get<std::string>());
      std::string from = "/distributions";
      Params query = {{"surveyId", id}, {"pageSize", "100"}};
      if (page.is_object() && page.value("survey", std::string()) == id &&
          page.value("next_page", nlohmann::json()).is_string()) {
        from = page["next_page"].get<std::string>();
        query.clear();  // the saved URL carries its own query
        if (page.value("newest", nlohmann::json()).is_string())
          newest = parse_timestamp(page["newest"].get<std::string>());
      }
      auto on_page = [&](const std::string& next) {
        if (next.empty()) return;  // the survey's last page: its cursor moves below
        nlohmann::json at = cursor;
        at["page"] = {{"survey", id}, {"next_page", next}};
        if (newest) at["page"]["newest"] = format_timestamp(*newest);
        ctx.checkpoint(std::move(at));
      };
      shared_->client.for_each(
          from, std::move(query),
          [&](simdjson::dom::object o) {
            Value modified = field_time(o, "modifiedDate");
            if (!modified.is_null()) {
              newest = std::max(newest.value_or(modified.i), modified.i);
              if (since && modified.i < *since) return;
            }
            emit_distribution(ctx.emit(), id, o, std::move(modified));
          },
          on_page);
      if (newest) cursor["surveys"][id] = format_timestamp(*newest);
      finished.push_back(id);
      ctx.checkpoint(cursor);
    }
    cursor.erase("finished_this_read");
    ctx.checkpoint(cursor);
  }

 private:
  static void emit_distribution(Emitter& emit, const std::string& survey, simdjson::dom::object o,
                                Value modified) {
    Record r;
    r.set("id", field_text(o, "id"));
    r.set("survey_id", Value::string(survey));
    r.set("parent_distribution_id", field_text(o, "parentDistributionId"));
    r.set("owner_id", field_text(o, "ownerId"));
    r.set("organization_id", field_text(o, "organizationId"));
    r.set("request_status", field_text(o, "requestStatus"));
    r.set("request_type", field_text(o, "requestType"));
    r.set("send_date", field_time(o, "sendDate"));
    r.set("created_date", field_time(o, "createdDate"));
    r.set("modified_date", std::move(modified));
    for (const char* key : {"headers", "recipients", "message", "stats"})
      r.set(key, field_json(o, key));
    r.set("survey_link", field_json(o, "surveyLink"));
    r.set("embedded_data", field_json(o, "embeddedData"));
    emit.upsert("distributions", std::move(r));
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Stream> distributions_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<DistributionsStream>(std::move(shared));
}

}  // namespace sluice::qualtrics
