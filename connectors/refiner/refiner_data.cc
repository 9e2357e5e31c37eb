#include "connectors/refiner/refiner_data.h"

#include <cstdio>

#include "sluice/core/timestamp.h"
#include "sluice/sandbox/data_gen.h"

namespace sluice::refiner {
namespace {

constexpr int64_t kEpoch2024 = 1704067200;  // 2024-01-01T00:00:00Z
constexpr uint64_t kForm = 1, kContact = 2, kResponse = 3, kAccount = 4, kSegment = 5;
constexpr const char* kPlans[] = {"free", "starter", "pro", "enterprise"};
constexpr const char* kChoices[] = {"Speed", "Price", "Support", "Docs", "Integrations"};
constexpr const char* kWords[] = {"great", "slow",      "love it", "needs work",
                                  "ok",    "confusing", "fast"};

std::string question_id(int f, int q) {
  static constexpr const char* kKinds[] = {"nps", "reason", "features", "rating"};
  return "q" + std::to_string(f + 1) + "_" + kKinds[q];
}

}  // namespace

std::string refiner_time(int64_t s, int64_t variant) {
  int64_t micros = s * 1000000;
  std::string z = format_timestamp(micros);  // 2024-01-01T00:00:00Z
  switch (variant % 5) {
    case 0:
      return z;
    case 1:
      return z.substr(0, 19) + ".000Z";
    case 2:
      return z.substr(0, 19) + ".000000+00:00";
    case 3:
      return z.substr(0, 10) + " " + z.substr(11, 8);
    default: {
      std::string local = format_timestamp(micros + 2 * 3600 * 1000000LL);
      return local.substr(0, 19) + "+02:00";
    }
  }
}

std::string RefinerData::form_uuid(int f) const {
  return fake_uuid(shape_.seed, kForm, f);
}

std::string RefinerData::form_name(int f) const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "Survey %02d", f + 1);
  return buf;
}

void RefinerData::write_form(JsonWriter& w, int f, bool info, bool config) const {
  w.begin_object().key("uuid").string(form_uuid(f)).key("name").string(form_name(f));
  if (info) {
    int64_t created = kEpoch2024 - 86400 * (30 + f);
    w.key("channels");
    if (f % 2) {
      w.null();
    } else {
      w.begin_array().string("web").string("mobile").end_array();
    }
    w.key("created_at").string(refiner_time(created, 0));
    w.key("updated_at").string(refiner_time(created + 3600, 3));
    w.key("published_at").string(refiner_time(created + 7200, 1));
    w.key("archived_at");
    if (form_archived(f))
      w.string(refiner_time(created + 86400 * 10, 0));
    else
      w.null();
    w.key("first_form_view_at").string(refiner_time(kEpoch2024, 0));
    w.key("last_form_view_at").null();
    w.key("folder");
    if (f % 3 == 0)
      w.null();
    else
      w.begin_object()
          .key("uuid")
          .string(fake_uuid(shape_.seed, 9, f))
          .key("name")
          .string("Product")
          .end_object();
    w.key("page_url").null();
    w.key("responses_count").number(static_cast<int64_t>(shape_.responses / shape_.forms));
    w.key("views_count").number(static_cast<int64_t>(shape_.responses * 3 / shape_.forms));
  }
  if (config) {
    w.key("config").begin_object();
    w.key("theme")
        .begin_object()
        .key("color")
        .string(f % 2 ? "#3355ff" : "#22aa66")
        .key("darkMode")
        .boolean(f % 2)
        .end_object();
    w.key("maxShows").number(int64_t{3});
    w.key("form_elements").begin_array();
    w.begin_object()
        .key("id")
        .string(question_id(f, 0))
        .key("type")
        .string("nps_rating")
        .key("text")
        .string("How likely are you to recommend us?")
        .key("required")
        .boolean(true)
        .end_object();
    w.begin_object()
        .key("id")
        .string(question_id(f, 1))
        .key("type")
        .string("input_textarea")
        .key("title")
        .string("What is the main reason for your score?")
        .key("required")
        .boolean(false)
        .end_object();
    w.begin_object()
        .key("id")
        .string(question_id(f, 2))
        .key("type")
        .string("multiple_choice")
        .key("text")
        .string("Which features do you use?")
        .key("required")
        .boolean(false)
        .key("options")
        .begin_array();
    for (const char* c : kChoices) w.string(c);
    w.end_array().end_object();
    w.begin_object()
        .key("id")
        .string(question_id(f, 3))
        .key("type")
        .string("rating")
        .key("text")
        .string("Rate the onboarding")
        .end_object();
    w.end_array().end_object();
  }
  w.end_object();
}

std::string RefinerData::contact_uuid(int64_t c) const {
  return fake_uuid(shape_.seed, kContact, c);
}

