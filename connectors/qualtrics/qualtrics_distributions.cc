// Distributions (merge, cursor modifiedDate per survey). The endpoint cannot filter on
// modifiedDate, so every page is read and only distributions changed since the survey's cursor are
// written; each survey's cursor moves after its last page, never before, and the surveys already
// read stay listed until the whole read is done.
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
    for (const auto& id : shared_->surveys_for(*shared_->tables.distributions)) {
      if (std::find(finished.begin(), finished.end(), id) != finished.end()) continue;
      std::optional<int64_t> since, newest;
      if (cursor["surveys"].contains(id))
        since = newest = parse_timestamp(cursor["surveys"][id].get<std::string>());
      shared_->client.for_each(
          "/distributions", {{"surveyId", id}, {"pageSize", "100"}}, [&](simdjson::dom::object o) {
            Value modified = field_time(o, "modifiedDate");
            if (!modified.is_null()) {
              newest = std::max(newest.value_or(modified.i), modified.i);
              if (since && modified.i < *since) return;
            }
            Record r;
            r.set("id", field_text(o, "id"));
            r.set("survey_id", Value::string(id));
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
            ctx.emit().upsert("distributions", std::move(r));
          });
      if (newest) cursor["surveys"][id] = format_timestamp(*newest);
      finished.push_back(id);
      ctx.checkpoint(cursor);
    }
    cursor.erase("finished_this_read");
    ctx.checkpoint(cursor);
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Stream> distributions_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<DistributionsStream>(std::move(shared));
}

}  // namespace sluice::qualtrics
