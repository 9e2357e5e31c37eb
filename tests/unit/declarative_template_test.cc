// The template language: config, partition and cursor holes, filters, lists, and names checked
// when the file is read.
#include <gtest/gtest.h>

#include "sluice/core/timestamp.h"
#include "sluice/declarative/template.h"

namespace sluice::declarative {
namespace {

Template compile(const std::string& text, Diagnostics& d) {
  TemplateNames names{{"site", "ids", "since", "page_size"}, {"value"}, true};
  return Template::compile(text, names, d, YAML::Mark());
}

TEST(DeclarativeTemplate, RendersConfigPartitionAndCursor) {
  Diagnostics d("t.yaml");
  const nlohmann::json config = {{"site", "eu"}, {"ids", {"a", "b", 3}}, {"page_size", 50}};
  const nlohmann::json partition = {{"value", "zone-7"}};
  const int64_t start = *parse_timestamp("2026-01-01T00:00:00Z");
  const int64_t end = *parse_timestamp("2026-01-03T12:00:00Z");
  TemplateValues v{&config, &partition, start, end};
  EXPECT_EQ(compile("https://{{ config.site }}.api/{{partition.value}}", d).render(v),
            "https://eu.api/zone-7");
  EXPECT_EQ(compile("{{ config.ids }}|{{ config.page_size }}", d).render(v), "a,b,3|50");
  EXPECT_EQ(compile("{{ cursor.start }}..{{ cursor.end }}", d).render(v),
            "2026-01-01T00:00:00Z..2026-01-03T12:00:00Z");
  EXPECT_EQ(
      compile("{{ cursor.start | date }} {{ cursor.end | epoch }} {{ cursor.start|epoch_ms }}", d)
          .render(v),
      "2026-01-01 1767441600 1767225600000");
  // An optional field left out renders empty (a query parameter with it is then not sent).
  EXPECT_EQ(compile("{{ config.since }}", d).render(v), "");
  EXPECT_TRUE(d.empty());
  v.integer_cursor = true;
  v.cursor_start = 41;
  EXPECT_EQ(compile("id>{{ cursor.start }}", d).render(v), "id>41");
}

TEST(DeclarativeTemplate, AConfigTimeTakesAFilter) {
  Diagnostics d("t.yaml");
  const nlohmann::json config = {{"since", "2026-02-03T04:05:06Z"}};
  EXPECT_EQ(compile("{{ config.since | date }}", d).render({&config}), "2026-02-03");
  EXPECT_EQ(compile("{{ config.since | epoch }}", d).render({&config}), "1770091506");
}

TEST(DeclarativeTemplate, WrongHolesAreReported) {
  Diagnostics d("t.yaml");
  compile("{{ config.nope }}", d);
  compile("{{ partition.id }}", d);
  compile("{{ cursor.middle }}", d);
  compile("{{ env.HOME }}", d);
  compile("{{ config.site | upper }}", d);
  compile("{{ config.site", d);
  ASSERT_EQ(d.errors().size(), 6u);
  EXPECT_EQ(d.errors()[0],
            "t.yaml:1:1: the template names `config.nope`, which is not a field of the spec.");
  EXPECT_NE(d.errors()[1].find("which its partitions do not have"), std::string::npos);
  EXPECT_NE(d.errors()[2].find("a cursor has only start and end"), std::string::npos);
  EXPECT_NE(d.errors()[3].find("names neither config"), std::string::npos);
  EXPECT_NE(d.errors()[4].find("unknown template filter `upper`"), std::string::npos);
  EXPECT_NE(d.errors()[5].find("opens `{{` without closing it"), std::string::npos);
}

}  // namespace
}  // namespace sluice::declarative
