#include "sluice/declarative/stream_reader.h"

#include "sluice/core/run_ahead.h"
#include "sluice/core/timestamp.h"
#include "sluice/declarative/page_position.h"
#include "sluice/declarative/record_plan.h"
#include "sluice/declarative/record_rows.h"
#include "sluice/json/field_names.h"

namespace sluice::declarative {
namespace {

// The pages of one partition and window, from its first page or from a saved position's.
class PageRun {
 public:
  PageRun(const StreamDefinition& s, const Config& config, const nlohmann::json& partition,
          Window w, const nlohmann::json& resume = nullptr)
      : walker_(s.paginator) {
    values_ = {.config = &config,
               .partition = &partition,
               .cursor_start = w.start,
               .cursor_end = w.end,
               .integer_cursor = s.incremental.integer};
    request_ = build_request(s.request, values_);
    walker_.first(request_);
    if (resume.is_object() && restore_request(resume.value("request", nlohmann::json()), request_))
      walker_.resume(resume.value("paginator", nlohmann::json()));
  }
  const Request& request() const { return request_; }
  const PageWalker& walker() const { return walker_; }
  const TemplateValues& values() const { return values_; }
  // Hands each page's parsed body to `load` (which returns the records it held) until the last;
  // after every page but the last, once request() is the next page's, calls `after_page`.
  template <class Load>
  void run(ApiClient& api, Response first, simdjson::dom::parser& parser, const Load& load,
           const std::function<void()>& after_page = {}) {
    Response response = std::move(first);
    for (;;) {
      simdjson::dom::element body = api.parse(response.body, request_, parser);
      size_t items = load(body);
      if (!walker_.next(response, body, items, request_)) return;
      if (after_page) after_page();
      response = api.send(request_);
    }
  }

 private:
  PageWalker walker_;
  TemplateValues values_;
  Request request_;
};

// A stream stopped inside its read: a page position saved, or partitions finished this sync.
bool stopped_inside(const nlohmann::json& state, bool partitioned) {
  if (!partitioned) return state.contains("page");
  const nlohmann::json& parts = state.value("partitions", nlohmann::json::object());
  if (!parts.is_object()) return false;
  for (const auto& [key, slot] : parts.items())
    if (slot.is_object() && (slot.contains("page") || slot.value("done", false))) return true;
  return false;
}

// The stream ended: partitions are all read again next sync, none resumed.
void clear_markers(nlohmann::json& state, bool partitioned) {
  state.erase("page");
  if (!partitioned || !state.contains("partitions")) return;
  nlohmann::json& parts = state["partitions"];
  std::vector<std::string> empty;
  for (auto& [key, slot] : parts.items()) {
    if (!slot.is_object()) continue;
    slot.erase("page");
    slot.erase("done");
    if (slot.empty()) empty.push_back(key);
  }
  for (const std::string& key : empty) parts.erase(key);
}

nlohmann::json raw_fields(simdjson::dom::object o) {
  nlohmann::json out = nlohmann::json::object();
  for (auto [k, v] : o) out[std::string(k)] = element_text(v);
  return out;
}

class DeclarativeStream : public Stream {
 public:
  DeclarativeStream(std::shared_ptr<const SourceDefinition> source, const StreamDefinition& s,
                    const Config& config, std::shared_ptr<ApiClient> api)
      : source_(std::move(source)),
        s_(s),
        config_(config),
        api_(std::move(api)),
        selector_(s.records, config_),
        plans_(s, lookups_) {}
  std::string name() const override { return s_.name; }
  bool independent() const override { return s_.read_ahead; }

  void read(StreamContext& ctx) override {
    const nlohmann::json& saved = ctx.cursor();
    nlohmann::json state = saved.is_object() ? saved : nlohmann::json::object();
    const bool partitioned = s_.partitions.type != PartitionDefinition::Type::kNone;
    if (partitioned && !state.value("partitions", nlohmann::json()).is_object())
      state["partitions"] = nlohmann::json::object();
    // Only a read from the stream's start lists the whole snapshot, so only it may end by
    // deleting what it did not list; a resumed one cannot tell what came before its position.
    const bool whole = !stopped_inside(state, partitioned);
    fill_lookups();
    plans_.clear();  // a pick's columns come from the lookups
    if (s_.table.mode == WriteMode::kReplace && whole) ctx.emit().snapshot_begins(s_.table.name);
    auto save = [&] { ctx.checkpoint(state); };
    for (const nlohmann::json& p : list_partitions(s_.partitions, config_, parent_records())) {
      nlohmann::json& slot = partitioned ? state["partitions"][partition_key(p)] : state;
      if (!slot.is_object()) slot = nlohmann::json::object();
      if (slot.value("done", false)) continue;  // finished before the stop
      read_partition(ctx.emit(), p, slot, save);
      if (!partitioned) continue;
      slot["done"] = true;
      save();
    }
    clear_markers(state, partitioned);
    if (s_.table.mode == WriteMode::kReplace) {
      if (whole)
        ctx.emit().truncate(s_.table.name);
      else
        ctx.emit().snapshot_ends(s_.table.name);
    }
    ctx.checkpoint(state);
  }

