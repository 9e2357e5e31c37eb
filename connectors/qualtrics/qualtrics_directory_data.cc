// The sandbox's XM Directory and users: directories, their mailing lists (dates as epoch
// milliseconds beside ISO ones, as older lists have them), and the brand's users.
#include "connectors/qualtrics/qualtrics_data.h"
#include "sluice/core/timestamp.h"
#include "sluice/sandbox/data_gen.h"

namespace sluice::qualtrics {
namespace {

constexpr int64_t kDayMs = 86400000;

std::string iso(int64_t ms) {
  return format_timestamp(ms / 1000 * 1000000);
}

const char* kUserFirst[] = {"Mia", "Noah", "Olivia", "Liam", "Emma", "Lucas", "Sofia"};
const char* kUserTypes[] = {"UT_BRANDADMIN", "UT_FULL", "UT_PARTICIPANT"};

}  // namespace

std::string QualtricsData::directory_id(int d) const {
  return make_id("POOL_", 4, d);
}

int QualtricsData::find_directory(const std::string& id) const {
  for (int d = 0; d < directories(); ++d)
    if (directory_id(d) == id) return d;
  return -1;
}

void QualtricsData::write_directory(JsonWriter& w, int d) const {
  w.begin_object()
      .key("directoryId")
      .string(directory_id(d))
      .key("name")
      .string(d == 0 ? "Customers" : "Empty directory")
      .key("contactCount")
      .number(contacts_of_directory(d))
      .key("isDefault")
      .boolean(d == 0)
      .key("deduplicationCriteria")
      .begin_object()
      .key("email")
      .boolean(true)
      .key("firstName")
      .boolean(false)
      .key("lastName")
      .boolean(false)
      .key("externalDataReference")
      .boolean(d == 0)
      .key("phone")
      .boolean(false)
      .end_object()
      .end_object();
}

int QualtricsData::mailing_lists(int d) const {
  return d == 0 ? shape_.mailing_lists : 0;
}

std::string QualtricsData::mailing_list_id(int l) const {
  return make_id("CG_", 5, l);
}

int QualtricsData::find_mailing_list(const std::string& id) const {
  for (int l = 0; l < mailing_lists(0); ++l)
    if (mailing_list_id(l) == id) return l;
  return -1;
}

void QualtricsData::write_mailing_list(JsonWriter& w, int l) const {
  const int64_t created = shape_.base_ms - (90 - l) * kDayMs;
  const int64_t modified = shape_.base_ms - (10 - l) * kDayMs + 1234;
  w.begin_object()
      .key("mailingListId")
      .string(mailing_list_id(l))
      .key("name")
      .string(l == 0 ? "Newsletter" : "Beta testers (empty)")
      .key("ownerId")
      .string(make_id("UR_", 2, 0))
      .key("contactCount")
      .number(contacts_of_list(l));
  // The first list is an old one: its modification date is epoch milliseconds.
  w.key("creationDate");
  if (l == 0)
    w.string(iso(created));
  else
    w.number(created);
  w.key("lastModifiedDate");
  if (l == 0)
    w.number(modified);
  else
    w.string(iso(modified));
  w.end_object();
}

int64_t QualtricsData::contacts_of_directory(int d) const {
  return d == 0 ? contacts() : 0;
}

int64_t QualtricsData::contacts_of_list(int l) const {
  return l == 0 ? contacts() : 0;
}

void QualtricsData::write_user(JsonWriter& w, int64_t i) const {
  const uint64_t h = pick(shape_.seed, 400, i);
  w.begin_object().key("id").string(make_id("UR_", 400, i)).key("divisionId");
  if (h % 3)
    w.string("DV_" + std::to_string(h % 4));
  else
    w.null();
  w.key("username")
      .string("user" + std::to_string(i) + "#sandboxbrand")
      .key("firstName")
      .string(kUserFirst[h % 7])
      .key("lastName")
      .string("Tester " + std::to_string(i))
      .key("userType")
      .string(kUserTypes[i == 0 ? 0 : 1 + (h >> 4) % 2])
      .key("email")
      .string("user" + std::to_string(i) + "@example.com")
      .key("accountStatus")
      .string((h >> 8) % 10 ? "active" : "disabled")
      .end_object();
}

}  // namespace sluice::qualtrics
