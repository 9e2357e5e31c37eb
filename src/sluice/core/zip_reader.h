#pragma once
// Reads the entries of a ZIP file on disk as streams of bytes, never whole: the central directory
// says where each entry is, and stored or deflated data is handed to a sink chunk by chunk. ZIP64
// is understood. Entries whose names climb out of the archive (`../`, absolute paths), entries
// larger than the limits allow, and data that inflates past its declared size or ratio (a ZIP
// bomb) are refused with an Error.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

struct ZipEntry {
  std::string name;
  uint64_t compressed_size = 0;
  uint64_t size = 0;    // uncompressed, as declared
  uint16_t method = 0;  // 0 stored, 8 deflate
  uint32_t crc32 = 0;
  uint64_t local_header_offset = 0;
};

struct ZipLimits {
  uint64_t max_entry_size = 64ULL << 30;  // bytes, uncompressed
  uint64_t max_ratio = 1000;              // uncompressed / compressed, for entries over 1 MiB
  size_t max_entries = 100000;
};

class ZipReader {
 public:
  // Opens `path` and reads its central directory; throws Error (kApi) when it is not a ZIP.
  explicit ZipReader(const std::string& path, ZipLimits limits = {});
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  const std::vector<ZipEntry>& entries() const { return entries_; }
  // Hands the entry's uncompressed bytes to `sink` in chunks, then checks size and CRC-32.
  void read(const ZipEntry& entry, const std::function<void(std::string_view)>& sink);

 private:
  void read_directory();
  void read_at(uint64_t offset, void* out, size_t n);

  std::string path_;
  ZipLimits limits_;
  std::FILE* file_ = nullptr;
  uint64_t file_size_ = 0;
  std::vector<ZipEntry> entries_;
};

}  // namespace sluice
