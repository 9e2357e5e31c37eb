#include "sluice/sdk/spec.h"

#include <gtest/gtest.h>

#include "sluice/core/redact.h"

namespace sluice {
namespace {

Spec sample() {
  return {
      {"api_key", FieldType::kString, true, true, nullptr, "the key."},
      {"start_date", FieldType::kTimestamp, false, false, "1970-01-01T00:00:00Z", "first day."},
      {"page_size", FieldType::kInteger, false, false, 100, "page size.", 1, 1000},
      {"enabled", FieldType::kBoolean, false, false, true, "on or off."},
      {"mode", FieldType::kString, false, false, "a", "mode.", {}, {}, {"a", "b"}},
  };
}

TEST(Spec, FillsDefaultsAndAcceptsNumbersAndBooleansAsStrings) {
  Validated v = validate_config(
      sample(), {{"api_key", "k123456"}, {"page_size", "250"}, {"enabled", "false"}});
  ASSERT_TRUE(v.problems.empty());
  EXPECT_EQ(v.config["page_size"], 250);
  EXPECT_EQ(v.config["enabled"], false);
  EXPECT_EQ(v.config["start_date"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(v.config["mode"], "a");
}

TEST(Spec, ReportsEveryProblemAtOnce) {
  Validated v = validate_config(
      sample(),
      {{"start_date", "last tuesday"}, {"page_size", 5000}, {"enabled", "maybe"}, {"mode", "c"}});
  ASSERT_EQ(v.problems.size(), 5u);
  EXPECT_NE(v.problems[0].find("api_key"), std::string::npos);
  EXPECT_NE(v.problems[1].find("last tuesday"), std::string::npos);
  EXPECT_NE(v.problems[2].find("between 1 and 1000"), std::string::npos);
  EXPECT_NE(v.problems[3].find("true or false"), std::string::npos);
  EXPECT_NE(v.problems[4].find("one of a, b"), std::string::npos);
}

TEST(Spec, RejectsTemplatePlaceholdersAndNonObjects) {
  EXPECT_EQ(validate_config(sample(), config_template(sample())).problems.size(), 1u);
  EXPECT_EQ(validate_config(sample(), nlohmann::json::array()).problems.size(), 1u);
}

TEST(Spec, AnOptionalFieldLeftAsTheTemplateWroteItCountsAsAbsent) {
  Spec spec = sample();
  spec.push_back({"region", FieldType::kString, false, false, nullptr, "the region."});
  nlohmann::json filled = config_template(spec);
  filled["api_key"] = "k123456";
  Validated v = validate_config(spec, filled);
  EXPECT_TRUE(v.problems.empty()) << v.problems.front();
  EXPECT_FALSE(v.config.contains("region"));
}

TEST(Spec, SecretsAreRedactedOnceRegistered) {
  clear_secrets();
  register_secrets(sample(), {{"api_key", "super-secret-value"}});
  EXPECT_EQ(redact("key=super-secret-value!"), "key=****!");
  clear_secrets();
}

}  // namespace
}  // namespace sluice
