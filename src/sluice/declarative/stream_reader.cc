#include "sluice/declarative/stream_reader.h"

#include "sluice/core/names.h"
#include "sluice/core/run_ahead.h"
#include "sluice/core/timestamp.h"
#include "sluice/declarative/computed_fields.h"
#include "sluice/json/fields.h"
#include "sluice/json/flatten.h"

namespace sluice::declarative {
namespace {

// The pages of one partition and window.
class PageRun {
 public:
  PageRun(const StreamDefinition& s, const Config& config, const nlohmann::json& partition,
          Window w)
      : walker_(s.paginator) {
    values_ = {.config = &config,
               .partition = &partition,
               .cursor_start = w.start,
               .cursor_end = w.end,
               .integer_cursor = s.incremental.integer};
    request_ = build_request(s.request, values_);
    walker_.first(request_);
  }
  const Request& request() const { return request_; }
  const TemplateValues& values() const { return values_; }
  // Hands each page's parsed body to `load` (which returns the records it held) until the last.
  template <class Load>
  void run(ApiClient& api, Response first, simdjson::dom::parser& parser, const Load& load) {
    Response response = std::move(first);
    for (;;) {
      simdjson::dom::element body = api.parse(response.body, request_, parser);
      size_t items = load(body);
      if (!walker_.next(response, body, items, request_)) return;
      response = api.send(request_);
    }
  }

 private:
  PageWalker walker_;
  TemplateValues values_;
  Request request_;
};

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
        selector_(s.records, config_) {}
  std::string name() const override { return s_.name; }
  bool independent() const override { return s_.read_ahead; }

  void read(StreamContext& ctx) override {
    const nlohmann::json saved = ctx.cursor();
    nlohmann::json state = saved.is_object() ? saved : nlohmann::json::object();
    const bool partitioned = s_.partitions.type != PartitionDefinition::Type::kNone;
    fill_lookups();
    if (s_.table.mode == WriteMode::kReplace) ctx.emit().snapshot_begins(s_.table.name);
    for (const nlohmann::json& p : list_partitions(s_.partitions, config_, parent_records())) {
      const std::string key = partition_key(p);
      const nlohmann::json& position =
          partitioned ? (state.contains("partitions") && state["partitions"].contains(key)
                             ? state["partitions"][key]
                             : nlohmann::json())
                      : state;
      auto save = [&](nlohmann::json pos) {
        if (partitioned)
          state["partitions"][key] = std::move(pos);
        else
          state = std::move(pos);
        ctx.checkpoint(state);
      };
      read_partition(ctx.emit(), p, position, save);
    }
    if (s_.table.mode == WriteMode::kReplace) ctx.emit().truncate(s_.table.name);
    ctx.checkpoint(state);
  }

 private:
  template <class Save>
  void read_partition(Emitter& emit, const nlohmann::json& p, const nlohmann::json& position,
                      const Save& save) {
    const IncrementalDefinition& inc = s_.incremental;
    const int64_t now = now_micros();
    std::vector<Window> windows =
        inc.enabled ? plan_windows(inc, config_, position, now) : std::vector<Window>{{0, 0}};
    if (windows.empty()) return save(idle_position(inc, config_, position, now));
    const bool windowed = inc.enabled && !inc.step.empty();
    std::optional<int64_t> highest;
    std::vector<std::unique_ptr<PageRun>> runs;
    for (const Window& w : windows) runs.push_back(std::make_unique<PageRun>(s_, config_, p, w));
    const std::string ahead = inc.concurrency.render({.config = &config_});
    simdjson::dom::parser parser;
    run_ahead<Response>(
        runs.size(), ahead.empty() ? 1 : std::max(1, std::atoi(ahead.c_str())),
        [&](size_t i, const std::atomic<bool>&) { return api_->send(runs[i]->request()); },
        [&](size_t i, std::future<Response>& first) {
          PageRun& run = *runs[i];
          run.run(*api_, first.get(), parser, [&](simdjson::dom::element body) {
            return load_page(emit, body, run.values(), windows[i], highest);
          });
          runs[i].reset();
          if (windowed) save(window_position(inc, windows[i], now));
        });
    if (!inc.enabled) return;
    if (windowed) return;
    if (!highest) return save(idle_position(inc, config_, position, now));
    save(inc.integer ? nlohmann::json{{"position", *highest}}
                     : nlohmann::json{{"position", format_timestamp(*highest)}});
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
      Record rec = flatten(o, {.max_depth = s_.flatten_depth});
      if (!map_key.empty())
        rec.set(normalize_name(s_.records.map_key), Value::string(std::string(map_key)));
      for (const std::string& field : s_.json_fields) {
        const std::string column = normalize_name(field);
        drop_object(rec, column, {});
        rec.set(column, field_json(o, field));
      }
      for (const ChildDefinition& child : s_.children)
        for (Record& row : child_rows(child, o, rec)) {
          apply_transformations(child.transform, row, values, lookups_);
          emit.upsert(child.table, std::move(row));
        }
      // The parent's steps still see the nested fields (a pick reads a child map).
      apply_transformations(s_.transform, rec, values, lookups_);
      for (const ChildDefinition& child : s_.children)
        if (!child.keep_in_parent) drop_object(rec, normalize_name(child.field), {});
      emit.upsert(s_.table.name, std::move(rec));
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
