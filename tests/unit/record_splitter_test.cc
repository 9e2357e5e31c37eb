// The record splitter: records found whatever the chunk boundaries, in both export layouts, with
// strings that hold brackets and escapes; nesting and size limits enforced.
#include "sluice/json/record_splitter.h"

#include <gtest/gtest.h>

#include "sluice/core/error.h"

namespace sluice {
namespace {

std::vector<std::string> split(RecordSplitter::Layout layout, const std::string& text,
                               size_t chunk) {
  RecordSplitter s(layout);
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); i += chunk)
    s.feed(std::string_view(text).substr(i, chunk),
           [&](std::string_view r) { out.emplace_back(r); });
  s.finish();
  return out;
}

const std::string kTricky = R"({"id":"a","t":"}{ \" ] [","n":{"x":[1,{"y":2}]}})";

TEST(RecordSplitter, FindsRecordsAtEveryChunkSize) {
  const std::string json =
      "{\"responses\": [" + kTricky + ", {\"id\":\"b\"}\n,{\"id\":\"c\\\\\"}]}";
  const std::string ndjson = kTricky + "\n{\"id\":\"b\"}\n{\"id\":\"c\\\\\"}\n";
  const std::vector<std::string> want = {kTricky, "{\"id\":\"b\"}", "{\"id\":\"c\\\\\"}"};
  for (size_t chunk : {1, 2, 3, 7, 64, 4096}) {
    EXPECT_EQ(split(RecordSplitter::Layout::kInsideTopObject, json, chunk), want) << chunk;
    EXPECT_EQ(split(RecordSplitter::Layout::kTopLevel, ndjson, chunk), want) << chunk;
  }
}

TEST(RecordSplitter, AnEmptyExportHasNoRecords) {
  EXPECT_TRUE(split(RecordSplitter::Layout::kInsideTopObject, "{\"responses\":[]}", 5).empty());
  EXPECT_TRUE(split(RecordSplitter::Layout::kTopLevel, "", 5).empty());
}

TEST(RecordSplitter, RefusesDeepNestingTruncationAndHugeRecords) {
  std::string deep = "{\"responses\":[" + std::string(100, '[') + std::string(100, ']') + "]}";
  EXPECT_THROW(split(RecordSplitter::Layout::kInsideTopObject, deep, 16), Error);
  EXPECT_THROW(split(RecordSplitter::Layout::kTopLevel, "{\"a\":1}\n{\"b\":", 4), Error);
  EXPECT_THROW(split(RecordSplitter::Layout::kTopLevel, "}", 4), Error);
  RecordSplitter small(RecordSplitter::Layout::kTopLevel, 64, 100);
  std::string big = "{\"x\":\"" + std::string(1000, 'a') + "\"}";
  EXPECT_THROW(
      for (size_t i = 0; i < big.size(); i += 10) small.feed(big.substr(i, 10), [](auto) {}),
      Error);
}

}  // namespace
}  // namespace sluice
