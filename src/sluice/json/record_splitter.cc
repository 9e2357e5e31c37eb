#include "sluice/json/record_splitter.h"

#include "sluice/core/error.h"

namespace sluice {

RecordSplitter::RecordSplitter(Layout layout, int max_depth, size_t max_record_bytes)
    : record_depth_(layout == Layout::kTopLevel ? 0 : 2),
      max_depth_(max_depth),
      max_record_bytes_(max_record_bytes) {}

void RecordSplitter::fail(const std::string& what) const {
  throw Error(ErrorKind::kApi, "The export data is not valid JSON records (" + what +
                                   " near byte " + std::to_string(offset_) + ").");
}

void RecordSplitter::feed(std::string_view chunk, const Sink& sink) {
  size_t start = 0;  // where the part of the current record inside this chunk begins
  const size_t n = chunk.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = chunk[i];
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string_ = true;
        break;
      case '{':
      case '[':
        if (depth_ == record_depth_) {
          if (c == '[' && record_depth_ == 0) fail("a top-level array where records were expected");
          if (c == '{') {
            in_record_ = true;
            start = i;
            record_.clear();
          }
        }
        if (++depth_ > max_depth_)
          fail("nesting deeper than " + std::to_string(max_depth_) + " levels");
        break;
      case '}':
      case ']':
        if (depth_ == 0) fail("a closing bracket without an opening one");
        --depth_;
        if (in_record_ && depth_ == record_depth_) {
          in_record_ = false;
          if (record_.empty()) {
            sink(chunk.substr(start, i + 1 - start));
          } else {
            record_.append(chunk.substr(start, i + 1 - start));
            sink(record_);
            record_.clear();
          }
          ++records_;
        }
        break;
      default:
        break;
    }
  }
  if (in_record_) {
    record_.append(chunk.substr(start));
    if (record_.size() > max_record_bytes_)
      fail("a record larger than " + std::to_string(max_record_bytes_) + " bytes");
  }
  offset_ += n;
}

void RecordSplitter::finish() const {
  if (in_record_ || depth_ != 0 || in_string_) fail("the data ends inside a record");
}

}  // namespace sluice
