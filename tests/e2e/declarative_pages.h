#pragma once
// A YAML source over the Refiner sandbox whose streams stop and resume inside their reads, for the
// restart and paging tests: surveys by page number; contacts by cursor into a replace table (a
// paged stream without an incremental cursor); responses by cursor once per survey (a partition
// each, its own datetime position). Pages of 100. The tests run it by name, as a YAML connector
// placed at connectors/refiner_pages/connector.yaml of their folder.
#include <filesystem>

#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {

inline constexpr const char* kPagesSource = R"(version: 1
name: refiner_pages
spec:
  api_key: {type: string, required: true, secret: true}
  base_url: {type: url, required: true}
  start_date: {type: timestamp, default: "2024-01-01T00:00:00Z"}
requester:
  base_url: "{{ config.base_url }}"
  auth: {type: bearer, token: "{{ config.api_key }}"}
streams:
  - name: surveys
    path: forms
    query: {list: all_with_archived}
    paginator: {type: page_number, size_param: page_length, page_size: 100, total_path: pagination.last_page, stop: [total, empty_page]}
    records: {path: items}
    table: {primary_key: [uuid]}
  - name: contacts
    path: contacts
    paginator: {type: cursor, cursor_param: page_cursor, cursor_path: pagination.next_page_cursor, size_param: page_length, page_size: 100, stop: [empty_page]}
    records: {path: items}
    # segments declared: a widening to JSON before a kill leaves a WAL DuckDB cannot replay.
    table: {name: respondents, primary_key: [uuid], mode: replace, columns: {segments: json}}
  - name: responses
    path: responses
    query:
      include: all
      form_uuid: "{{ partition.form }}"
      date_range_start: "{{ cursor.start }}"
      date_range_end: "{{ cursor.end }}"
    partitions: {from_stream: {stream: surveys, fields: {form: uuid}}}
    paginator: {type: cursor, cursor_param: page_cursor, cursor_path: pagination.next_page_cursor, size_param: page_length, page_size: 100, stop: [empty_page]}
    records: {path: items}
    incremental: {field: last_data_reception_at, start: "{{ config.start_date }}"}
    table: {primary_key: [uuid]}
)";

class DeclarativePages : public RefinerE2E {
 protected:
  static constexpr const char* kName = "refiner_pages";
  static constexpr int64_t kPage = 100;

  // The sandbox with `flags` (at `latency_ms` a request) and the source in the test's folder.
  void start_pages(const std::map<std::string, std::string>& flags, int latency_ms = 0) {
    start(flags, latency_ms);
    std::filesystem::create_directories(dir.file("connectors/refiner_pages"));
    write_file(dir.file("connectors/refiner_pages/connector.yaml"), kPagesSource);
  }
  ProcessResult sync_pages(const std::string& warehouse) {
    write_config(config);
    return sluice({"sync", kName, "--warehouse", warehouse, "--no-progress"});
  }
  // The offset a sandbox page cursor ("pc_<offset>.<snapshot>") stands at; 0 for none.
  static int64_t cursor_offset(const std::string& cursor) {
    return cursor.empty() ? 0 : std::stoll(cursor.substr(3, cursor.find('.') - 3));
  }
  // A query parameter of the next-page request saved in a stream's (or partition's) position.
  static std::string saved_param(const nlohmann::json& position, const std::string& name) {
    for (const auto& kv : position["page"]["request"]["query"])
      if (kv[0] == name) return kv[1];
    return {};
  }
};

}  // namespace sluice::testing
