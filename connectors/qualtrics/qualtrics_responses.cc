// Survey responses (append, keyed by survey and response id). Each selected survey has its own
// cursor: the export's continuation token, and the newest recordedDate seen as the fallback when
// a token is refused or when the configuration asks for recorded-date increments (re-reading an
// overlap that the key de-duplicates). The cursor moves only after a whole export has been
// loaded; checkpoints inside a large export keep memory flat and leave the cursor where it was,
// so a crash re-exports the same range and the key drops what already landed.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <vector>

#include "connectors/qualtrics/qualtrics_export.h"
#include "connectors/qualtrics/qualtrics_streams.h"
#include "sluice/core/log.h"
#include "sluice/core/run_ahead.h"
#include "sluice/core/timestamp.h"
#include "sluice/json/fields.h"
#include "sluice/sdk/progress_report.h"
#include "sluice/sdk/row_cells.h"

namespace sluice::qualtrics {
namespace {

constexpr int64_t kMinute = 60LL * 1000000;

// Everything is inside `values`, metadata included; answers stay there as JSON. Emitted by
// position, text borrowed from the parsed response; returns its recorded date (NULL if none).
Value emit_response(Emitter& emit, RowCells& c, simdjson::dom::object response,
                    const std::string& survey_id) {
  static const RowShape kWithValues({"response_id",
                                     "survey_id",
                                     "recorded_date",
                                     "start_date",
                                     "end_date",
                                     "status",
                                     "progress",
                                     "duration",
                                     "finished",
                                     "ip_address",
                                     "location_latitude",
                                     "location_longitude",
                                     "distribution_channel",
                                     "user_language",
                                     "recipient_email",
                                     "recipient_first_name",
                                     "recipient_last_name",
                                     "external_data_reference",
                                     "values",
                                     "labels",
                                     "displayed_fields",
                                     "displayed_values"});
  static const RowShape kWithoutValues(
      {"response_id", "survey_id", "values", "labels", "displayed_fields", "displayed_values"});
  c.clear();
  c.add_text(response, "responseId");
  c.add(Cell::text(survey_id));
  Value recorded;
  simdjson::dom::object v;
  const bool has_values = !response["values"].get(v);
  if (has_values) {
    recorded = field_time(v, "recordedDate");
    c.add(recorded);
    c.add(field_time(v, "startDate"));
    c.add(field_time(v, "endDate"));
    c.add(field_integer(v, "status"));
    c.add(field_integer(v, "progress"));
    c.add(field_integer(v, "duration"));
    Value finished = field_integer(v, "finished");  // 0/1 in the file, not a boolean
    c.add(finished.is_null() ? finished : Value::boolean(finished.i != 0));
    c.add_text(v, "ipAddress");
    c.add(field_real(v, "locationLatitude"));  // strings in the file
    c.add(field_real(v, "locationLongitude"));
    c.add_text(v, "distributionChannel");
    c.add_text(v, "userLanguage");
    c.add_text(v, "recipientEmail");
    c.add_text(v, "recipientFirstName");
    c.add_text(v, "recipientLastName");
    c.add_text(v, "externalDataReference");
  }
  c.add_json(response, "values");
  c.add_json(response, "labels");
  c.add_json(response, "displayedFields");
  c.add_json(response, "displayedValues");
  emit.upsert_row("survey_responses", has_values ? kWithValues : kWithoutValues, c.data());
  return recorded;
}

// Reads from a recorded date instead of a continuation token: the overlap before the newest
// recorded date seen, or the configured start.
void start_from_date(ExportSpec& spec, const Config& c, std::optional<int64_t> recorded_max) {
  spec.body.erase("continuationToken");
  if (recorded_max)
    spec.body["startDate"] = format_timestamp(
        (*recorded_max - c.value("overlap_minutes", 60) * kMinute) / 1000000 * 1000000);
  else if (c.contains("start_date"))
    spec.body["startDate"] = c["start_date"];
}

std::optional<int64_t> saved_recorded_max(const nlohmann::json& saved) {
  if (!saved.contains("recorded_max")) return std::nullopt;
  return parse_timestamp(saved["recorded_max"].get<std::string>());
}

class ResponsesStream : public Stream {
 public:
  explicit ResponsesStream(std::shared_ptr<Shared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "survey_responses"; }
  bool independent() const override { return true; }

