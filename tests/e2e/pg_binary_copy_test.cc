// Batches land in PostgreSQL by binary COPY exactly as they were: every column type, NULLs, a
// column widened mid-batch (integer, then double, then text), unicode, a 5,000-character string,
// JSON, times on both sides of 2000 and past 2038, dates before 1970; read back by value. Rows
// with new keys go straight into the table, the rest merge.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/destinations/postgres/postgres_destination.h"
#include "support/normalized_dump.h"

namespace sluice::testing {
namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

class PgBinaryCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(test_pg_url().empty());
    url = fresh_pg_schema_url("bincopy");
    dest = open_postgres(url);
    dest->query("SET TimeZone TO 'UTC'");
  }

  static TableSpec spec_of(const std::string& table, WriteMode mode = WriteMode::kMerge) {
    TableSpec spec;
    spec.name = table;
    spec.primary_key = {"id"};
    spec.mode = mode;
    return spec;
  }

  // A batch of `rows` for the columns `all`: each row a value per column (kNull is NULL).
  static Batch batch_of(const std::vector<ColumnSpec>& all,
                        const std::vector<std::vector<Value>>& rows) {
    Batch batch;
    for (const auto& c : all) batch.columns.push_back(c.name);
    batch.data.resize(all.size());
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) batch.data[c].push(row[c]);
      ++batch.count;
    }
    return batch;
  }

  // Upserts `rows` into `spec`'s table of columns `all` in one transaction, creating it first.
  void upsert(const TableSpec& spec, const std::vector<ColumnSpec>& all,
              const std::vector<std::vector<Value>>& rows, bool create = false) {
    dest->begin();
    if (create) dest->create_table(spec, all);
    dest->apply(spec, all, batch_of(all, rows), 0);
    dest->commit();
  }

  // Creates `table` (key `id`, then `columns`) and upserts `rows` in one batch; each row is the
  // id, then a value per column.
  void land(const std::string& table, const std::vector<ColumnSpec>& columns,
            const std::vector<std::vector<Value>>& rows) {
    std::vector<ColumnSpec> all = {{"id", ColumnType::kLong}};
    all.insert(all.end(), columns.begin(), columns.end());
    upsert(spec_of(table), all, rows, true);
  }

  Rows q(const std::string& sql) { return dest->query(sql).rows; }

  std::string url;
  std::unique_ptr<Destination> dest;
};

int64_t at(const char* iso) {
  return *parse_timestamp(iso);
}

int64_t day(int64_t y, unsigned m, unsigned d) {
  return days_from_civil(y, m, d);
}

