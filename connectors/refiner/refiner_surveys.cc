// Surveys ("forms") with their questions: few rows, re-read in full every sync, page by page. A
// checkpoint after each page holds how many surveys are read ({"offset": n}), so a resumed read (a
// crash restart, the next call of a paged protocol, whose pages may be smaller) goes on there; a
// finished read leaves {"done": true} and the next sync reads them all again.
#include <algorithm>

#include "connectors/refiner/refiner_streams.h"
#include "sluice/json/flatten.h"

namespace sluice::refiner {
namespace {

class SurveysStream : public Stream {
 public:
  explicit SurveysStream(std::shared_ptr<SyncShared> s) : shared_(std::move(s)) {}
  std::string name() const override { return "surveys"; }

  void read(StreamContext& ctx) override {
    const nlohmann::json& saved = ctx.cursor();
    // A count (as states before positions kept) or a finished read starts at the first survey.
    int64_t from = 0;
    if (saved.is_object() && saved.contains("offset") && saved["offset"].is_number_integer())
      from = std::max<int64_t>(0, saved["offset"].get<int64_t>());
    shared_->client.for_each_numbered(
        "forms", {{"list", "all_with_archived"}, {"include_info", "1"}, {"include_config", "1"}},
        shared_->config.value("page_length", 1000), from,
        [&](simdjson::dom::element item) {
          simdjson::dom::object form;
          std::string_view uuid;
          if (item.get(form) || form["uuid"].get(uuid)) return;  // no identifier: nothing to key
          ctx.emit().upsert("surveys", flatten(form));
          simdjson::dom::array elements;
          if (form.at_pointer("/config/form_elements").get(elements)) return;
          int64_t position = 0;
          for (simdjson::dom::element e : elements) {
            emit_question(ctx, uuid, e, position++);
          }
        },
        [&](int64_t next) {
          if (next) ctx.checkpoint({{"offset", next}});
        });
    // Only a whole read found every NPS question; a resumed one leaves them to the responses.
    shared_->nps_known = from == 0;
    ctx.checkpoint({{"done", true}});
  }

 private:
  void emit_question(StreamContext& ctx, std::string_view survey, simdjson::dom::element e,
                     int64_t position) {
    simdjson::dom::object q;
    if (e.get(q)) return;
    std::string_view id, type, text;
    if (q["id"].get(id) && q["identifier"].get(id)) return;
    Record r;
    r.set("survey_uuid", Value::string(std::string(survey)));
    r.set("question_id", Value::string(std::string(id)));
    r.set("question_text", q["text"].get(text) && q["title"].get(text)
                               ? Value::null()
                               : Value::string(std::string(text)));
    r.set("question_type", q["type"].get(type) ? Value::null() : Value::string(std::string(type)));
    bool required;
    r.set("required", q["required"].get(required) ? Value::null() : Value::boolean(required));
    simdjson::dom::element options;
    r.set("options",
          q["options"].get(options) ? Value::null() : Value::json(to_json_text(options)));
    r.set("position", Value::integer(position));
    if (type.find("nps") != std::string_view::npos) shared_->nps_questions.insert(std::string(id));
    ctx.emit().upsert("questions", std::move(r));
  }

  std::shared_ptr<SyncShared> shared_;
};

}  // namespace

void ensure_nps_questions(SyncShared& shared) {
  if (shared.nps_known) return;
  auto paginator = page_number_paginator("page", "page_length", 1000, "/pagination/last_page");
  shared.client.for_each("forms", {{"list", "all_with_archived"}, {"include_config", "1"}},
                         *paginator, [&](simdjson::dom::element item) {
                           simdjson::dom::array elements;
                           if (item.at_pointer("/config/form_elements").get(elements)) return;
                           for (simdjson::dom::element e : elements) {
                             std::string_view id, type;
                             if (!e["id"].get(id) && !e["type"].get(type) &&
                                 type.find("nps") != std::string_view::npos)
                               shared.nps_questions.insert(std::string(id));
                           }
                         });
  shared.nps_known = true;
}

std::unique_ptr<Stream> surveys_stream(std::shared_ptr<SyncShared> shared) {
  return std::make_unique<SurveysStream>(std::move(shared));
}

}  // namespace sluice::refiner
