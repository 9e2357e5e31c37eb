#include "sluice/load/key_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sluice/load/row_hash.h"
#include "support/spread_hash.h"

namespace sluice {
namespace {

using testing::spread;

TEST(KeySet, ExactWhileItFitsTheBudget) {
  KeySet keys(1 << 20);
  for (uint64_t i = 0; i < 50000; ++i) EXPECT_TRUE(keys.insert(spread(i)));
  EXPECT_FALSE(keys.approximate());
  for (uint64_t i = 0; i < 50000; ++i) EXPECT_FALSE(keys.insert(spread(i)));
  for (uint64_t i = 50000; i < 60000; ++i) EXPECT_FALSE(keys.contains(spread(i)));
  EXPECT_FALSE(keys.contains(0));
  EXPECT_TRUE(keys.insert(0));
  EXPECT_FALSE(keys.insert(0));
}

TEST(KeySet, PastTheBudgetNoKeyIsEverCalledNewTwiceAndMemoryStaysPut) {
  const size_t budget = 1 << 20;  // 1 MB: exact up to 131,072 slots, then the filter
  KeySet keys(budget);
  const uint64_t n = 400000;
  for (uint64_t i = 0; i < n; ++i) keys.insert(spread(i));
  EXPECT_TRUE(keys.approximate());
  EXPECT_LE(keys.bytes(), budget);
  // No false negatives: every key written is still known, so none is ever appended twice.
  for (uint64_t i = 0; i < n; ++i) ASSERT_TRUE(keys.contains(spread(i))) << i;
  for (uint64_t i = 0; i < n; i += 7) ASSERT_FALSE(keys.insert(spread(i))) << i;
  // False positives only cost a merge; at 21 bits per key they stay rare.
  size_t false_positives = 0;
  for (uint64_t i = n; i < 2 * n; ++i) false_positives += keys.contains(spread(i));
  EXPECT_LT(false_positives, n / 100);
  keys.clear();
  EXPECT_EQ(keys.bytes(), 0u);
  EXPECT_FALSE(keys.contains(spread(1)));
}

// Each false positive sends its row down a merge that scans the whole table, so at the budget's
// 28 bits per key (16 MB for 4.75 million keys) they must be a few in a million, not in ten
// thousand as a filter with one 64-bit word per key gives.
TEST(KeySet, AtTwentyEightBitsPerKeyFalsePositivesAreAFewInAMillion) {
  const size_t budget = 1 << 20;
  KeySet keys(budget);
  const uint64_t n = budget * 8 / 28;
  for (uint64_t i = 0; i < n; ++i) keys.insert(spread(i));
  ASSERT_TRUE(keys.approximate());
  size_t false_positives = 0;
  const uint64_t probes = 2000000;
  for (uint64_t i = n; i < n + probes; ++i) false_positives += keys.contains(spread(i));
  EXPECT_LT(false_positives, probes * 3 / 100000) << false_positives;
}

TEST(KeySet, AHashOfZeroSurvivesTheSwitchToTheFilter) {
  KeySet keys(1 << 14);
  EXPECT_TRUE(keys.insert(0));
  for (uint64_t i = 0; i < 20000; ++i) keys.insert(spread(i));
  ASSERT_TRUE(keys.approximate());
  EXPECT_TRUE(keys.contains(0));
  EXPECT_FALSE(keys.insert(0));
}

// The batch form answers as insert() one at a time does, across growths, the switch to the filter
// and repeats within the batch.
TEST(KeySet, InsertAllAnswersAsInsertDoes) {
  KeySet one(1 << 16), all(1 << 16);
  std::vector<uint64_t> hashes;
  for (uint64_t i = 0; i < 30000; ++i) hashes.push_back(spread(i % 20000));
  std::vector<bool> added;
  const size_t n = all.insert_all(hashes, added);
  ASSERT_EQ(added.size(), hashes.size());
  size_t expected = 0;
  for (size_t i = 0; i < hashes.size(); ++i) {
    const bool a = one.insert(hashes[i]);
    expected += a;
    ASSERT_EQ(added[i], a) << i;
  }
  EXPECT_EQ(n, expected);
  EXPECT_TRUE(all.approximate());
}

// A batch of the given rows, one column per value.
Batch rows_of(const std::vector<std::vector<Value>>& rows) {
  Batch b;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c == b.columns.size()) b.add_column("c" + std::to_string(c));
      b.data[c].push(row[c]);
    }
    b.end_row();
  }
  return b;
}

// Key hashes: a key hashes alike whichever JSON type carried it, and values are kept apart.
TEST(KeyHash, SameKeySameHashAndBoundariesCount) {
  const std::vector<size_t> two{0, 1};
  const std::vector<ColumnType> text2{ColumnType::kString, ColumnType::kString};
  auto h = [&](const char* a, const char* b) {
    return key_hash(rows_of({{Value::string(a), Value::string(b)}}), 0, two, text2);
  };
  EXPECT_EQ(h("ab", "c"), h("ab", "c"));
  EXPECT_NE(h("ab", "c"), h("a", "bc"));
  EXPECT_NE(h("0123456789abcdef", ""), h("01234567", "89abcdef"));
  EXPECT_NE(h("5f1e0c4a-0000-4000-8000-000000000001", "q1"),
            h("5f1e0c4a-0000-4000-8000-000000000002", "q1"));
  const std::vector<size_t> one{0};
  const std::vector<ColumnType> lng{ColumnType::kLong};
  // One column that held an integer, then text: each row hashes as its column's type holds it.
  const Batch mixed = rows_of({{Value::integer(5)}, {Value::string("5")}, {Value::integer(6)}});
  EXPECT_EQ(key_hash(mixed, 0, one, lng), key_hash(mixed, 1, one, lng));
  EXPECT_NE(key_hash(mixed, 0, one, lng), key_hash(mixed, 2, one, lng));
  EXPECT_NE(key_hash(rows_of({{Value()}}), 0, one, lng),
            key_hash(rows_of({{Value::string("")}}), 0, one, text2));
  // A time key read in place as a word, or parsed from text in another batch, hashes alike.
  const std::vector<ColumnType> utc{ColumnType::kUtcDateTime};
  const int64_t t = 1767225600000000;  // 2026-01-01T00:00:00Z
  const Batch times = rows_of({{Value::timestamp(t)}, {Value::timestamp(t + 1)}});
  const Batch texts = rows_of({{Value::string("2026-01-01T00:00:00Z")}});
  EXPECT_EQ(key_hash(times, 0, one, utc), key_hash(texts, 0, one, utc));
  EXPECT_NE(key_hash(times, 0, one, utc), key_hash(times, 1, one, utc));
  const std::vector<ColumnType> day{ColumnType::kNaiveDate};
  EXPECT_EQ(key_hash(rows_of({{Value::date(20454)}}), 0, one, day),
            key_hash(rows_of({{Value::string("2026-01-01")}}), 0, one, day));
}

}  // namespace
}  // namespace sluice
