#include "connectors/qualtrics/qualtrics_data.h"

#include <algorithm>

#include "sluice/core/timestamp.h"
#include "sluice/sandbox/data_gen.h"

namespace sluice::qualtrics {
namespace {

constexpr int64_t kDayMs = 86400000;

std::string base62(uint64_t seed, uint64_t a, uint64_t b, int length) {
  static const char* kChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  uint64_t h = pick(seed, a, b), h2 = pick(seed ^ 0xabcdef, a, b);
  for (int i = 0; i < length; ++i) {
    uint64_t& src = i < 10 ? h : h2;
    out.push_back(kChars[src % 62]);
    src /= 62;
  }
  return out;
}

std::string iso_ms(int64_t ms) {
  return format_timestamp(ms * 1000);
}
std::string iso_s(int64_t ms) {
  return format_timestamp(ms / 1000 * 1000000);
}

const char* kChoices[] = {"Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"};
const char* kChannels[] = {"anonymous", "email", "gl", "smsinvite"};
const char* kTexts[] = {"Great support, thanks!",
                        "Too slow \"sometimes\"",
                        "ÜBER gut — ünïcödé",
                        "line one\nline two",
                        "",
                        "Pricing\tis fine"};
const char* kFirst[] = {"Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret"};
const char* kLast[] = {"Lovelace", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton"};

}  // namespace

QualtricsData::QualtricsData(QualtricsShape shape)
    : shape_(shape),
      added_(shape.surveys),
      extra_(shape.surveys, 0),
      touched_ms_(shape.surveys, 0),
      survey_touched_ms_(shape.surveys, 0) {}

std::string QualtricsData::survey_id(int s) const {
  return "SV_" + base62(shape_.seed, 1, s, 15);
}

std::string QualtricsData::survey_name(int s) const {
  static const char* kNames[] = {"Customer satisfaction", "Onboarding feedback", "NPS quarterly",
                                 "Event follow-up", "Product research"};
  return std::string(kNames[s % 5]) + " " + std::to_string(2026 + s / 5);
}

int QualtricsData::find_survey(const std::string& id) const {
  for (int s = 0; s < shape_.surveys; ++s)
    if (survey_id(s) == id) return s;
  return -1;
}

void QualtricsData::touch_survey(int s, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  survey_touched_ms_[s] = now_ms;
}

void QualtricsData::write_survey(JsonWriter& w, int s) const {
  int64_t modified = shape_.base_ms - (shape_.surveys - s) * kDayMs + 3600000;
  {
    std::lock_guard lock(mutex_);
    if (survey_touched_ms_[s]) modified = survey_touched_ms_[s];
  }
  w.begin_object()
      .key("id")
      .string(survey_id(s))
      .key("name")
      .string(survey_name(s))
      .key("ownerId")
      .string("UR_" + base62(shape_.seed, 2, 0, 15))
      .key("lastModified")
      .string(iso_s(modified))
      .key("creationDate")
      .string(iso_s(shape_.base_ms - (40 + s) * kDayMs))
      .key("isActive")
      .boolean(s % 4 != 3)
      .end_object();
}

void QualtricsData::write_definition(JsonWriter& w, int s) const {
  w.begin_object()
      .key("SurveyID")
      .string(survey_id(s))
      .key("SurveyName")
      .string(survey_name(s))
      .key("SurveyStatus")
      .string(s % 4 != 3 ? "Active" : "Inactive")
      .key("OwnerID")
      .string("UR_" + base62(shape_.seed, 2, 0, 15))
      .key("CreatorID")
      .string("UR_" + base62(shape_.seed, 2, 0, 15))
      .key("BrandID")
      .string("sandboxbrand")
      .key("BrandBaseURL")
      .string("https://sandboxbrand.qualtrics.com")
      .key("LastModified")
      .string(iso_s(shape_.base_ms - (shape_.surveys - s) * kDayMs))
      .key("LastAccessed")
      .string(iso_s(shape_.base_ms))
      .key("LastActivated")
      .string(iso_s(shape_.base_ms - 30 * kDayMs))
      .key("QuestionCount")
      .string("4");  // a string in the real API
  w.key("SurveyOptions")
      .begin_object()
      .key("BackButton")
      .string("false")
      .key("ProgressBarDisplay")
      .string("None")
      .end_object();
  w.key("Questions").begin_object();
  w.key("QID1")
      .begin_object()
      .key("QuestionID")
      .string("QID1")
      .key("QuestionType")
      .string("MC")
      .key("Selector")
      .string("SAVR")
      .key("QuestionText")
      .string("<b>How satisfied</b> are you?")
      .key("DataExportTag")
      .string("Q1")
      .key("Choices")
      .begin_object();
  for (int c = 0; c < 5; ++c)
    w.key(std::to_string(c + 1)).begin_object().key("Display").string(kChoices[c]).end_object();
  w.end_object()
      .key("ChoiceOrder")
      .begin_array()
      .number(int64_t{1})
      .number(int64_t{2})
      .string("3")
      .number(int64_t{4})
      .number(int64_t{5})
      .end_array()
      .end_object();
  w.key("QID2")
      .begin_object()
      .key("QuestionID")
      .string("QID2")
      .key("QuestionType")
      .string("TE")
      .key("Selector")
      .string("ML")
      .key("QuestionText")
      .string("Anything else?")
      .key("DataExportTag")
      .string("Q2")
      .end_object();
  w.key("QID3")
      .begin_object()
      .key("QuestionID")
      .string("QID3")
      .key("QuestionType")
      .string("MC")
      .key("Selector")
      .string("MAVR")
      .key("QuestionText")
      .string("Which channels do you use?")
      .key("DataExportTag")
      .string("Q3")
      .end_object();
  w.key("QID4")
      .begin_object()
      .key("QuestionID")
      .string("QID4")
      .key("QuestionType")
      .string("MC")
      .key("Selector")
      .string("NPS")
      .key("QuestionText")
      .string("How likely are you to recommend us?")
      .key("DataExportTag")
      .string("Q4")
      .end_object();
  w.end_object();
  w.key("Blocks")
      .begin_object()
      .key("BL_1")
      .begin_object()
      .key("Type")
      .string("Default")
      .key("Description")
      .string("Default Question Block")
      .end_object()
      .end_object();
  w.key("SurveyFlow")
      .begin_object()
      .key("Type")
      .string("Root")
      .key("FlowID")
      .string("FL_1")
      .end_object();
  w.key("ResponseSets").begin_object().key("RS_1").string("Default Response Set").end_object();
  w.key("Scoring")
      .null()
      .key("ProjectInfo")
      .begin_object()
      .key("ProjectCategory")
      .string("CORE")
      .end_object();
  w.end_object();
}

int64_t QualtricsData::generated(int s) const {
  int64_t base = shape_.responses / shape_.surveys;
  return base + (s == 0 ? shape_.responses % shape_.surveys : 0);
}

int64_t QualtricsData::responses(int s) const {
  std::lock_guard lock(mutex_);
  return generated(s) + extra_[s];
}

int64_t QualtricsData::recorded_ms(int s, int64_t i) const {
  int64_t g = generated(s);
  if (i < g) return shape_.base_ms + i * shape_.spacing_ms + 123 + s * 7;
  std::lock_guard lock(mutex_);
  const Added* batch = nullptr;
  for (const auto& a : added_[s])
    if (a.first_index <= i) batch = &a;
  return batch ? batch->first_ms + (i - batch->first_index) : shape_.base_ms;
}

int64_t QualtricsData::first_recorded_at_or_after(int s, int64_t ms) const {
  int64_t lo = 0, hi = responses(s);
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (recorded_ms(s, mid) < ms)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void QualtricsData::add_responses(int s, int64_t count, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  added_[s].push_back({generated(s) + extra_[s], now_ms - count + 1});
  extra_[s] += count;
  touched_ms_[s] = now_ms;
}

void QualtricsData::write_response(JsonWriter& w, int s, int64_t i) const {
  const uint64_t h = pick(shape_.seed, 100 + s, i);
  const int64_t recorded = recorded_ms(s, i);
  const bool finished = h % 10 != 0;
  const int64_t duration = 30 + static_cast<int64_t>(h % 900);
  const char* channel = kChannels[(h >> 8) % 4];
  const std::string id = "R_" + base62(shape_.seed, 100 + s, i, 15);
  const int choice = static_cast<int>((h >> 12) % 5) + 1;
  const int nps = static_cast<int>((h >> 16) % 11);
  w.begin_object().key("responseId").string(id).key("values").begin_object();
  w.key("startDate")
      .string(iso_s(recorded - duration * 1000))
      .key("endDate")
      .string(iso_s(recorded))
      .key("status")
      .number(static_cast<int64_t>((h >> 20) % 20 == 0 ? 1 : 0))
      .key("ipAddress")
      .string("203.0.113." + std::to_string(h % 250))
      .key("progress")
      .number(static_cast<int64_t>(finished ? 100 : 20 + h % 60))
      .key("duration")
      .number(duration)
      .key("finished")
      .number(static_cast<int64_t>(finished ? 1 : 0))
      .key("recordedDate")
      .string(iso_ms(recorded))
      .key("_recordId")
      .string(id)
      .key("locationLatitude")
      .string(std::to_string(47 + static_cast<int>(h % 3)) + ".3769")
      .key("locationLongitude")
      .string("8." + std::to_string(5417 + h % 100))
      .key("distributionChannel")
      .string(channel)
      .key("userLanguage")
      .string("EN");
  if (std::string_view(channel) == "email") {
    w.key("recipientEmail")
        .string("person" + std::to_string(i) + "@example.com")
        .key("recipientFirstName")
        .string(kFirst[h % 6])
        .key("recipientLastName")
        .string(kLast[(h >> 4) % 6])
        .key("externalDataReference")
        .string("EXT-" + std::to_string(i));
  }
  w.key("QID1").number(static_cast<int64_t>(choice));
  w.key("QID2_TEXT").string(kTexts[(h >> 24) % 6]);
  w.key("QID3").begin_array();
  for (int c = 1; c <= 3; ++c)
    if ((h >> (28 + c)) & 1) w.string(std::to_string(c));
  w.end_array();
  if (finished) {
    w.key("QID4").number(static_cast<int64_t>(nps));
    w.key("QID4_NPS_GROUP").number(static_cast<int64_t>(nps >= 9 ? 3 : nps >= 7 ? 2 : 1));
  }
  w.key("plan").string((h >> 40) % 3 == 0 ? "pro" : "free");
  w.end_object();
  w.key("labels")
      .begin_object()
      .key("status")
      .string((h >> 20) % 20 == 0 ? "Survey Preview" : "IP Address")
      .key("finished")
      .string(finished ? "True" : "False")
      .key("QID1")
      .string(kChoices[choice - 1]);
  if (finished)
    w.key("QID4_NPS_GROUP").string(nps >= 9 ? "Promoter" : nps >= 7 ? "Passive" : "Detractor");
  w.end_object();
  w.key("displayedFields").begin_array().string("QID1").string("QID2_TEXT").string("QID3");
  if (finished) w.string("QID4");
  w.end_array();
  w.key("displayedValues").begin_object().key("QID1").begin_array();
  for (int c = 1; c <= 5; ++c) w.number(static_cast<int64_t>(c));
  w.end_array().key("QID3").begin_array();
  for (int c = 1; c <= 3; ++c) w.number(static_cast<int64_t>(c));
  w.end_array().end_object().end_object();
}

std::string QualtricsData::distribution_id(int s, int d) const {
  return "EMD_" + base62(shape_.seed, 200 + s, d, 15);
}

void QualtricsData::write_distribution(JsonWriter& w, int s, int d) const {
  const uint64_t h = pick(shape_.seed, 200 + s, d);
  int64_t modified = shape_.base_ms + d * 3600000;
  int64_t extra = 0;
  {
    std::lock_guard lock(mutex_);
    if (d == 0 && touched_ms_[s]) modified = touched_ms_[s];
    if (d == 0) extra = extra_[s];
  }
  const int64_t sent = 50 + static_cast<int64_t>(h % 500);
  w.begin_object().key("id").string(distribution_id(s, d)).key("parentDistributionId");
  if (d > 0 && d % 2 == 0)
    w.string(distribution_id(s, d - 1));
  else
    w.null();
  w.key("ownerId")
      .string("UR_" + base62(shape_.seed, 2, 0, 15))
      .key("organizationId")
      .string("sandboxbrand")
      .key("requestStatus")
      .string(d % 3 == 2 ? "pending" : "Done")
      .key("requestType")
      .string(d % 2 ? "Reminder" : "Invite")
      .key("sendDate")
      .string(iso_s(shape_.base_ms + d * 3600000))
      .key("createdDate")
      .string(iso_s(shape_.base_ms + d * 3600000 - 600000))
      .key("modifiedDate")
      .string(iso_s(modified));
  w.key("headers")
      .begin_object()
      .key("fromEmail")
      .string("noreply@qemailserver.com")
      .key("replyToEmail")
      .string("research@example.com")
      .key("fromName")
      .string("Research team")
      .key("subject")
      .string("Tell us what you think")
      .end_object();
  w.key("recipients")
      .begin_object()
      .key("mailingListId")
      .string(mailing_list_id())
      .key("contactId")
      .null()
      .key("libraryId")
      .string("UR_library")
      .key("sampleId")
      .null()
      .end_object();
  w.key("message")
      .begin_object()
      .key("libraryId")
      .string("UR_library")
      .key("messageId")
      .string("MS_" + base62(shape_.seed, 3, d, 15))
      .key("messageText")
      .null()
      .key("messageType")
      .string("InviteEmail")
      .end_object();
  w.key("surveyLink")
      .begin_object()
      .key("surveyId")
      .string(survey_id(s))
      .key("expirationDate")
      .string(iso_s(shape_.base_ms + 60 * kDayMs))
      .key("linkType")
      .string("Individual")
      .end_object();
  w.key("stats")
      .begin_object()
      .key("sent")
      .number(sent)
      .key("failed")
      .number(int64_t{0})
      .key("started")
      .number(sent / 2 + extra)
      .key("bounced")
      .number(int64_t{1})
      .key("opened")
      .number(sent * 3 / 4)
      .key("skipped")
      .number(int64_t{0})
      .key("finished")
      .number(sent / 3 + extra)
      .key("complaints")
      .number(int64_t{0})
      .key("blocked")
      .number(int64_t{0})
      .end_object();
  w.key("embeddedData").null();
  w.end_object();
}

std::string QualtricsData::make_id(const char* prefix, uint64_t a, uint64_t b) const {
  return prefix + base62(shape_.seed, a, b, 15);
}

int64_t QualtricsData::contacts() const {
  std::lock_guard lock(mutex_);
  return std::max<int64_t>(0, shape_.contacts - contacts_removed_);
}

void QualtricsData::remove_contacts(int64_t count) {
  std::lock_guard lock(mutex_);
  contacts_removed_ += count;
}

void QualtricsData::write_contact(JsonWriter& w, int64_t position) const {
  int64_t i;
  {
    std::lock_guard lock(mutex_);
    i = position + contacts_removed_;
  }
  const uint64_t h = pick(shape_.seed, 300, i);
  w.begin_object()
      .key("contactId")
      .string("CID_" + base62(shape_.seed, 300, i, 15))
      .key("firstName")
      .string(kFirst[h % 6])
      .key("lastName")
      .string(kLast[(h >> 4) % 6])
      .key("email")
      .string("contact" + std::to_string(i) + "@example.com")
      .key("phone");
  if (h % 3)
    w.string("+41 44 555 " + std::to_string(1000 + i % 9000));
  else
    w.null();
  w.key("extRef")
      .string("CRM-" + std::to_string(i))
      .key("language")
      .string(h % 4 ? "EN" : "DE")
      .key("unsubscribed")
      .boolean(h % 17 == 0)
      .key("mailingListUnsubscribed")
      .boolean(h % 13 == 0)
      .key("contactLookupId")
      .string("CGC_" + base62(shape_.seed, 301, i, 15))
      .key("embeddedData");
  switch (i % 4) {
    case 0:
      w.null();
      break;
    case 1:
      w.begin_object().end_object();
      break;
    case 2:
      w.begin_object().key("tier").string(h % 2 ? "gold" : "silver").end_object();
      break;
    default:
      w.begin_object()
          .key("tier")
          .string("gold")
          .key("prefs")
          .begin_object()
          .key("channels")
          .begin_array()
          .string("email")
          .string("sms")
          .end_array()
          .key("score")
          .number(static_cast<int64_t>(h % 100))
          .end_object()
          .end_object();
  }
  w.end_object();
}

}  // namespace sluice::qualtrics