TEST_F(PgBinaryCopy, EveryTypeNullsWideningUnicodeLongTextAndJsonLandExactly) {
  const std::string long_text = std::string(4998, 'x') + "é";  // 5,000 characters
  const std::vector<ColumnSpec> columns = {
      {"b", ColumnType::kBoolean},
      {"s2", ColumnType::kShort},
      {"i4", ColumnType::kInt},
      {"dec", ColumnType::kDecimal},
      {"f4", ColumnType::kFloat},
      {"f8", ColumnType::kDouble},
      {"d", ColumnType::kNaiveDate},
      {"nts", ColumnType::kNaiveDateTime},
      {"uts", ColumnType::kUtcDateTime},
      {"bin", ColumnType::kBinary},
      {"txt", ColumnType::kString},
      {"js", ColumnType::kJson},
      // Widened mid-batch: the batch keeps each earlier value as it came.
      {"widened", ColumnType::kString},
      {"to_double", ColumnType::kDouble},
      // Kinds the column's type coerces: integers as text, text as JSON and as times.
      {"int_text", ColumnType::kString},
      {"text_json", ColumnType::kJson},
      {"text_time", ColumnType::kUtcDateTime}};
  const Value null;
  land("every", columns,
       {{Value::integer(1), Value::boolean(true), Value::integer(-32768),
         Value::integer(2147483647), Value::real(123.45), Value::real(1.5), Value::real(0.1),
         Value::date(day(2024, 2, 29)), Value::timestamp(at("2024-05-01T10:20:30.123456")),
         Value::timestamp(at("2024-05-01T10:20:30.5Z")), Value::string(std::string("\0\1\xff", 3)),
         Value::string("Ünïcødé 😀 \t\\ \"q\"\n"), Value::json(R"({"a":[1,2,{"b":null}],"c":"ü"})"),
         Value::integer(7), Value::integer(3), Value::integer(-12), Value::string("plain"),
         Value::string("2024-05-01T10:20:30Z")},
        {Value::integer(2), null, null, null, null, null, null, null, null, null, null, null, null,
         Value::real(2.5), Value::real(2.25), null, null, null},
        {Value::integer(3), Value::boolean(false), Value::integer(32767), Value::integer(-5),
         Value::real(-1.5e-07), Value::real(-0.25), Value::real(-1e300),
         Value::date(day(1900, 1, 1)), Value::timestamp(at("1999-12-31T23:59:59.999999")),
         Value::timestamp(at("2100-01-01T00:00:00Z")), Value::string(""), Value::string(long_text),
         Value::json(R"("a string")"), Value::string("text"), Value::real(1e-05), Value::integer(0),
         Value::string("x\"y"), null},
        {Value::integer(4), null, null, null, Value::real(1.2345678901234567e+20),
         Value::real(-std::numeric_limits<double>::infinity()),
         Value::real(std::numeric_limits<double>::quiet_NaN()), null, null, null, null,
         Value::string(std::string("a\0b", 3)), Value::json("[]"), null, Value::integer(-4), null,
         null, null},
        {Value::integer(5), null, null, null, Value::real(std::nan("")), null,
         Value::real(std::numeric_limits<double>::infinity()), null, null, null, null, null,
         Value::json("{}"), Value::real(0.1), null, null, null, null}});

  EXPECT_EQ(
      q("SELECT id::text, b::text, s2::text, i4::text, dec::text, f4::text, f8::text, "
        "d::text, nts::text, uts::text, bin::text, left(txt, 30), js::text, widened, "
        "to_double::text, int_text, text_json::text, text_time::text FROM every ORDER BY id"),
      (Rows{{"1", "true", "-32768", "2147483647", "123.45", "1.5", "0.1", "2024-02-29",
             "2024-05-01 10:20:30.123456", "2024-05-01 10:20:30.5+00", "\\x0001ff",
             "Ünïcødé 😀 \t\\ \"q\"\n", R"({"a": [1, 2, {"b": null}], "c": "ü"})", "7", "3", "-12",
             "\"plain\"", "2024-05-01 10:20:30+00"},
            {"2", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
             std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
             std::nullopt, "2.5", "2.25", std::nullopt, std::nullopt, std::nullopt},
            {"3", "false", "32767", "-5", "-0.00000014999999999999999", "-0.25", "-1e+300",
             "1900-01-01", "1999-12-31 23:59:59.999999", "2100-01-01 00:00:00+00", "\\x",
             long_text.substr(0, 30), "\"a string\"", "text", "1e-05", "0", R"("x\"y")",
             std::nullopt},
            {"4", std::nullopt, std::nullopt, std::nullopt, "123456789012345670000", "-Infinity",
             "NaN", std::nullopt, std::nullopt, std::nullopt, std::nullopt, "ab", "[]",
             std::nullopt, "-4", std::nullopt, std::nullopt, std::nullopt},
            {"5", std::nullopt, std::nullopt, std::nullopt, "NaN", std::nullopt, "Infinity",
             std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, "{}",
             "0.10000000000000001", std::nullopt, std::nullopt, std::nullopt, std::nullopt}}));
  EXPECT_TRUE(q("SELECT txt FROM every WHERE id = 3")[0][0] == long_text);
  // Exactly the doubles sent, not a rounding of them; numeric keeps the text format's scale.
  EXPECT_EQ(q("SELECT count(*)::text FROM every WHERE f8 = 0.1::float8 AND dec = 123.45 "
              "AND dec::text = '123.45'::numeric::text"),
            (Rows{{"1"}}));
}

