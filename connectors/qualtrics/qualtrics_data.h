#pragma once
// The Qualtrics sandbox's dataset, generated from (seed, index): surveys and their definitions,
// responses in the export file's real shape, distributions and mailing-list contacts. Response i
// of a survey is recorded later than response i-1, so a recorded-date range is an index range.
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/sandbox/json_writer.h"

namespace sluice::qualtrics {

struct QualtricsShape {
  uint64_t seed = 11;
  int surveys = 3;
  int64_t responses = 300;  // over all surveys
  int distributions = 4;    // per survey
  int64_t contacts = 250;
  int64_t base_ms = 0;        // unix milliseconds of each survey's first response
  int64_t spacing_ms = 1000;  // between consecutive responses of a survey
  int64_t users = 120;
  int directories = 2;    // the first holds the contacts and the lists, the rest are empty
  int mailing_lists = 2;  // of the first directory: the first has every contact, the rest none
};

class QualtricsData {
 public:
  explicit QualtricsData(QualtricsShape shape);
  QualtricsData(const QualtricsData&) = delete;
  const QualtricsShape& shape() const { return shape_; }

  std::string survey_id(int s) const;
  std::string survey_name(int s) const;
  void write_survey(JsonWriter& w, int s) const;
  void write_definition(JsonWriter& w, int s) const;
  int find_survey(const std::string& id) const;  // -1 when unknown
  void touch_survey(int s, int64_t now_ms);      // its lastModified becomes now

  int64_t responses(int s) const;
  int64_t recorded_ms(int s, int64_t i) const;
  // The first index recorded at or after `ms`.
  int64_t first_recorded_at_or_after(int s, int64_t ms) const;
  void write_response(JsonWriter& w, int s, int64_t i) const;
  // Adds `count` responses to survey `s`, recorded a millisecond apart up to `now_ms`; the
  // survey's first distribution changes with them (its stats count them).
  void add_responses(int s, int64_t count, int64_t now_ms);

  std::string distribution_id(int s, int d) const;
  void write_distribution(JsonWriter& w, int s, int d) const;

  // XM Directory: directory 0 holds every contact and the mailing lists, the first of which has
  // them all as members and the others none; the other directories have no lists and no contacts.
  int directories() const { return shape_.directories; }
  std::string directory_id(int d = 0) const;
  int find_directory(const std::string& id) const;  // -1 when unknown
  void write_directory(JsonWriter& w, int d) const;
  int mailing_lists(int d) const;
  std::string mailing_list_id(int l = 0) const;  // the lists of directory 0
  int find_mailing_list(const std::string& id) const;
  // Older lists carry epoch milliseconds where newer ones carry ISO dates.
  void write_mailing_list(JsonWriter& w, int l) const;
  int64_t contacts() const;
  int64_t contacts_of_directory(int d) const;
  int64_t contacts_of_list(int l) const;
  // embeddedData is null, empty, flat or nested, contact by contact.
  void write_contact(JsonWriter& w, int64_t position) const;
  void remove_contacts(int64_t count);  // from the front of the list
  int64_t users() const { return shape_.users; }
  void write_user(JsonWriter& w, int64_t i) const;
  std::string make_id(const char* prefix, uint64_t a, uint64_t b) const;

 private:
  int64_t generated(int s) const;
  QualtricsShape shape_;
  mutable std::mutex mutex_;
  struct Added {
    int64_t first_index;
    int64_t first_ms;
  };
  std::vector<std::vector<Added>> added_;   // per survey
  std::vector<int64_t> extra_;              // responses added per survey
  std::vector<int64_t> touched_ms_;         // per survey: when its first distribution last changed
  std::vector<int64_t> survey_touched_ms_;  // per survey: lastModified, once touched
  int64_t contacts_removed_ = 0;
};

}  // namespace sluice::qualtrics