 private:
  // Reads one partition's windows and pages from `slot` (its saved position, inside the state),
  // saving there after every page the next page's request (`page`) and after every window or
  // at the end the cursor's position.
  void read_partition(Emitter& emit, const nlohmann::json& p, nlohmann::json& slot,
                      const std::function<void()>& save) {
    const IncrementalDefinition& inc = s_.incremental;
    const int64_t now = now_micros();
    const nlohmann::json page = slot.value("page", nlohmann::json());
    slot.erase("page");
    std::optional<Window> resumed;
    if (page.is_object())
      resumed = inc.enabled ? window_from_json(inc, page.value("window", nlohmann::json()))
                            : std::optional<Window>(Window{0, 0});
    std::vector<Window> windows = !inc.enabled ? std::vector<Window>{{0, 0}}
                                  : resumed    ? resume_windows(inc, config_, *resumed, now)
                                               : plan_windows(inc, config_, slot, now);
    if (windows.empty()) {
      slot["position"] = idle_position(inc, config_, slot, now)["position"];
      return save();
    }
    const bool windowed = inc.enabled && !inc.step.empty();
    std::optional<int64_t> highest;
    if (resumed && inc.enabled)
      highest = cursor_from_json(inc, page.value("highest", nlohmann::json()));
    std::vector<std::unique_ptr<PageRun>> runs;
    for (const Window& w : windows)
      runs.push_back(std::make_unique<PageRun>(s_, config_, p, w,
                                               runs.empty() && resumed ? page : nlohmann::json()));
    const std::string ahead = inc.concurrency.render({.config = &config_});
    simdjson::dom::parser parser;
    run_ahead<Response>(
        runs.size(), ahead.empty() ? 1 : std::max(1, std::atoi(ahead.c_str())),
        [&](size_t i, const std::atomic<bool>&) { return api_->send(runs[i]->request()); },
        [&](size_t i, std::future<Response>& first) {
          PageRun& run = *runs[i];
          auto at_page = [&] {
            nlohmann::json at{{"request", save_request(run.request())},
                              {"paginator", run.walker().position()}};
            if (inc.enabled) at["window"] = window_json(inc, windows[i]);
            if (highest) at["highest"] = cursor_json(inc, *highest);
            slot["page"] = std::move(at);
            save();
          };
          run.run(
              *api_, first.get(), parser,
              [&](simdjson::dom::element body) {
                return load_page(emit, body, run.values(), windows[i], highest);
              },
              at_page);
          runs[i].reset();
          slot.erase("page");
          if (!windowed) return;
          slot["position"] = window_position(inc, windows[i], now)["position"];
          save();
        });
    if (!inc.enabled || windowed) return;
    slot["position"] =
        highest ? cursor_json(inc, *highest) : idle_position(inc, config_, slot, now)["position"];
    save();
  }

  size_t load_page(Emitter& emit, simdjson::dom::element body, const TemplateValues& values,
                   const Window& w, std::optional<int64_t>& highest) {
    const IncrementalDefinition& inc = s_.incremental;
    return selector_.select(body, [&](simdjson::dom::object o, std::string_view map_key) {
      if (inc.enabled) {
        std::optional<int64_t> c = record_cursor(inc, o);
        if (inc.within_window && (!c || *c < w.start || (w.end && *c >= w.end))) return;
        if (c && (!highest || *c > *highest)) highest = c;
      }
      if (!plans_.emit(o, map_key, values, emit))
        emit_record(s_, o, map_key, values, lookups_, names_, emit);
    });
  }

  // Every record of another (unpartitioned) stream, its pages read again.
  void for_each_record(const std::string& stream,
                       const std::function<void(simdjson::dom::object)>& each) const {
    for (const StreamDefinition& other : source_->streams) {
      if (other.name != stream) continue;
      RecordSelector selector(other.records, config_);
      const nlohmann::json none;
      PageRun run(other, config_, none, {0, now_micros()});
      simdjson::dom::parser parser;
      run.run(*api_, api_->send(run.request()), parser, [&](simdjson::dom::element body) {
        return selector.select(body, [&](simdjson::dom::object o, std::string_view) { each(o); });
      });
    }
  }

  ParentRecords parent_records() const {
    return [this](const std::function<void(const nlohmann::json&)>& each) {
      for_each_record(s_.partitions.parent, [&](simdjson::dom::object o) { each(raw_fields(o)); });
    };
  }

  void fill_lookups() {
    for (const LookupDefinition& l : s_.lookups) {
      std::set<std::string>& set = lookups_[l.name];
      for_each_record(l.stream, [&](simdjson::dom::object o) { add_to_lookup(l, o, set); });
    }
  }

  std::shared_ptr<const SourceDefinition> source_;
  const StreamDefinition& s_;
  Config config_;
  std::shared_ptr<ApiClient> api_;
  RecordSelector selector_;
  Lookups lookups_;
  RecordPlans plans_;  // records by position, a plan per shape of record
  FieldNames names_;   // the Record path's: the records of a stream share their keys
};

}  // namespace

std::unique_ptr<Stream> make_stream(std::shared_ptr<const SourceDefinition> source,
                                    const StreamDefinition& stream, const Config& config,
                                    std::shared_ptr<ApiClient> api) {
  return std::make_unique<DeclarativeStream>(std::move(source), stream, config, std::move(api));
}

size_t read_first_page(const SourceDefinition&, const StreamDefinition& s, const Config& config,
                       ApiClient& api) {
  const nlohmann::json none;
  const int64_t now = now_micros();
  std::vector<Window> windows = s.incremental.enabled
                                    ? plan_windows(s.incremental, config, none, now)
                                    : std::vector<Window>{};
  Window w = windows.empty() ? Window{0, now} : windows.back();
  nlohmann::json partition;
  if (s.partitions.type == PartitionDefinition::Type::kConfigList) {
    auto all = list_partitions(s.partitions, config, {});
    if (!all.empty()) partition = all.front();
  }
  PageRun run(s, config, partition, w);
  simdjson::dom::parser parser;
  Response response = api.send(run.request());
  RecordSelector selector(s.records, config);
  return selector.select(api.parse(response.body, run.request(), parser),
                         [](simdjson::dom::object, std::string_view) {});
}

}  // namespace sluice::declarative
