#include "connectors/countly/countly_data.h"

#include <cstdio>

#include "sluice/sandbox/data_gen.h"

namespace sluice::countly {
namespace {

constexpr uint64_t kApp = 11, kUser = 12, kGroup = 13;
constexpr const char* kCountries[] = {"US", "DE", "FR", "JP", "BR"};
constexpr const char* kZones[] = {"America/New_York", "Europe/Berlin", "Asia/Tokyo"};
constexpr const char* kPlatforms[] = {"iOS", "Android", "Web"};
constexpr const char* kPlans[] = {"free", "team", "business"};

std::string hex24(uint64_t seed, uint64_t kind, uint64_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08llx%016llx",
                static_cast<unsigned long long>(pick(seed, kind, index) & 0xffffffffULL),
                static_cast<unsigned long long>(pick(seed ^ 0x77, kind, index)));
  return buf;
}

}  // namespace

std::string CountlyData::app_id(int a) const {
  return hex24(shape_.seed, kApp, static_cast<uint64_t>(a));
}

void CountlyData::write_app(JsonWriter& w, int a) const {
  w.begin_object()
      .key("_id")
      .string(app_id(a))
      .key("category")
      .string(std::to_string(1 + a % 20))
      .key("country")
      .string(kCountries[a % 5])
      .key("key")
      .string(hex24(shape_.seed, kApp + 100, a))
      .key("name")
      .string("App " + std::to_string(a + 1))
      .key("timezone")
      .string(kZones[a % 3]);
  if (a != 0) w.key("salt").string("s" + std::to_string(a));  // older servers have no salt
  w.end_object();
}

void CountlyData::write_group(JsonWriter& w, int g) const {
  w.begin_object()
      .key("_id")
      .string(hex24(shape_.seed, kGroup, g))
      .key("name")
      .string("Group " + std::to_string(g))
      .key("groupID")
      .string("grp-" + std::to_string(g))
      .key("global_admin")
      .boolean(g == 0);
  w.key("permission")
      .begin_object()
      .key("_")
      .begin_object()
      .key("u")
      .begin_array()
      .begin_array()
      .string(app_id(0))
      .end_array()
      .end_array()
      .key("a")
      .begin_array()
      .end_array()
      .end_object()
      .end_object();
  w.key("users").begin_array().string(hex24(shape_.seed, 99, g)).end_array();
  w.key("matched_users_count").number(static_cast<int64_t>(g * 3 + 1)).end_object();
}

int64_t CountlyData::last_seen(int64_t i) const {
  std::lock_guard lock(mutex_);
  for (auto it = added_.rbegin(); it != added_.rend(); ++it)
    if (i >= it->first) return it->second + (i - it->first);
  return shape_.base_time + i * shape_.spacing;
}

void CountlyData::add_users(int64_t first_index, int64_t seen_from) {
  std::lock_guard lock(mutex_);
  added_.emplace_back(first_index, seen_from);
}

std::string CountlyData::user_id(int64_t i) const {
  return hex24(shape_.seed, kUser, static_cast<uint64_t>(i));
}

void CountlyData::write_user(JsonWriter& w, int64_t i) const {
  uint64_t h = pick(shape_.seed, kUser + 100, static_cast<uint64_t>(i));
  int64_t ls = last_seen(i);
  w.begin_object()
      .key("_id")
      .string(user_id(i))
      .key("uid")
      .string("u" + std::to_string(i))
      .key("did")
      .string("device-" + std::to_string(i))
      .key("name")
      .string("User " + std::to_string(i))
      .key("cc")
      .string(kCountries[h % 5])
      .key("p")
      .string(kPlatforms[h % 3])
      .key("sc")
      .number(static_cast<int64_t>(1 + h % 200))
      .key("ls")
      .number(ls);
  w.key("email");
  if (i % 6 == 0)
    w.null();
  else
    w.string("user" + std::to_string(i) + "@example.org");
  w.key("username").string("user_" + std::to_string(i)).key("organization");
  if (i % 4 == 0)
    w.null();
  else
    w.string("Org " + std::to_string(i % 17));
  w.key("phone").null().key("gender");
  if (i % 3 == 2)
    w.null();
  else
    w.string(i % 3 ? "F" : "M");
  w.key("byear");
  if (i % 5 == 0)
    w.null();
  else
    w.number(static_cast<int64_t>(1960 + h % 45));
  w.key("fs")
      .number(ls - static_cast<int64_t>(h % (86400 * 30)))
      .key("tsd")
      .number(static_cast<int64_t>(h % 100000));
  w.key("picture").null();
  w.key("custom")
      .begin_object()
      .key("plan")
      .string(kPlans[h % 3])
      .key("seats")
      .number(static_cast<int64_t>(h % 40))
      .end_object();
  w.key("d").string("Pixel " + std::to_string(h % 9)).end_object();
}

}  // namespace sluice::countly
