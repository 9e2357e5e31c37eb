// Fuzz target: the Qualtrics export reader — any bytes as the downloaded ZIP; every entry read
// as a stream and cut into records in both layouts, each record parsed. Hostile archives must end
// in sluice::Error, never a crash, a hang or unbounded memory.
#include <simdjson.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "sluice/core/error.h"
#include "sluice/core/zip_reader.h"
#include "sluice/json/record_splitter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/sluice-fuzz-export-" + std::to_string(::getpid()) + ".zip";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  static simdjson::dom::parser parser;
  try {
    sluice::ZipReader zip(path, sluice::ZipLimits{.max_entry_size = 64 << 20});
    for (const auto& entry : zip.entries()) {
      for (auto layout : {sluice::RecordSplitter::Layout::kTopLevel,
                          sluice::RecordSplitter::Layout::kInsideTopObject}) {
        sluice::RecordSplitter splitter(layout, 64, 1 << 20);
        zip.read(entry, [&](std::string_view chunk) {
          splitter.feed(chunk, [&](std::string_view record) {
            simdjson::dom::element e;
            (void)parser.parse(record.data(), record.size()).get(e);
          });
        });
        splitter.finish();
      }
    }
  } catch (const sluice::Error&) {
  }
  return 0;
}
