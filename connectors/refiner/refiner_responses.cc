// Responses, incremental by last_data_reception_at. The API lists newest first, so a read covers
// a fixed window [start, end) and, while it runs, checkpoints remember the oldest reception time
// committed so far: a resumed read continues below it. The cursor itself moves only when a window
// has been read completely, to the newest reception time that read actually committed.
#include <algorithm>
#include <future>

#include "connectors/refiner/refiner_streams.h"
#include "connectors/refiner/refiner_windows.h"
#include "sluice/core/log.h"
#include "sluice/core/timestamp.h"
#include "sluice/json/fields.h"
#include "sluice/json/flatten.h"

namespace sluice::refiner {
namespace {

constexpr int64_t kSecond = 1000000;

std::optional<int64_t> time_in(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return std::nullopt;
  return parse_timestamp(j[key].get<std::string>());
}

class ResponsesStream : public Stream {
 public:
  explicit ResponsesStream(std::shared_ptr<SyncShared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "responses"; }

  // Nothing here depends on the streams before: the windows' first pages download meanwhile.
  void prefetch(const nlohmann::json& saved) override {
    plan_ = plan(saved);
    lists_ = std::async(std::launch::async, [this, p = *plan_] { return open_lists(p); });
  }

  void read(StreamContext& ctx) override {
    const Config& config = shared_->config;
    ensure_nps_questions(*shared_);  // `score` needs them even when the surveys were read earlier
    if (!lists_.valid()) prefetch(ctx.cursor());
    const std::vector<std::unique_ptr<PagePrefetch>> lists = lists_.get();
    const std::optional<int64_t> cursor = plan_->cursor;
    std::optional<int64_t> max_seen = plan_->max_seen;
    const nlohmann::json window = plan_->window;
    int64_t every = config.value("checkpoint_every", 1000);
    std::optional<int64_t> lowest;
    int64_t count = 0;
    // Windows newest first: together they list responses as the single list would, so the oldest
    // reception time committed still tells a resumed read where to go on.
    for (const auto& pages : lists)
      shared_->client.for_each(*pages, "responses", [&](simdjson::dom::element item) {
        simdjson::dom::object response;
        if (item.get(response)) return;
        std::optional<int64_t> received = emit_response(ctx.emit(), response);
        if (received) {
          lowest = lowest ? std::min(*lowest, *received) : *received;
          max_seen = max_seen ? std::max(*max_seen, *received) : *received;
        }
        if (++count % every == 0 && lowest) {
          nlohmann::json w = window;
          w["resume_before"] = format_timestamp(*lowest);
          if (max_seen) w["max_seen"] = format_timestamp(*max_seen);
          nlohmann::json progress = {
              {"cursor", cursor ? nlohmann::json(format_timestamp(*cursor)) : nlohmann::json()},
              {"window", w}};
          ctx.checkpoint(std::move(progress));
        }
      });
    // The window is read: the cursor moves to the newest time committed, never to the clock.
    std::optional<int64_t> next = cursor;
    if (max_seen) next = next ? std::max(*next, *max_seen) : *max_seen;
    ctx.checkpoint({{"cursor", next ? nlohmann::json(format_timestamp(*next)) : nlohmann::json()}});
  }

 private:
  struct Plan {
    std::optional<int64_t> cursor;  // as committed when the sync began
    int64_t start = 0, end = 0;     // the window read: [start, end)
    std::optional<int64_t> max_seen;
    nlohmann::json window;  // as checkpoints record it
  };

  Plan plan(const nlohmann::json& saved) const {
    const Config& config = shared_->config;
    Plan p;
    p.cursor = time_in(saved, "cursor");
    if (saved.is_object() && saved.contains("window")) {
      // Resuming an interrupted read: same window, below what was already committed.
      const nlohmann::json& w = saved["window"];
      p.start = *time_in(w, "start");
      p.end = *time_in(w, "end");
      if (auto below = time_in(w, "resume_before")) p.end = std::min(p.end, *below + kSecond);
      p.max_seen = time_in(w, "max_seen");
    } else {
      p.start = *parse_timestamp(config.at("start_date").get<std::string>());
      if (p.cursor)
        p.start = std::max(p.start, *p.cursor - config.value("overlap_minutes", 60) * 60 * kSecond);
      p.end = (now_micros() / kSecond + 1) * kSecond;
    }
    p.start = p.start / kSecond * kSecond;
    p.window = {{"start", format_timestamp(p.start)}, {"end", format_timestamp(p.end)}};
    if (saved.is_object() && saved.contains("window")) p.window = saved["window"];
    return p;
  }

  Params filters() const {
    return {{"include", shared_->config.value("include", std::string("completed"))},
            {"with_attributes", "1"}};
  }

