#include "connectors/qualtrics/qualtrics_export_jobs.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "connectors/qualtrics/qualtrics_envelope.h"
#include "sluice/core/timestamp.h"
#include "sluice/sandbox/data_gen.h"
#include "sluice/sandbox/json_writer.h"
#include "sluice/sandbox/zip_writer.h"

namespace sluice::qualtrics {
namespace {

// Tokens look opaque to the client; this one is "<survey>.<index>.<check>" in hex.
std::string hex(uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string ExportJobs::token_for(int survey, int64_t index) const {
  return "CT" + hex(static_cast<uint64_t>(survey)) + "x" + hex(static_cast<uint64_t>(index)) + "x" +
         hex(pick(data_.shape().seed, survey, index) & 0xffffff);
}

ServerResponse ExportJobs::create(int survey, const std::string& body) {
  if (body.empty())
    return envelope_error(411, "", "A request body is required (Content-Length missing).");
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return envelope_error(400, "RP_0.1", "The request body is not valid JSON.");
  std::string format = j.value("format", std::string());
  if (format.empty()) return envelope_error(400, "RP_0.1", "Missing required parameter: format");
  if (format != "json" && format != "ndjson")
    return envelope_error(400, "RP_0.1", "This sandbox exports format json or ndjson only.");
  Job job{survey,
          0,
          data_.responses(survey),
          format,
          j.value("compress", true),
          j.value("allowContinuation", false),
          false};
  if (j.contains("continuationToken")) {
    std::string t = j["continuationToken"].is_string() ? j["continuationToken"].get<std::string>()
                                                       : std::string();
    size_t a = t.find('x', 2), b = a == std::string::npos ? a : t.find('x', a + 1);
    bool valid = t.rfind("CT", 0) == 0 && b != std::string::npos;
    int64_t index = 0;
    if (valid) {
      index = static_cast<int64_t>(std::stoull(t.substr(a + 1, b - a - 1), nullptr, 16));
      valid = !settings_.reject_tokens && token_for(survey, index) == t && index <= job.to;
    }
    if (!valid) return envelope_error(400, "RP_0.4", "Invalid continuation token.");
    job.from = index;
  }
  for (const char* field : {"startDate", "endDate"}) {
    if (!j.contains(field)) continue;
    auto when = j[field].is_string() ? parse_timestamp(j[field].get<std::string>()) : std::nullopt;
    if (!when) return envelope_error(400, "RP_0.1", std::string("Invalid date in ") + field + ".");
    int64_t index = data_.first_recorded_at_or_after(survey, *when / 1000);
    if (std::string(field) == "startDate")
      job.from = std::max(job.from, index);
    else
      job.to = std::min(job.to, index);
  }
  if (j.contains("limit") && j["limit"].is_number_integer())
    job.to = std::min(job.to, job.from + j["limit"].get<int64_t>());
  job.to = std::max(job.to, job.from);
  std::lock_guard lock(mutex_);
  if (survey == 0)
    for (int64_t i : hidden_)
      if (i >= job.from && i < job.to) job.skipped.push_back(i);
  job.fail = stats_.created < settings_.fail_first;
  std::string id =
      "ES_" +
      fake_uuid(data_.shape().seed, 400, static_cast<uint64_t>(stats_.created)).substr(0, 15);
  ++stats_.created;
  jobs_.emplace(id, std::move(job));
  JsonWriter w;
  w.begin_object()
      .key("progressId")
      .string(id)
      .key("percentComplete")
      .number(0.0)
      .key("status")
      .string("inProgress")
      .end_object();
  return envelope_ok(w.take());
}

ServerResponse ExportJobs::progress(int survey, const std::string& progress_id) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(progress_id);
  if (it == jobs_.end() || it->second.survey != survey)
    return envelope_error(404, "", "Export " + progress_id + " was not found.");
  Job& job = it->second;
  ++job.polls;
  ++stats_.polls;
  JsonWriter w;
  w.begin_object();
  if (job.polls < settings_.polls_needed) {
    w.key("fileId")
        .null()
        .key("percentComplete")
        .number(100.0 * job.polls / settings_.polls_needed)
        .key("status")
        .string("inProgress");
  } else if (job.fail) {
    w.key("fileId")
        .null()
        .key("percentComplete")
        .number(100.0 * (job.polls - 1) / settings_.polls_needed)
        .key("status")
        .string("failed")
        .key("error")
        .begin_object()
        .key("errorCode")
        .string("ES_1")
        .key("errorMessage")
        .string("The export could not be completed.")
        .end_object();
  } else {
    job.file_id =
        fake_uuid(data_.shape().seed, 401, std::hash<std::string>{}(progress_id)) + "-def";
    w.key("fileId")
        .string(job.file_id)
        .key("percentComplete")
        .number(100.0)
        .key("status")
        .string("complete");
    // What this export skipped is still to come: the token resumes at the first of it.
    const int64_t resume = job.skipped.empty() ? job.to : job.skipped.front();
    if (job.continuation) w.key("continuationToken").string(token_for(survey, resume));
  }
  w.end_object();
  return envelope_ok(w.take());
}

std::string ExportJobs::file_name(const Job& job, int part, int parts) const {
  std::string name = data_.survey_name(job.survey);
  if (parts > 1) name += "_" + std::to_string(part + 1);
  return name + (job.format == "ndjson" ? ".ndjson" : ".json");
}

ServerResponse ExportJobs::file(int survey, const std::string& file_id) {
  Job job;
  {
    std::lock_guard lock(mutex_);
    const Job* found = nullptr;
    for (const auto& [id, j] : jobs_)
      if (j.survey == survey && !j.file_id.empty() && j.file_id == file_id) found = &j;
    if (!found) return envelope_error(404, "", "File " + file_id + " was not found.");
    job = *found;
    stats_.rows_served += job.to - job.from - static_cast<int64_t>(job.skipped.size());
  }
  const int64_t rows = job.to - job.from;
  const int parts =
      rows == 0 ? 1 : static_cast<int>((rows + settings_.file_rows - 1) / settings_.file_rows);
  ZipWriter zip;
  std::string plain;
  JsonWriter w;
  for (int part = 0; part < parts; ++part) {
    if (job.compress) zip.begin(file_name(job, part, parts));
    const int64_t first = job.from + part * settings_.file_rows;
    const int64_t last = std::min(job.to, first + settings_.file_rows);
    auto flush = [&](bool all) {
      if (!all && w.str().size() < (1 << 20)) return;
      if (job.compress)
        zip.write(w.str());
      else
        plain += w.str();
      w = JsonWriter();
    };
    if (job.format == "json") w.raw("{\"responses\":[");
    bool any = false;
    for (int64_t i = first; i < last; ++i) {
      if (std::binary_search(job.skipped.begin(), job.skipped.end(), i)) continue;
      if (job.format == "json" && any) w.raw(",");
      any = true;
      JsonWriter one;
      data_.write_response(one, survey, i);
      w.raw(one.str());
      if (job.format == "ndjson") w.raw("\n");
      flush(false);
    }
    if (job.format == "json") w.raw("]}");
    flush(true);
    if (job.compress) zip.end();
  }
  ServerResponse r;
  r.headers.emplace_back("Content-Type", job.compress ? "application/zip" : "application/json");
  r.body = job.compress ? zip.finish() : std::move(plain);
  return r;
}

void ExportJobs::hold_late() {
  std::lock_guard lock(mutex_);
  for (int64_t i = data_.responses(0) - 2; i >= 0 && hidden_.size() < 8; --i) hidden_.insert(i);
}

bool ExportJobs::arrive_late() {
  std::lock_guard lock(mutex_);
  if (hidden_.empty()) return false;
  hidden_.erase(std::prev(hidden_.end()));
  return true;
}

ExportStats ExportJobs::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace sluice::qualtrics