TEST_F(PgBinaryCopy, TimesBefore2000AndAfter2038AndDatesBefore1970LandExactly) {
  const char* times[] = {"1969-07-20T20:17:40Z",        "1999-12-31T23:59:59.999999Z",
                         "2000-01-01T00:00:00Z",        "2000-01-01T00:00:00.000001Z",
                         "2038-01-19T03:14:08Z",        "2262-04-11T23:47:16.854775Z",
                         "0001-01-01T00:00:00Z",        "9999-12-31T23:59:59.999999Z",
                         "1900-02-28T12:00:00.000123Z", "1970-01-01T00:00:00Z"};
  const int64_t days[][3] = {{1969, 12, 31}, {1900, 1, 1},  {1, 1, 1},      {1999, 12, 31},
                             {2000, 1, 1},   {2038, 1, 20}, {9999, 12, 31}, {1970, 1, 1},
                             {1600, 2, 29},  {2000, 2, 29}};
  std::vector<std::vector<Value>> rows;
  for (int k = 0; k < 10; ++k)
    rows.push_back({Value::integer(k), Value::timestamp(at(times[k])),
                    Value::timestamp(at(times[k])),
                    Value::date(day(days[k][0], static_cast<unsigned>(days[k][1]),
                                    static_cast<unsigned>(days[k][2])))});
  land("times",
       {{"uts", ColumnType::kUtcDateTime},
        {"nts", ColumnType::kNaiveDateTime},
        {"d", ColumnType::kNaiveDate}},
       rows);
  const Rows got =
      q("SELECT to_char(uts, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(nts, "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(d, 'YYYY-MM-DD') FROM times ORDER BY id");
  ASSERT_EQ(got.size(), 10u);
  for (int k = 0; k < 10; ++k) {
    std::string want = std::string(times[k]).substr(0, 19) + ".";
    const std::string frac =
        std::string(times[k]).size() > 20 ? std::string(times[k]).substr(20, 6) : "";
    want += frac + std::string(6 - frac.size(), '0');
    EXPECT_EQ(got[k][0], want) << times[k];
    EXPECT_EQ(got[k][1], want) << times[k];
    char date[16];
    std::snprintf(date, sizeof date, "%04lld-%02lld-%02lld", static_cast<long long>(days[k][0]),
                  static_cast<long long>(days[k][1]), static_cast<long long>(days[k][2]));
    EXPECT_EQ(got[k][2], date);
  }
}

// A value the column's PostgreSQL type cannot hold stops the batch with one sentence naming the
// column, and the connection can still roll back and go on.
TEST_F(PgBinaryCopy, AValueTooLargeForItsColumnIsOneSentenceAndTheConnectionGoesOn) {
  land("small", {{"s2", ColumnType::kShort}}, {{Value::integer(1), Value::integer(1)}});
  try {
    upsert(spec_of("small"), {{"id", ColumnType::kLong}, {"s2", ColumnType::kShort}},
           {{Value::integer(2), Value::integer(70000)}});
    FAIL() << "70000 went into a smallint";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "Column s2 is smallint in PostgreSQL and cannot hold 70000; declare it a wider "
              "type.");
  }
  dest->rollback();
  EXPECT_EQ(q("SELECT id::text, s2::text FROM small"), (Rows{{"1", "1"}}));
}

// Rows whose keys are new to a table that was empty go straight into it; a key written before, or
// twice in one batch, merges (the newest change wins), in merge and append tables alike.
class PgDirectCopy : public PgBinaryCopy {
 protected:
  const std::vector<ColumnSpec> all = {{"id", ColumnType::kLong}, {"v", ColumnType::kString}};

  static std::vector<std::vector<Value>> rows(
      std::initializer_list<std::pair<int64_t, const char*>> r) {
    std::vector<std::vector<Value>> out;
    for (const auto& [id, v] : r) out.push_back({Value::integer(id), Value::string(v)});
    return out;
  }
  // Whether this session staged a batch (the merge path) since the table was created.
  bool staged() {
    return q("SELECT to_regclass('pg_temp._sluice_stage') IS NOT NULL")[0][0] == "t";
  }
};

