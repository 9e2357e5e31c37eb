#pragma once
// Builds a ZIP archive in memory, deflating each entry as its bytes arrive: how sandboxes serve
// export files. Entries are written in the order begun; sizes and CRCs are patched into each
// local header when the entry ends.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class ZipWriter {
 public:
  ZipWriter();
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  void begin(std::string name);
  void write(std::string_view data);
  // `declared_size` (tests only) makes the entry claim a size other than what it holds.
  void end(int64_t declared_size = -1);
  // The central directory and its end record; returns the whole archive.
  std::string finish();

 private:
  struct Done {
    std::string name;
    uint32_t crc;
    uint64_t compressed, size, offset;
  };
  void deflate_some(int flush);

  std::string out_;
  std::vector<Done> done_;
  void* z_ = nullptr;
  Done current_{};
};

}  // namespace sluice
