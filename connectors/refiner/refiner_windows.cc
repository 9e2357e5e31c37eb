#include "connectors/refiner/refiner_windows.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "sluice/core/timestamp.h"

namespace sluice::refiner {
namespace {

constexpr int64_t kSecond = 1000000;
// An API answering faster than this is not what limits the read (parsing and writing are): more
// lists at once would only hold more pages in memory.
constexpr auto kSlowAnswer = std::chrono::milliseconds(20);

struct Probe {
  int64_t count = 0;
  std::optional<int64_t> received;  // of the one item asked for
};

// The `page`-th response of the read (1 is the newest) and how many the read holds.
Probe probe(RefinerClient& client, Params query, int64_t page) {
  query.emplace_back("page_length", "1");
  query.emplace_back("page", std::to_string(page));
  simdjson::dom::parser parser;
  simdjson::dom::element doc = client.get("responses", std::move(query), parser);
  Probe p;
  if (doc["pagination"]["items_count"].get(p.count)) p.count = 0;
  simdjson::dom::array items;
  std::string_view t;
  if (!doc["items"].get(items))
    for (simdjson::dom::element item : items)
      if (!item["last_data_reception_at"].get(t)) p.received = parse_timestamp(t);
  return p;
}

}  // namespace

std::vector<TimeWindow> split_responses(RefinerClient& client, const Params& filters, int64_t start,
                                        int64_t end, int parts, int64_t page_length,
                                        int64_t* count) {
  const std::vector<TimeWindow> whole = {{start, end}};
  if (count) *count = -1;
  if (parts <= 1) return whole;
  Params query = filters;
  query.emplace_back("date_range_start", format_timestamp(start));
  query.emplace_back("date_range_end", format_timestamp(end));
  const auto asked = std::chrono::steady_clock::now();
  Probe newest = probe(client, query, 1);
  if (count) *count = newest.count;
  if (std::chrono::steady_clock::now() - asked < kSlowAnswer) return whole;
  if (newest.count <= 2 * page_length || !newest.received) return whole;
  Probe oldest = probe(client, query, newest.count);
  if (!oldest.received || *oldest.received >= *newest.received) return whole;
  const int64_t lo = *oldest.received, hi = *newest.received + kSecond;
  const int64_t n = std::min<int64_t>(parts, (newest.count + page_length - 1) / page_length);
  // Inner edges cut the span the responses really occupy; the outer ones stay the read's own,
  // so a response arriving meanwhile falls where the single list would have had it.
  std::vector<int64_t> edges = {start};
  for (int64_t j = 1; j < n; ++j) {
    int64_t edge = (lo + (hi - lo) / n * j) / kSecond * kSecond;
    if (edge > edges.back() && edge < end) edges.push_back(edge);
  }
  edges.push_back(end);
  std::vector<TimeWindow> out;
  for (size_t j = edges.size() - 1; j > 0; --j) out.push_back({edges[j - 1], edges[j]});
  return out;
}

}  // namespace sluice::refiner
