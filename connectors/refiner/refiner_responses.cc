// Responses, incremental by last_data_reception_at. The API lists newest first, so a read covers
// a fixed window [start, end), perhaps as several lists of narrower windows, newest first. While
// it runs, checkpoints remember the list being read ([start, end) and its ListPosition): a
// resumed read asks for that list again from that page on, then reads the rest of the window
// below it. The cursor itself moves only when a window has been read completely, to the newest
// reception time that read actually committed.
#include <algorithm>
#include <future>

#include "connectors/refiner/refiner_overlap.h"
#include "connectors/refiner/refiner_streams.h"
#include "connectors/refiner/refiner_windows.h"
#include "sluice/core/log.h"
#include "sluice/core/timestamp.h"
#include "sluice/json/element_text.h"
#include "sluice/json/fields.h"
#include "sluice/json/flatten.h"
#include "sluice/sdk/flat_row.h"
#include "sluice/sdk/progress_report.h"

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
    const std::vector<List> lists = lists_.get();
    const std::optional<int64_t> cursor = plan_->cursor;
    std::optional<int64_t> max_seen = plan_->max_seen;
    const nlohmann::json window = plan_->window;
    int64_t every = config.value("checkpoint_every", 1000);
    int64_t count = 0;
    OverlapSeen seen(ctx.cursor(), config.value("overlap_minutes", 60) * 60 * kSecond);
    // Lists newest first: together they list responses as the single list would.
    for (const List& list : lists) {
      nlohmann::json place = {{"start", format_timestamp(list.window.start)},
                              {"end", format_timestamp(list.window.end)}};
      shared_->client.for_each(
          *list.pages, "responses", list.from,
          [&](simdjson::dom::element item, const ListPosition& after) {
            simdjson::dom::object response;
            if (item.get(response)) return;
            std::optional<int64_t> received = reception_time(response);
            if (received) max_seen = max_seen ? std::max(*max_seen, *received) : *received;
            std::string_view uuid;
            const bool repeat = received && !response["uuid"].get(uuid) &&
                                seen.sent_before(uuid, *received, *max_seen);
            if (!repeat) emit_response(ctx.emit(), response);
            if (++count % every != 0) return;
            nlohmann::json w = window;
            w.erase("resume_before");
            w["list"] = place;
            w["list"].update(after.to_json());
            if (max_seen) w["max_seen"] = format_timestamp(*max_seen);
            nlohmann::json state = {
                {"cursor", cursor ? nlohmann::json(format_timestamp(*cursor)) : nlohmann::json()},
                {"window", std::move(w)}};
            seen.write_progress(state);
            ctx.checkpoint(state);
          },
          [&](int64_t items_count) {
            // One list from its start: its items_count is the whole read. Split windows were
            // counted together before they were cut; a list resumed at a saved page cannot tell
            // how much of it lies behind that page.
            if (lists.size() == 1 && list.from.page_cursor.empty())
              expect_rows(ctx.emit(), "responses", items_count - list.from.skip);
            else if (!plan_->list && probed_count_ >= 0 && &list == &lists.front())
              expect_rows(ctx.emit(), "responses", probed_count_);
          });
    }
    // The window is read: the cursor moves to the newest time committed, never to the clock.
    std::optional<int64_t> next = cursor;
    if (max_seen) next = next ? std::max(*next, *max_seen) : *max_seen;
    nlohmann::json state = {
        {"cursor", next ? nlohmann::json(format_timestamp(*next)) : nlohmann::json()}};
    seen.write_final(state, next);
    ctx.checkpoint(state);
  }

 private:
  struct Plan {
    std::optional<int64_t> cursor;  // as committed when the sync began
    int64_t start = 0, end = 0;     // what is left of the window read: [start, end)
    std::optional<int64_t> max_seen;
    nlohmann::json window;  // as checkpoints record it
    // The list an interrupted read was in, read first from where it stood; `end` is its start.
    std::optional<TimeWindow> list;
    ListPosition from;
  };
  struct List {
    TimeWindow window;
    ListPosition from;
    std::unique_ptr<PagePrefetch> pages;
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
      if (w.contains("list")) {
        auto ls = time_in(w["list"], "start"), le = time_in(w["list"], "end");
        if (ls && le) {
          p.list = TimeWindow{*ls, *le};
          p.from = ListPosition::from_json(w["list"]);
          p.end = std::min(p.end, *ls);
        }
      }
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

  // Every window's list, each already downloading on a thread of its own (a few pages ahead):
  // the interrupted one first, from its position, then the rest of the window, perhaps split.
  std::vector<List> open_lists(const Plan& p) {
    const Config& config = shared_->config;
    const int64_t page_length = config.value("page_length", 1000);
    std::vector<List> lists;
    if (p.list) lists.push_back({*p.list, p.from, nullptr});
    if (p.start < p.end) {
      std::vector<TimeWindow> windows =
          split_responses(shared_->client, filters(), p.start, p.end,
                          config.value("window_concurrency", 3), page_length, &probed_count_);
      if (windows.size() > 1)
        log_info("Refiner responses: reading " + std::to_string(windows.size()) +
                 " time windows at once");
      for (const TimeWindow& w : windows) lists.push_back({w, {}, nullptr});
    }
    for (List& list : lists) {
      Params q = filters();
      q.emplace_back("date_range_start", format_timestamp(list.window.start));
      q.emplace_back("date_range_end", format_timestamp(list.window.end));
      list.pages = shared_->client.prefetch_from("responses", std::move(q), page_length, list.from,
                                                 lists.size() == 1 ? 2 : 4);
    }
    return lists;
  }

  static std::optional<int64_t> reception_time(simdjson::dom::object response) {
    std::string_view received;
    if (response["last_data_reception_at"].get(received)) return std::nullopt;
    return parse_timestamp(received);
  }

  void emit_response(Emitter& emit, simdjson::dom::object response) {
    std::string_view uuid;
    if (response["uuid"].get(uuid)) return;  // no key: skipped, as the seed does
    FlatRow& r = row_;
    r.clear();
    // Scalar fields as the API names them (new ones included); form, contact and data are mapped.
    for (auto [key, value] : response) {
      if (key == "form" || key == "contact" || key == "data") continue;
      if (value.is_object()) {
        r.flatten(value.get_object().value_unsafe(), key);
      } else {
        r.add(key, value);
      }
    }
    simdjson::dom::object form, contact, data;
    Cell survey;
    if (!response["form"].get(form)) {
      survey = RowCells::text(form, "uuid");
      r.set("survey_uuid", survey);
      r.set("survey_name", RowCells::text(form, "name"));
    }
    Value user_id;
    if (!response["contact"].get(contact)) {
      user_id = respondent_key(contact);
      r.set("user_id", user_id);
      r.set("contact_uuid", RowCells::text(contact, "uuid"));
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
    r.set("score", score);
    r.upsert(emit, "responses");
    if (has_data) emit_answers(emit, uuid, survey, data);
    // Contacts read in full this same sync already wrote what a response's contact holds (a
    // change in between lands with the next sync's read of /contacts): only without them do
    // responses fill respondents. So a paged protocol never sends a person again in a later call,
    // nor a thinner row over a full one.
    if (!user_id.is_null() && !shared_->config.value("sync_contacts", true))
      emit_respondent(emit, std::move(user_id), contact);
  }

  // Answers are most of the rows: they go by position, their text straight from the page.
  static void emit_answers(Emitter& emit, std::string_view response_uuid, Cell survey,
                           simdjson::dom::object data) {
    static const RowShape kAnswer(
        {"response_uuid", "question_id", "survey_uuid", "answer_value", "answer_type"});
    std::string text;  // a non-string answer's text
    for (auto [question, value] : data) {
      // Text for scalars, JSON text for arrays and objects, NULL for null (never "None").
      const std::optional<std::string_view> answer = element_as_text(value, text);
      const Cell cells[] = {Cell::text(response_uuid), Cell::text(question), survey,
                            answer ? Cell::text(*answer) : Cell{},
                            Cell::text(json_type_name(value.type()))};
      emit.upsert_row("answers", kAnswer, cells);
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
  FlatRow row_;  // the response being emitted
  std::optional<Plan> plan_;
  int64_t probed_count_ = -1;  // responses in the split read, when split_responses asked
  // Last: on every way out the lists stop before what they use goes away.
  std::future<std::vector<List>> lists_;
};

}  // namespace

std::unique_ptr<Stream> responses_stream(std::shared_ptr<SyncShared> shared) {
  return std::make_unique<ResponsesStream>(std::move(shared));
}

}  // namespace sluice::refiner
