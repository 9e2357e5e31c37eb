// The ZIP reader against archives built by the sandbox's writer: entries streamed in chunks,
// split exports, and hostile archives (paths that climb out, bombs, truncation) refused.
#include "sluice/core/zip_reader.h"

#include <dirent.h>
#include <gtest/gtest.h>

#include <fstream>

#include "sluice/core/error.h"
#include "sluice/sandbox/zip_writer.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

std::string write(const testing::TempDir& dir, const std::string& name, const std::string& bytes) {
  std::ofstream(dir.file(name), std::ios::binary) << bytes;
  return dir.file(name);
}

std::string read_all(ZipReader& zip, const ZipEntry& e, size_t* chunks = nullptr) {
  std::string out;
  zip.read(e, [&](std::string_view c) {
    out.append(c);
    if (chunks) ++*chunks;
  });
  return out;
}

TEST(ZipReader, ReadsEveryEntryInOrderAndInChunks) {
  testing::TempDir dir;
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "{\"n\":" + std::to_string(i) + "}\n";
  ZipWriter w;
  w.begin("Survey_1.ndjson");
  w.write(big.substr(0, 1000));
  w.write(big.substr(1000));
  w.end();
  w.begin("Survey_2.ndjson");
  w.write("{\"last\":true}\n");
  w.end();
  ZipReader zip(write(dir, "a.zip", w.finish()));
  ASSERT_EQ(zip.entries().size(), 2u);
  EXPECT_EQ(zip.entries()[0].name, "Survey_1.ndjson");
  EXPECT_EQ(zip.entries()[0].size, big.size());
  size_t chunks = 0;
  EXPECT_EQ(read_all(zip, zip.entries()[0], &chunks), big);
  EXPECT_GT(chunks, 10u) << "handed over piece by piece, never whole";
  EXPECT_EQ(read_all(zip, zip.entries()[1]), "{\"last\":true}\n");
}

TEST(ZipReader, RefusesEntriesThatClimbOutOfTheArchive) {
  testing::TempDir dir;
  for (const char* name : {"../evil.json", "a/../../evil.json", "/etc/passwd", "C:\\x.json"}) {
    ZipWriter w;
    w.begin(name);
    w.write("{}");
    w.end();
    try {
      ZipReader zip(write(dir, "b.zip", w.finish()));
      ADD_FAILURE() << name << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("points outside the archive"), std::string::npos)
          << e.what();
    }
  }
}

TEST(ZipReader, RefusesABombThatInflatesPastItsDeclaredSize) {
  testing::TempDir dir;
  ZipWriter w;
  w.begin("bomb.json");
  w.write(std::string(50 << 20, '0'));  // 50 MiB of zeros deflate to almost nothing
  w.end(/*declared_size=*/100);
  ZipReader zip(write(dir, "c.zip", w.finish()));
  size_t seen = 0;
  try {
    zip.read(zip.entries()[0], [&](std::string_view c) { seen += c.size(); });
    ADD_FAILURE() << "the bomb was read";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ZIP bomb"), std::string::npos) << e.what();
  }
  EXPECT_LT(seen, 1u << 20) << "stopped early, not after inflating everything";
}

TEST(ZipReader, RefusesAnEntryOverTheRatioLimitEvenIfItsSizeIsHonest) {
  testing::TempDir dir;
  ZipWriter w;
  w.begin("zeros.json");
  w.write(std::string(20 << 20, '0'));
  w.end();
  ZipReader zip(write(dir, "d.zip", w.finish()), ZipLimits{.max_ratio = 100});
  EXPECT_THROW(read_all(zip, zip.entries()[0]), Error);
}

TEST(ZipReader, RefusesTruncatedAndForeignFiles) {
  testing::TempDir dir;
  ZipWriter w;
  w.begin("x.json");
  w.write(std::string(100000, 'x'));
  w.end();
  std::string bytes = w.finish();
  EXPECT_THROW(ZipReader(write(dir, "t.zip", bytes.substr(0, bytes.size() / 2))), Error);
  EXPECT_THROW(ZipReader(write(dir, "h.zip", "<html>Service unavailable</html>")), Error);
  std::string corrupt = bytes;
  corrupt[40] ^= 0x55;  // inside the deflated data
  ZipReader zip(write(dir, "k.zip", corrupt));
  EXPECT_THROW(read_all(zip, zip.entries()[0]), Error);
}

size_t open_descriptors() {
  size_t n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  while (d && ::readdir(d)) ++n;
  if (d) ::closedir(d);
  return n;
}

// Found by fuzz_export_reader: each refused archive kept its file open (a constructor that throws
// runs no destructor), so a long-running server ran out of descriptors.
TEST(ZipReader, ARefusedArchiveLeavesNoFileOpen) {
  testing::TempDir dir;
  const std::string path = write(dir, "h.zip", "<html>Service unavailable</html>");
  const size_t before = open_descriptors();
  for (int k = 0; k < 50; ++k) EXPECT_THROW(ZipReader{path}, Error);
  EXPECT_EQ(open_descriptors(), before);
}

}  // namespace
}  // namespace sluice