TEST_F(PgDirectCopy, NewKeysGoStraightInAndRepeatsMergeNewestLast) {
  upsert(spec_of("t"), all, rows({{1, "a"}, {2, "b"}, {3, "c"}}), true);
  EXPECT_FALSE(staged());
  // 3 was written before; 4 is new, then changed again in the same batch.
  upsert(spec_of("t"), all, rows({{3, "c2"}, {4, "d"}, {5, "e"}, {4, "d2"}}));
  EXPECT_TRUE(staged());
  EXPECT_EQ(q("SELECT id::text, v, _sluice_deleted::text, (_sluice_synced IS NOT NULL)::text "
              "FROM t ORDER BY id"),
            (Rows{{"1", "a", "false", "true"},
                  {"2", "b", "false", "true"},
                  {"3", "c2", "false", "true"},
                  {"4", "d2", "false", "true"},
                  {"5", "e", "false", "true"}}));
}

// An append table never changes a key's row once written; within a batch the newest row of a key
// is the one written, as the merge has it.
TEST_F(PgDirectCopy, AnAppendTableKeepsAKeysRowAndATableWithRowsMerges) {
  const TableSpec log = spec_of("log", WriteMode::kAppend);
  upsert(log, all, rows({{1, "a"}, {2, "b"}}), true);
  EXPECT_FALSE(staged());
  upsert(log, all, rows({{3, "first"}, {3, "newest"}, {4, "d"}}));
  upsert(log, all, rows({{2, "again"}, {5, "e"}}));
  EXPECT_EQ(q("SELECT id::text, v FROM log ORDER BY id"),
            (Rows{{"1", "a"}, {"2", "b"}, {"3", "newest"}, {"4", "d"}, {"5", "e"}}));
  // Another sync finds the table holding rows: everything merges.
  dest = open_postgres(url);
  upsert(spec_of("t"), all, rows({{1, "a"}}), true);
  dest = open_postgres(url);
  upsert(spec_of("t"), all, rows({{1, "a2"}, {2, "b"}}));
  EXPECT_TRUE(staged());
  EXPECT_EQ(q("SELECT id::text, v FROM t ORDER BY id"), (Rows{{"1", "a2"}, {"2", "b"}}));
}

// A key the table holds after all (another connection wrote it meanwhile) is merged: the direct
// COPY rolls back to its savepoint and the whole batch merges.
TEST_F(PgDirectCopy, AKeyWrittenBehindTheSyncsBackStillMerges) {
  upsert(spec_of("t"), all, rows({{1, "a"}}), true);
  open_postgres(url)->query(
      "INSERT INTO t (id, v, _sluice_synced, _sluice_deleted) VALUES "
      "(5, 'other', now(), false)");
  upsert(spec_of("t"), all, rows({{5, "mine"}, {6, "f"}}));
  upsert(spec_of("t"), all, rows({{7, "g"}}));
  EXPECT_EQ(q("SELECT id::text, v FROM t ORDER BY id"),
            (Rows{{"1", "a"}, {"5", "mine"}, {"6", "f"}, {"7", "g"}}));
}

// The key hashes' memory is SLUICE_KEY_SET_MB's, as for DuckDB: a malformed value stops the
// destination from opening with a sentence naming it.
TEST_F(PgDirectCopy, AMalformedKeySetSizeIsAConfigurationError) {
  setenv("SLUICE_KEY_SET_MB", "-5", 1);
  std::optional<Error> refused;
  try {
    open_postgres(url);
  } catch (const Error& e) {
    refused = e;
  }
  unsetenv("SLUICE_KEY_SET_MB");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->kind(), ErrorKind::kConfig);
  EXPECT_EQ(std::string(refused->what()),
            "SLUICE_KEY_SET_MB must be a whole number from 1 to 65536; unset it to use the "
            "default.");
}

}  // namespace
}  // namespace sluice::testing
