#pragma once
// The Refiner sandbox's dataset: forms, contacts and responses, each generated on demand from
// (seed, index) so that a million responses cost no memory. Response i's reception time grows
// with i, so a date filter is an index range and "newest first" is descending index.
#include <cstdint>
#include <string>

#include "sluice/sandbox/json_writer.h"

namespace sluice::refiner {

struct DataShape {
  uint64_t seed = 42;
  int forms = 4;  // the last one is archived
  int64_t contacts = 250;
  int64_t responses = 1000;
  int64_t drift_after = -1;  // from this response on: show_counter as text, a new `locale` field
};

class RefinerData {
 public:
  explicit RefinerData(DataShape shape) : shape_(shape) {}
  const DataShape& shape() const { return shape_; }

  std::string form_uuid(int f) const;
  std::string form_name(int f) const;  // forms are listed by name: "Survey 01", "Survey 02", …
  bool form_archived(int f) const { return f == shape_.forms - 1 && shape_.forms > 1; }
  void write_form(JsonWriter& w, int f, bool info, bool config) const;

  std::string contact_uuid(int64_t c) const;
  void write_contact(JsonWriter& w, int64_t c, bool for_response,
                     bool with_attributes = true) const;

  // Unix seconds of response i's last_data_reception_at; strictly increasing in i.
  int64_t reception_seconds(int64_t i) const;
  static bool is_partial(int64_t i) { return i % 10 == 9; }
  int64_t contact_of(int64_t i) const;
  std::string response_uuid(int64_t i) const;
  void write_response(JsonWriter& w, int64_t i, bool with_attributes) const;

 private:
  DataShape shape_;
};

// Response i's time written in one of the shapes the real API sends (Z, offsets, fractions,
// a space instead of T), chosen by i.
std::string refiner_time(int64_t unix_seconds, int64_t variant);

}  // namespace sluice::refiner
