#pragma once
// A YAML source over the Refiner sandbox whose streams stop and resume inside their reads, for the
// restart and paging tests: surveys by page number; contacts by cursor into a replace table (a
// paged stream without an incremental cursor); responses by cursor once per survey (a partition
// each, its own datetime position); or responses in date windows. Pages of 100. The tests run it
// by name, as a YAML connector placed at connectors/<name>/connector.yaml of their folder.
#include <filesystem>

#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {

// What every source of these tests shares: the Refiner sandbox's spec and requester.
inline constexpr const char* kPagesHead = R"(spec:
  api_key: {type: string, required: true, secret: true}
  base_url: {type: url, required: true}
  start_date: {type: timestamp, default: "2024-01-01T00:00:00Z"}
requester:
  base_url: "{{ config.base_url }}"
  auth: {type: bearer, token: "{{ config.api_key }}"}
)";

inline constexpr const char* kPagesStreams = R"(streams:
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

// Responses in yearly windows from 2024 (the sandbox's first response; one a minute), each read
// in pages of 100: a read stopped inside the first window goes on there, then the later ones.
inline constexpr const char* kWindowsStreams = R"(streams:
  - name: responses
    path: responses
    query: {include: all, date_range_start: "{{ cursor.start }}", date_range_end: "{{ cursor.end }}"}
    paginator: {type: cursor, cursor_param: page_cursor, cursor_path: pagination.next_page_cursor, size_param: page_length, page_size: 100, stop: [empty_page]}
    records: {path: items}
    incremental: {field: last_data_reception_at, start: "{{ config.start_date }}", step: 365d}
    table: {primary_key: [uuid]}
)";

class DeclarativePages : public RefinerE2E {
 protected:
  static constexpr int64_t kPage = 100;

  // The sandbox with `flags` (at `latency_ms` a request) and a source of `streams` named `name`
  // in the test's folder.
  void start_pages(const std::map<std::string, std::string>& flags, int latency_ms = 0,
                   const char* streams = kPagesStreams, const std::string& name = "refiner_pages") {
    start(flags, latency_ms);
    connector = name;
    std::filesystem::create_directories(dir.file("connectors/" + name));
    write_file(dir.file("connectors/" + name + "/connector.yaml"),
               "version: 1\nname: " + name + "\n" + kPagesHead + streams);
  }
  ProcessResult sync_pages(const std::string& warehouse) {
    write_config(config);
    return sluice({"sync", connector, "--warehouse", warehouse, "--no-progress"});
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

  std::string connector;  // the source's name
};

}  // namespace sluice::testing
