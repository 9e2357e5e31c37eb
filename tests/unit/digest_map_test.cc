#include "sluice/load/digest_map.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "sluice/load/row_hash.h"
#include "support/spread_hash.h"

namespace sluice {
namespace {

using testing::spread;

TEST(DigestMap, AKeyIsUnchangedOnlyWhenItsLastDigestMatches) {
  DigestMap written;
  EXPECT_FALSE(written.unchanged(7, 0));  // never seen, even with a digest of 0
  EXPECT_TRUE(written.unchanged(7, 0));
  EXPECT_FALSE(written.unchanged(7, 5));  // the values changed: write, and remember the new ones
  EXPECT_TRUE(written.unchanged(7, 5));
  EXPECT_FALSE(written.unchanged(7, 0));
  written.record(9, 3);
  EXPECT_TRUE(written.unchanged(9, 3));
  written.record(9, 4);  // a full row replaced it
  EXPECT_FALSE(written.unchanged(9, 3));
  EXPECT_FALSE(written.unchanged(0, 1));  // a key hash of 0 is a key like any other
  EXPECT_TRUE(written.unchanged(0, 1));
}

TEST(DigestMap, WhenFullItLearnsNothingNewButStillAnswersForWhatItKnows) {
  const size_t budget = 64 << 10;  // 4,096 slots of 16 bytes
  DigestMap written(budget);
  const uint64_t n = 20000;
  for (uint64_t i = 0; i < n; ++i) written.record(spread(i), i);
  EXPECT_LE(written.bytes(), budget);
  EXPECT_LT(written.size(), n);
  size_t known = 0;
  for (uint64_t i = 0; i < n; ++i) {
    const bool same = written.unchanged(spread(i), i);
    known += same;
    // What it cannot hold is always called changed: the update is emitted, nothing is lost.
    if (i >= written.size() + 1000) {
      EXPECT_FALSE(same) << i;
    }
  }
  EXPECT_EQ(known, written.size());
}

TEST(DigestMap, FieldsDigestSeesValuesAndKindsButNotOtherFields) {
  Record a;
  a.set("email", Value::string("a@example.com"));
  a.set("seats", Value::integer(4));
  a.set("first_seen_at", Value::string("2025-01-01"));
  Record b;
  b.set("seats", Value::integer(4));
  b.set("email", Value::string("a@example.com"));
  EXPECT_EQ(fields_digest(a, {"email", "seats"}), fields_digest(b, {"email", "seats"}));
  b.set("seats", Value::string("4"));
  EXPECT_NE(fields_digest(a, {"email", "seats"}), fields_digest(b, {"email", "seats"}));
  Record c;
  c.set("email", Value::string("a@example.com"));
  c.set("seats", Value::null());
  Record d;
  d.set("email", Value::string("a@example.com"));
  EXPECT_EQ(fields_digest(c, {"email", "seats"}), fields_digest(d, {"email", "seats"}));
  EXPECT_NE(fields_digest(a, {"email", "seats"}), fields_digest(d, {"email", "seats"}));
}

}  // namespace
}  // namespace sluice