void RefinerData::write_contact(JsonWriter& w, int64_t c, bool for_response,
                                bool with_attributes) const {
  uint64_t h = pick(shape_.seed, kContact, c);
  w.begin_object().key("uuid").string(contact_uuid(c));
  w.key("remote_id");
  if (c % 5 == 0)
    w.null();
  else
    w.string("user-" + std::to_string(c));
  w.key("email");
  if (c % 7 == 0)
    w.null();
  else
    w.string("user" + std::to_string(c) + "@example.com");
  w.key("display_name").string("User " + std::to_string(c));
  if (!for_response) {
    int64_t first = kEpoch2024 - 3600 * (shape_.contacts - c);
    w.key("first_seen_at").string(refiner_time(first, c));
    w.key("last_seen_at").string(refiner_time(first + static_cast<int64_t>(h % 864000), c + 1));
  }
  w.key("attributes");
  if (!with_attributes) {
    w.begin_object().end_object();  // without with_attributes=1 the API leaves the traits out
  } else if (c % 11 == 0) {
    w.null();
  } else {
    w.begin_object()
        .key("plan")
        .string(kPlans[h % 4])
        .key("seats")
        .number(static_cast<int64_t>(h % 50 + 1));
    w.key("beta").boolean(h & 1).end_object();
  }
  if (!for_response) {
    w.key("segments");
    if (c % 4 == 0) {
      w.null();
    } else {
      w.begin_array()
          .begin_object()
          .key("uuid")
          .string(fake_uuid(shape_.seed, kSegment, h % 3))
          .key("name")
          .string("Segment " + std::to_string(h % 3))
          .end_object()
          .end_array();
    }
  }
  w.key("account");
  if (c % 3 == 0) {
    w.null();
  } else {
    int64_t a = c / 10;
    w.begin_object()
        .key("uuid")
        .string(fake_uuid(shape_.seed, kAccount, a))
        .key("remote_id")
        .string("acct-" + std::to_string(a))
        .key("display_name")
        .string("Account " + std::to_string(a))
        .key("domain")
        .string("acct" + std::to_string(a) + ".example.com")
        .end_object();
  }
  w.end_object();
}

int64_t RefinerData::reception_seconds(int64_t i) const {
  return kEpoch2024 + i * 60 + static_cast<int64_t>(pick(shape_.seed, kResponse, i) % 59);
}

int64_t RefinerData::contact_of(int64_t i) const {
  return static_cast<int64_t>(pick(shape_.seed, kContact + 100, i) %
                              static_cast<uint64_t>(shape_.contacts));
}

std::string RefinerData::response_uuid(int64_t i) const {
  return fake_uuid(shape_.seed, kResponse, i);
}

void RefinerData::write_response(JsonWriter& w, int64_t i, bool with_attributes) const {
  uint64_t h = pick(shape_.seed, kResponse + 100, i);
  int f = static_cast<int>(i % shape_.forms);
  int64_t received = reception_seconds(i);
  bool partial = is_partial(i);
  w.begin_object().key("uuid").string(response_uuid(i));
  w.key("first_shown_at").string(refiner_time(received - 120, i));
  w.key("last_shown_at").string(refiner_time(received - 60, i));
  bool drifted = shape_.drift_after >= 0 && i >= shape_.drift_after;
  if (drifted) {
    w.key("show_counter").string(std::to_string(1 + h % 3) + " times");
    w.key("locale").string(h % 2 ? "en-US" : "de-DE");
  } else {
    w.key("show_counter").number(static_cast<int64_t>(1 + h % 3));
  }
  w.key("first_data_reception_at")
      .string(refiner_time(received - static_cast<int64_t>(h % 2) * 30, i));
  w.key("last_data_reception_at").string(refiner_time(received, i));
  w.key("completed_at");
  if (partial)
    w.null();
  else
    w.string(refiner_time(received, i));
  w.key("received_at").string(refiner_time(received, i));
  w.key("dismissed_at").null();
  w.key("form")
      .begin_object()
      .key("uuid")
      .string(form_uuid(f))
      .key("name")
      .string(form_name(f))
      .end_object();
  w.key("data").begin_object();
  int64_t nps = static_cast<int64_t>(h % 11);
  w.key(question_id(f, 0));
  if (h % 13 == 0)
    w.string(std::to_string(nps));
  else
    w.number(nps);  // numbers may arrive as strings
  w.key(question_id(f, 1));
  if (partial || h % 4 == 0)
    w.null();
  else
    w.string(kWords[h % 7]);
  if (!partial) {
    w.key(question_id(f, 2)).begin_array();
    for (int k = 0; k < 5; ++k)
      if ((h >> (8 + k)) & 1) w.string(kChoices[k]);
    w.end_array();
    w.key(question_id(f, 3)).string(std::to_string(1 + (h >> 16) % 5));
  }
  w.end_object();
  w.key("contact");
  int64_t c = contact_of(i);
  write_contact(w, c, true, with_attributes);
  w.end_object();
}

}  // namespace sluice::refiner
