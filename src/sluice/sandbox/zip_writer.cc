#include "sluice/sandbox/zip_writer.h"

#include <zlib.h>

#include <cstring>
#include <stdexcept>

namespace sluice {
namespace {

void put(std::string& s, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void patch(std::string& s, size_t at, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

ZipWriter::ZipWriter() : z_(new z_stream{}) {}

ZipWriter::~ZipWriter() {
  auto* z = static_cast<z_stream*>(z_);
  if (!current_.name.empty()) deflateEnd(z);
  delete z;
}

void ZipWriter::begin(std::string name) {
  current_ = Done{std::move(name), static_cast<uint32_t>(crc32(0, nullptr, 0)), 0, 0, out_.size()};
  put(out_, 0x04034b50, 4);
  put(out_, 20, 2);  // version needed
  put(out_, 0, 2);   // flags
  put(out_, 8, 2);   // deflate
  put(out_, 0, 4);   // time, date
  put(out_, 0, 12);  // crc, sizes: patched by end()
  put(out_, current_.name.size(), 2);
  put(out_, 0, 2);
  out_ += current_.name;
  auto* z = static_cast<z_stream*>(z_);
  std::memset(z, 0, sizeof *z);
  if (deflateInit2(z, 1, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
}

void ZipWriter::deflate_some(int flush) {
  auto* z = static_cast<z_stream*>(z_);
  unsigned char buf[1 << 15];
  do {
    z->next_out = buf;
    z->avail_out = sizeof buf;
    deflate(z, flush);
    size_t n = sizeof buf - z->avail_out;
    out_.append(reinterpret_cast<const char*>(buf), n);
    current_.compressed += n;
  } while (z->avail_out == 0);
}

void ZipWriter::write(std::string_view data) {
  auto* z = static_cast<z_stream*>(z_);
  current_.crc = static_cast<uint32_t>(crc32(
      current_.crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  current_.size += data.size();
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z->avail_in = static_cast<uInt>(data.size());
  deflate_some(Z_NO_FLUSH);
}

void ZipWriter::end(int64_t declared_size) {
  deflate_some(Z_FINISH);
  deflateEnd(static_cast<z_stream*>(z_));
  if (declared_size >= 0) current_.size = static_cast<uint64_t>(declared_size);
  patch(out_, current_.offset + 14, current_.crc, 4);
  patch(out_, current_.offset + 18, current_.compressed, 4);
  patch(out_, current_.offset + 22, current_.size, 4);
  done_.push_back(std::move(current_));
  current_ = Done{};
}

std::string ZipWriter::finish() {
  const uint64_t dir_offset = out_.size();
  for (const auto& d : done_) {
    put(out_, 0x02014b50, 4);
    put(out_, 20, 2);  // made by
    put(out_, 20, 2);  // needed
    put(out_, 0, 2);
    put(out_, 8, 2);
    put(out_, 0, 4);
    put(out_, d.crc, 4);
    put(out_, d.compressed, 4);
    put(out_, d.size, 4);
    put(out_, d.name.size(), 2);
    put(out_, 0, 2);  // extra
    put(out_, 0, 2);  // comment
    put(out_, 0, 2);  // disk
    put(out_, 0, 2);  // internal attributes
    put(out_, 0, 4);  // external attributes
    put(out_, d.offset, 4);
    out_ += d.name;
  }
  const uint64_t dir_size = out_.size() - dir_offset;
  put(out_, 0x06054b50, 4);
  put(out_, 0, 4);
  put(out_, done_.size(), 2);
  put(out_, done_.size(), 2);
  put(out_, dir_size, 4);
  put(out_, dir_offset, 4);
  put(out_, 0, 2);
  return std::move(out_);
}

}  // namespace sluice
