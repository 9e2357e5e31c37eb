#include "sluice/core/zip_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "sluice/core/error.h"

namespace sluice {
namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kZip64End = 0x06064b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr size_t kChunk = 1 << 16;

uint64_t le(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw Error(ErrorKind::kApi, "The export file " + path + " is not a readable ZIP (" + what +
                                   "); run the sync again to download it afresh.");
}

bool climbs_out(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return true;
  if (name.size() > 1 && name[1] == ':') return true;  // C:\…
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

ZipReader::ZipReader(const std::string& path, ZipLimits limits)
    : path_(path), limits_(limits), file_(std::fopen(path.c_str(), "rb")) {
  if (!file_) throw Error(ErrorKind::kInternal, "Cannot open the downloaded file " + path + ".");
  std::fseek(file_, 0, SEEK_END);
  file_size_ = static_cast<uint64_t>(ftello(file_));
  // A constructor that throws runs no destructor: a hostile archive must not keep the file open
  // (a long-running `serve function` ran out of descriptors, one per refused export).
  try {
    read_directory();
  } catch (...) {
    std::fclose(file_);
    file_ = nullptr;
    throw;
  }
}

ZipReader::~ZipReader() {
  if (file_) std::fclose(file_);
}

void ZipReader::read_at(uint64_t offset, void* out, size_t n) {
  if (offset + n > file_size_ || fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0 ||
      std::fread(out, 1, n, file_) != n)
    bad(path_, "it ends early");
}

void ZipReader::read_directory() {
  // The end-of-directory record sits in the last 22 bytes plus at most a 64 KiB comment.
  const uint64_t tail = std::min<uint64_t>(file_size_, 22 + 65535);
  if (tail < 22) bad(path_, "too short");
  std::vector<unsigned char> buf(tail);
  read_at(file_size_ - tail, buf.data(), tail);
  int64_t at = -1;
  for (int64_t i = static_cast<int64_t>(tail) - 22; i >= 0; --i)
    if (le(&buf[i], 4) == kEndOfDirectory) {
      at = i;
      break;
    }
  if (at < 0) bad(path_, "no end-of-directory record");
  const unsigned char* e = &buf[at];
  uint64_t count = le(e + 10, 2), dir_size = le(e + 12, 4), dir_offset = le(e + 16, 4);
  const uint64_t eocd_pos = file_size_ - tail + static_cast<uint64_t>(at);
  if ((count == 0xFFFF || dir_size == 0xFFFFFFFF || dir_offset == 0xFFFFFFFF) && eocd_pos >= 20) {
    unsigned char loc[20];
    read_at(eocd_pos - 20, loc, 20);
    if (le(loc, 4) == kZip64Locator) {
      unsigned char z[56];
      read_at(le(loc + 8, 8), z, 56);
      if (le(z, 4) != kZip64End) bad(path_, "a broken ZIP64 record");
      count = le(z + 32, 8);
      dir_size = le(z + 40, 8);
      dir_offset = le(z + 48, 8);
    }
  }
  if (count > limits_.max_entries) bad(path_, std::to_string(count) + " entries");
  if (dir_offset + dir_size > file_size_) bad(path_, "a directory past its end");
  std::vector<unsigned char> dir(dir_size);
  read_at(dir_offset, dir.data(), dir_size);
  size_t p = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (p + 46 > dir.size() || le(&dir[p], 4) != kCentralHeader) bad(path_, "a broken directory");
    const unsigned char* h = &dir[p];
    ZipEntry entry;
    entry.method = static_cast<uint16_t>(le(h + 10, 2));
    entry.crc32 = static_cast<uint32_t>(le(h + 16, 4));
    entry.compressed_size = le(h + 20, 4);
    entry.size = le(h + 24, 4);
    const size_t name_len = le(h + 28, 2), extra_len = le(h + 30, 2), comment_len = le(h + 32, 2);
    entry.local_header_offset = le(h + 42, 4);
    if (p + 46 + name_len + extra_len + comment_len > dir.size()) bad(path_, "a broken directory");
    entry.name.assign(reinterpret_cast<const char*>(h + 46), name_len);
    // ZIP64 sizes and offset live in extra field 0x0001, in this order, only where the 32-bit
    // field is saturated.
    const unsigned char* x = h + 46 + name_len;
    for (size_t q = 0; q + 4 <= extra_len;) {
      const size_t id = le(x + q, 2), len = le(x + q + 2, 2);
      if (q + 4 + len > extra_len) break;
      if (id == 1) {
        const unsigned char* v = x + q + 4;
        size_t used = 0;
        auto take = [&](uint64_t& field) {
          if (field == 0xFFFFFFFF && used + 8 <= len) {
            field = le(v + used, 8);
            used += 8;
          }
        };
        take(entry.size);
        take(entry.compressed_size);
        take(entry.local_header_offset);
      }
      q += 4 + len;
    }
    p += 46 + name_len + extra_len + comment_len;
    if (climbs_out(entry.name))
      throw Error(ErrorKind::kApi, "The export file holds an entry named \"" + entry.name +
                                       "\" that points outside the archive; it was refused.");
    if (entry.size > limits_.max_entry_size)
      throw Error(ErrorKind::kApi, "The export file's entry " + entry.name + " declares " +
                                       std::to_string(entry.size) +
                                       " bytes, more than the limit; it was refused.");
    if (entry.name.back() != '/') entries_.push_back(std::move(entry));
  }
}

void ZipReader::read(const ZipEntry& entry, const std::function<void(std::string_view)>& sink) {
  unsigned char local[30];
  read_at(entry.local_header_offset, local, 30);
  if (le(local, 4) != kLocalHeader) bad(path_, "a broken entry header");
  uint64_t data = entry.local_header_offset + 30 + le(local + 26, 2) + le(local + 28, 2);
  if (data + entry.compressed_size > file_size_) bad(path_, "an entry past its end");
  if (fseeko(file_, static_cast<off_t>(data), SEEK_SET) != 0) bad(path_, "cannot seek");
  auto too_big = [&](uint64_t produced) {
    const bool over_declared = produced > entry.size;
    const bool over_ratio =
        produced > (1ULL << 20) &&
        produced / std::max<uint64_t>(entry.compressed_size, 1) > limits_.max_ratio;
    if (over_declared || over_ratio)
      throw Error(ErrorKind::kApi, "The export file's entry " + entry.name +
                                       " inflates beyond its declared size (a ZIP bomb?); it was "
                                       "refused.");
  };
  std::vector<unsigned char> in(kChunk), out(kChunk);
  uint64_t remaining = entry.compressed_size, produced = 0;
  uLong crc = crc32(0, nullptr, 0);
  if (entry.method == 0) {
    while (remaining > 0) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(remaining, kChunk));
      if (std::fread(in.data(), 1, n, file_) != n) bad(path_, "it ends early");
      remaining -= n;
      produced += n;
      too_big(produced);
      crc = crc32(crc, in.data(), static_cast<uInt>(n));
      sink(std::string_view(reinterpret_cast<const char*>(in.data()), n));
    }
  } else if (entry.method == 8) {
    z_stream z;
    std::memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) bad(path_, "inflate would not start");
    std::unique_ptr<z_stream, void (*)(z_stream*)> guard(&z, [](z_stream* s) { inflateEnd(s); });
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      if (z.avail_in == 0) {
        if (remaining == 0) bad(path_, "deflate data ends early");
        size_t n = static_cast<size_t>(std::min<uint64_t>(remaining, kChunk));
        if (std::fread(in.data(), 1, n, file_) != n) bad(path_, "it ends early");
        remaining -= n;
        z.next_in = in.data();
        z.avail_in = static_cast<uInt>(n);
      }
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      rc = inflate(&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END) bad(path_, "corrupt deflate data");
      size_t n = out.size() - z.avail_out;
      produced += n;
      too_big(produced);
      crc = crc32(crc, out.data(), static_cast<uInt>(n));
      if (n) sink(std::string_view(reinterpret_cast<const char*>(out.data()), n));
    }
  } else {
    bad(path_, "entry " + entry.name + " uses compression method " + std::to_string(entry.method));
  }
  if (produced != entry.size || static_cast<uint32_t>(crc) != entry.crc32)
    bad(path_, "entry " + entry.name + " fails its size or CRC check");
}

}  // namespace sluice
