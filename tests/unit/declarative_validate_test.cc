// A malformed YAML source is refused as a whole before anything runs: every problem one sentence
// with `file:line:col`, the error of kind kConfig (exit 78).
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/declarative/source_definition.h"

namespace sluice::declarative {
namespace {

const std::string kHead = R"(version: 1
name: demo
spec:
  api_key: {type: string, required: true, secret: true}
  base_url: {type: url, default: "http://127.0.0.1:9"}
requester:
  base_url: "{{ config.base_url }}"
  auth: {type: api_key_header, header: X-Key, key: "{{ config.api_key }}"}
streams:
)";

// The error text of reading `streams` after kHead, or "" when it reads.
std::string problems(const std::string& streams) {
  try {
    read_source_text(kHead + streams, "demo.yaml");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConfig);
    EXPECT_EQ(exit_code(e.kind()), 78);
    return e.what();
  }
  return "";
}

TEST(DeclarativeValidate, AWellFormedSourceReads) {
  EXPECT_EQ(problems("  - name: items\n    path: /items\n"), "");
  SourceDefinition s = read_source_text(kHead + "  - name: items\n    path: /items\n", "d.yaml");
  ASSERT_EQ(s.streams.size(), 1u);
  EXPECT_EQ(s.spec.size(), 2u);
  EXPECT_TRUE(s.spec[0].secret);
  EXPECT_EQ(s.check_stream, "items");
}

TEST(DeclarativeValidate, UnknownKeyNamesItsLineAndColumn) {
  EXPECT_EQ(
      problems("  - name: items\n    path: /items\n    pagination: {type: cursor}\n"),
      "demo.yaml:12:5: unknown key `pagination` in a stream; the keys are base_url, children, "
      "enabled_by, flatten_depth, headers, incremental, json_fields, lookups, method, name, "
      "paginator, partitions, path, query, read_ahead, records, requests_per_minute, table, "
      "transform.");
}

TEST(DeclarativeValidate, WrongTypeNamesItsLineAndColumn) {
  EXPECT_EQ(problems("  - name: items\n    path: /items\n    flatten_depth: deep\n"),
            "demo.yaml:12:20: `flatten_depth` of a stream must be an integer, not \"deep\".");
  EXPECT_EQ(problems("  - name: items\n    path: [a, b]\n"),
            "demo.yaml:11:11: `path` of a stream must be a single value, not a list.");
}

TEST(DeclarativeValidate, ATemplateNamingAMissingConfigFieldIsAnError) {
  EXPECT_EQ(
      problems("  - name: items\n    path: /items\n    query: {since: \"{{ config.start }}\"}\n"),
      "demo.yaml:12:20: the template names `config.start`, which is not a field of the "
      "spec.");
  EXPECT_NE(problems("  - name: items\n    path: \"/x/{{ cursor.start }}\"\n")
                .find("but this stream has no incremental cursor"),
            std::string::npos);
}

TEST(DeclarativeValidate, APaginatorWithNoStopIsAnError) {
  EXPECT_EQ(problems("  - name: items\n    path: /items\n    paginator: {type: page_number}\n"),
            "demo.yaml:12:16: the paginator of stream items has no stop condition, so it would "
            "ask for pages forever; add `stop: [empty_page]` (or short_page, total).");
  EXPECT_EQ(problems("  - name: items\n    path: /items\n"
                     "    paginator: {type: page_number, stop: [empty_page]}\n"),
            "");
}

TEST(DeclarativeValidate, EveryProblemIsReportedAtOnce) {
  std::string text = problems(
      "  - name: items\n    path: /items\n    colour: blue\n"
      "    paginator: {type: offset}\n    table: {mode: upsert}\n");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_NE(text.find("demo.yaml:12:5: unknown key `colour`"), std::string::npos) << text;
  EXPECT_NE(text.find("demo.yaml:13:16: the paginator of stream items has no stop"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("demo.yaml:14:19: the table of stream items has mode \"upsert\""),
            std::string::npos)
      << text;
}

TEST(DeclarativeValidate, BrokenYamlAndMissingPartsAreNamed) {
  try {
    read_source_text("version: 1\nname: [unclosed\n", "b.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("b.yaml:", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("this is not valid YAML"), std::string::npos);
  }
  try {
    read_source_text("version: 2\nname: x\n", "c.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "c.yaml:1:1: the source needs `requester`.\n"
              "c.yaml:1:1: the source needs `streams`.\n"
              "c.yaml:1:10: this is version 2 of the format; Sluice reads version 1.");
  }
}

}  // namespace
}  // namespace sluice::declarative