  // Every window's list, each already downloading on a thread of its own (a few pages ahead).
  std::vector<std::unique_ptr<PagePrefetch>> open_lists(const Plan& p) {
    const Config& config = shared_->config;
    const int64_t page_length = config.value("page_length", 1000);
    std::vector<TimeWindow> windows =
        split_responses(shared_->client, filters(), p.start, p.end,
                        config.value("window_concurrency", 3), page_length);
    if (windows.size() > 1)
      log_info("Refiner responses: reading " + std::to_string(windows.size()) +
               " time windows at once");
    std::vector<std::unique_ptr<PagePrefetch>> lists;
    for (const TimeWindow& w : windows) {
      Params q = filters();
      q.emplace_back("date_range_start", format_timestamp(w.start));
      q.emplace_back("date_range_end", format_timestamp(w.end));
      auto paginator = cursor_paginator("page_cursor", "/pagination/next_page_cursor",
                                        "page_length", page_length);
      lists.push_back(shared_->client.prefetch("responses", std::move(q), std::move(paginator),
                                               windows.size() == 1 ? 2 : 4));
    }
    return lists;
  }

  std::optional<int64_t> emit_response(Emitter& emit, simdjson::dom::object response) {
    std::string_view uuid;
    if (response["uuid"].get(uuid)) return std::nullopt;  // no key: skipped, as the seed does
    Record r;
    // Scalar fields as the API names them (new ones included); form, contact and data are mapped.
    for (auto [key, value] : response) {
      if (key == "form" || key == "contact" || key == "data") continue;
      if (value.is_object()) {
        flatten_into(value.get_object().value_unsafe(), key, r);
      } else {
        r.set(std::string(key), to_value(value));
      }
    }
    simdjson::dom::object form, contact, data;
    Value survey;
    if (!response["form"].get(form)) {
      survey = field_text(form, "uuid");
      r.set("survey_uuid", survey);
      r.set("survey_name", field_text(form, "name"));
    }
    Value user_id;
    if (!response["contact"].get(contact)) {
      user_id = respondent_key(contact);
      r.set("user_id", user_id);
      r.set("contact_uuid", field_text(contact, "uuid"));
    }
    Value score;
    bool has_data = !response["data"].get(data);
    if (has_data) {
      for (auto [question, value] : data) {
        if (!shared_->nps_questions.count(std::string(question))) continue;
        // The score is a number even when the API sends it as a string ("7").
        score = to_value(value);
        if (score.kind == Value::Kind::kString) {
          try {
            size_t used = 0;
            int64_t n = std::stoll(score.s, &used);
            if (used == score.s.size()) score = Value::integer(n);
          } catch (...) {
          }
        }
      }
    }
    r.set("score", std::move(score));
    emit.upsert("responses", std::move(r));
    if (has_data) emit_answers(emit, uuid, survey, data);
    if (!user_id.is_null()) emit_respondent(emit, std::move(user_id), contact);
    std::string_view received;
    if (response["last_data_reception_at"].get(received)) return std::nullopt;
    return parse_timestamp(received);
  }

  static void emit_answers(Emitter& emit, std::string_view response_uuid, const Value& survey,
                           simdjson::dom::object data) {
    for (auto [question, value] : data) {
      Record a;
      a.set("response_uuid", Value::string(std::string(response_uuid)));
      a.set("question_id", Value::string(std::string(question)));
      a.set("survey_uuid", survey);
      Value v = to_value(value);
      const char* kind = "null";
      switch (value.type()) {
        case simdjson::dom::element_type::ARRAY:
          kind = "array";
          break;
        case simdjson::dom::element_type::OBJECT:
          kind = "object";
          break;
        case simdjson::dom::element_type::BOOL:
          kind = "boolean";
          break;
        case simdjson::dom::element_type::STRING:
          kind = "text";
          break;
        case simdjson::dom::element_type::NULL_VALUE:
          kind = "null";
          break;
        default:
          kind = "number";
      }
      // Text for scalars, JSON text for arrays and objects, NULL for null (never "None").
      a.set("answer_value", v.is_null() ? v : Value::string(v.to_text()));
      a.set("answer_type", Value::string(kind));
      emit.upsert("answers", std::move(a));
    }
  }

  // The contact inside a response is thinner than /contacts: a partial update, so it never nulls
  // the columns only /contacts fills. Skipped when this sync already wrote exactly these values.
  void emit_respondent(Emitter& emit, Value user_id, simdjson::dom::object contact) {
    Record p;
    p.set("user_id", std::move(user_id));
    p.set("contact_uuid", field_text(contact, "uuid"));
    p.set("remote_id", field_text(contact, "remote_id"));
    p.set("email", field_text(contact, "email"));
    p.set("name", field_text(contact, "display_name"));
    p.set("attributes", field_json(contact, "attributes"));
    if (shared_->respondents_written.unchanged(respondent_key_hash(p), respondent_digest(p)))
      return;
    emit.update("respondents", std::move(p));
  }

  std::shared_ptr<SyncShared> shared_;
  std::optional<Plan> plan_;
  // Last: on every way out the lists stop before what they use goes away.
  std::future<std::vector<std::unique_ptr<PagePrefetch>>> lists_;
};

}  // namespace

std::unique_ptr<Stream> responses_stream(std::shared_ptr<SyncShared> shared) {
  return std::make_unique<ResponsesStream>(std::move(shared));
}

}  // namespace sluice::refiner
