#include "connectors/qualtrics/qualtrics_export.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>
#include <tuple>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/zip_reader.h"
#include "sluice/json/record_splitter.h"

namespace sluice::qualtrics {
namespace {

// The downloaded ZIP lives on disk, never in memory: in a directory of its own that only this
// user can enter (mkdtemp, 0700), created exclusively (O_EXCL | O_NOFOLLOW, 0600), so no other
// user can plant a file or a symlink where it will be written. Both go away whatever happens.
class TempFile {
 public:
  TempFile() {
    std::string dir = (std::filesystem::temp_directory_path() / "sluice-XXXXXX").string();
    if (!::mkdtemp(dir.data()))
      throw Error(ErrorKind::kInternal, "Could not create a private temporary directory in " +
                                            std::filesystem::temp_directory_path().string() + " (" +
                                            std::strerror(errno) +
                                            "); point TMPDIR at a writable directory.");
    dir_ = dir;
    path_ = dir_ + "/export.zip";
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      std::string why = std::strerror(errno);
      ::rmdir(dir_.c_str());
      throw Error(ErrorKind::kInternal, "Could not create a temporary file in " + dir_ + " (" +
                                            why + "); point TMPDIR at a writable directory.");
    }
    ::close(fd);
  }
  ~TempFile() {
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

std::string text_at(simdjson::dom::element e, const char* key) {
  std::string_view s;
  return e[key].get(s) ? std::string() : std::string(s);
}

}  // namespace

ReadyExport prepare_export(QualtricsClient& client, const ExportSpec& spec,
                           const std::atomic<bool>* cancel) {
  const std::string base = "/surveys/" + spec.survey_id + "/export-responses";
  simdjson::dom::parser parser;
  simdjson::dom::element started = client.post(base, spec.body.dump(), parser);
  const std::string progress_id = text_at(started, "progressId");
  if (progress_id.empty())
    throw Error(ErrorKind::kApi, "Qualtrics started an export for " + spec.survey_id +
                                     " without a progressId; try again later.");

  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(spec.timeout_seconds);
  int64_t wait_ms = spec.poll_interval_ms;
  ReadyExport ready;
  ready.progress_id = progress_id;
  for (;;) {
    simdjson::dom::element p = client.get(base + "/" + progress_id, {}, parser);
    const std::string status = text_at(p, "status");
    if (status == "complete") {
      ready.file_id = text_at(p, "fileId");
      std::string token = text_at(p, "continuationToken");
      if (!token.empty()) ready.continuation_token = token;
      if (ready.file_id.empty())
        throw Error(ErrorKind::kApi,
                    "Qualtrics finished export " + progress_id + " without a fileId.");
      return ready;
    }
    if (status == "failed") {
      // A failed job never recovers: stop polling at once.
      std::string_view code, message;
      std::ignore = p.at_pointer("/error/errorCode").get(code);
      std::ignore = p.at_pointer("/error/errorMessage").get(message);
      throw Error(ErrorKind::kApi,
                  "Qualtrics export " + progress_id + " of survey " + spec.survey_id + " failed (" +
                      (code.empty() ? "no error code" : std::string(code)) + ": \"" +
                      std::string(message) + "\"); nothing of it was loaded, run the sync again.");
    }
    double percent = 0;
    std::ignore = p["percentComplete"].get(percent);
    if (spec.percent) spec.percent->store(percent);
    if (std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms) > deadline)
      throw Error(ErrorKind::kApi, "Qualtrics export " + progress_id + " of survey " +
                                       spec.survey_id + " was still running after " +
                                       std::to_string(spec.timeout_seconds) + " s (" +
                                       std::to_string(static_cast<int>(percent)) +
                                       "% done); raise export_timeout_seconds or try again later.");
    // Short slices, so an export prepared ahead stops soon after the sync gives up on it.
    for (int64_t slept = 0; slept < wait_ms; slept += 50) {
      if (cancel && cancel->load()) return {};
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::min<int64_t>(50, wait_ms - slept)));
    }
    wait_ms = std::min<int64_t>(wait_ms * 3 / 2 + 1, 10000);
  }
}

ExportOutcome read_export(QualtricsClient& client, const ExportSpec& spec, const ReadyExport& ready,
                          const std::function<void(std::string_view)>& on_response) {
  const std::string base = "/surveys/" + spec.survey_id + "/export-responses";
  ExportOutcome out;
  out.continuation_token = ready.continuation_token;

  // A 200 whose body is not the whole ZIP (a proxy's page, a cut transfer) is downloaded again;
  // responses already handed over are handed over again, which the table's key absorbs.
  const bool ndjson = spec.body.value("format", std::string("json")) == "ndjson";
  for (int attempt = 1;; ++attempt) {
    try {
      TempFile zip;
      client.download(base + "/" + ready.file_id + "/file", zip.path());
      ZipReader reader(zip.path());
      out.files = out.responses = 0;
      // Every file of a split export, in order: the seed read only the first.
      for (const ZipEntry& entry : reader.entries()) {
        RecordSplitter splitter(ndjson ? RecordSplitter::Layout::kTopLevel
                                       : RecordSplitter::Layout::kInsideTopObject);
        reader.read(entry, [&](std::string_view chunk) {
          splitter.feed(chunk, [&](std::string_view record) {
            on_response(record);
            ++out.responses;
          });
        });
        splitter.finish();
        ++out.files;
      }
      break;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kApi || attempt >= 3) throw;
      log_warning("Qualtrics export file of " + spec.survey_id + " was unreadable (" + e.what() +
                  "); downloading it again");
    }
  }
  log_info("Qualtrics export of " + spec.survey_id + ": " + std::to_string(out.responses) +
           " responses in " + std::to_string(out.files) + " file(s)");
  return out;
}

}  // namespace sluice::qualtrics