  // Exports of the next surveys are started and polled on worker threads while the current one
  // is downloaded and loaded; loading and checkpoints stay in survey order.
  void read(StreamContext& ctx) override {
    nlohmann::json cursor = ctx.cursor().is_object() ? ctx.cursor() : nlohmann::json::object();
    if (!cursor.contains("surveys")) cursor["surveys"] = nlohmann::json::object();
    const std::vector<std::string> ids = shared_->surveys_for(*shared_->tables.responses);
    const size_t ahead =
        static_cast<size_t>(std::max<int64_t>(1, shared_->config.value("export_concurrency", 4)));
    std::vector<ExportSpec> specs;
    auto percents = std::make_unique<std::atomic<double>[]>(ids.size());
    for (size_t j = 0; j < ids.size(); ++j) {
      specs.push_back(spec_for(cursor, ids[j]));
      specs.back().percent = &percents[j];
    }
    const auto share = [&](double surveys) {
      report_fraction(ctx.emit(), "survey_responses", surveys / static_cast<double>(ids.size()));
    };
    run_ahead<ReadyExport>(
        ids.size(), ahead,
        [&](size_t j, const std::atomic<bool>& cancel) {
          return prepare_export(shared_->client, specs[j], &cancel);
        },
        [&](size_t i, std::future<ReadyExport>& ready) {
          // Waiting for an export, its percentComplete is the first half of its survey's share.
          while (ready.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout)
            share(static_cast<double>(i) + percents[i].load() / 200.0);
          cursor["surveys"][ids[i]] = load_survey(ctx, cursor, specs[i], ready);
          share(static_cast<double>(i + 1));
          ctx.checkpoint(cursor);
        });
  }

 private:
  ExportSpec spec_for(const nlohmann::json& cursor, const std::string& id) const {
    const Config& c = shared_->config;
    const nlohmann::json saved = cursor["surveys"].value(id, nlohmann::json::object());
    const bool by_token =
        c.value("responses_incremental", std::string("continuation")) == "continuation";
    ExportSpec spec{
        id,
        {{"format", c.value("export_format", std::string("ndjson"))}, {"compress", true}},
        c.value("export_timeout_seconds", 1800),
        c.value("export_poll_interval_ms", 100)};
    if (by_token) spec.body["allowContinuation"] = true;
    if (by_token && saved.contains("continuation_token"))
      spec.body["continuationToken"] = saved["continuation_token"];
    else
      start_from_date(spec, c, saved_recorded_max(saved));
    return spec;
  }

  nlohmann::json load_survey(StreamContext& ctx, const nlohmann::json& cursor, ExportSpec& spec,
                             std::future<ReadyExport>& prepared) {
    const Config& c = shared_->config;
    const std::string& id = spec.survey_id;
    const nlohmann::json saved = cursor["surveys"].value(id, nlohmann::json::object());
    std::optional<int64_t> recorded_max = saved_recorded_max(saved);
    // The API offers no position inside an export: a resumed read exports the same again (the
    // cursor has not moved) and skips the rows an interrupted read committed.
    int64_t skip = saved.value("exported_rows_done", int64_t{0});
    // The newest date of the rows an interrupted read committed: they are skipped now, so without
    // it a resumed read that finds nothing past them would forget where the survey stands.
    if (skip > 0 && saved.contains("exported_recorded_max")) {
      auto done_max = parse_timestamp(saved["exported_recorded_max"].get<std::string>());
      if (done_max) recorded_max = std::max(recorded_max.value_or(*done_max), *done_max);
    }
    ReadyExport ready;
    try {
      ready = prepared.get();
    } catch (const HttpStatusError& e) {
      if (e.status() != 400 || !spec.body.contains("continuationToken")) throw;
      log_warning("Qualtrics refused the saved continuation token of " + id + " (\"" +
                  e.api_message() + "\"); reading from the newest recorded date instead");
      start_from_date(spec, c, recorded_max);
      ready = prepare_export(shared_->client, spec);
      skip = 0;  // another export: what was committed of the old one says nothing of it
    }

    const int64_t every = c.value("checkpoint_every", 5000);
    simdjson::dom::parser parser;
    RowCells cells;
    int64_t since_checkpoint = 0, done = 0;
    auto on_response = [&](std::string_view text) {
      if (done < skip) {  // committed by an earlier run of this same export
        ++done;
        return;
      }
      simdjson::dom::object o;
      if (parser.parse(text.data(), text.size()).get(o))
        throw Error(ErrorKind::kApi, "Qualtrics' export of " + id +
                                         " holds a response that is "
                                         "not a JSON object; run the sync again.");
      const Value t = emit_response(ctx.emit(), cells, o, id);
      if (!t.is_null()) recorded_max = std::max(recorded_max.value_or(t.i), t.i);
      ++done;
      if (++since_checkpoint >= every) {
        since_checkpoint = 0;
        // Rows land; the cursor stays until the export is whole, with how far into it they go.
        nlohmann::json progress = cursor;
        progress["surveys"][id]["exported_rows_done"] = done;
        if (recorded_max)  // not `recorded_max`: a read by date resumes the same range as before
          progress["surveys"][id]["exported_recorded_max"] = format_timestamp(*recorded_max);
        ctx.checkpoint(progress);
      }
    };
    ExportOutcome out = read_export(shared_->client, spec, ready, on_response);
    nlohmann::json next = nlohmann::json::object();
    if (out.continuation_token) next["continuation_token"] = *out.continuation_token;
    if (recorded_max) next["recorded_max"] = format_timestamp(*recorded_max);
    return next;
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Stream> responses_stream(std::shared_ptr<Shared> shared) {
  return std::make_unique<ResponsesStream>(std::move(shared));
}

}  // namespace sluice::qualtrics
