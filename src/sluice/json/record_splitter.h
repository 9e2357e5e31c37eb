#pragma once
// Cuts a stream of JSON text, fed in chunks of any size, into complete records without holding
// more than one record: the objects at the top level (ndjson, or objects one after another), or
// the elements of the arrays one level inside a top-level object (`{"responses": [{…}, {…}]}`).
// Each record is handed over as its own text, ready for a DOM parser. Nesting deeper than the
// limit and records larger than the limit are refused, so hostile input cannot exhaust memory.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace sluice {

class RecordSplitter {
 public:
  enum class Layout { kTopLevel, kInsideTopObject };
  using Sink = std::function<void(std::string_view record)>;

  explicit RecordSplitter(Layout layout, int max_depth = 64, size_t max_record_bytes = 64 << 20);
  // Throws sluice::Error (kApi) on text that cannot be JSON or breaks a limit.
  void feed(std::string_view chunk, const Sink& sink);
  // The input ended: throws when it ended inside a record.
  void finish() const;
  size_t records() const { return records_; }

 private:
  void fail(const std::string& what) const;

  const int record_depth_;
  const int max_depth_;
  const size_t max_record_bytes_;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  bool in_record_ = false;
  std::string record_;
  size_t records_ = 0;
  size_t offset_ = 0;  // bytes seen, for messages
};

}  // namespace sluice
