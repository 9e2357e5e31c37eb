#include "sluice/declarative/yaml_scaffold.h"

namespace sluice::declarative {

std::string yaml_scaffold(const std::string& name) {
  return "# " + name + R"( as a declarative source; every field is described in docs/declarative.md.
# Check it with `sluice validate`, then `sluice init )" +
         name + R"(` and `sluice sync )" + name + R"(`.
version: 1
name: )" +
         name + R"(
description: "Items from the )" +
         name + R"( API."
spec:
  api_key: {type: string, required: true, secret: true, description: the API key.}
  base_url: {type: url, default: "https://api.example.com/v1", description: the API's root.}
  start_date: {type: timestamp, default: "2024-01-01", description: the first day to read.}
requester:
  base_url: "{{ config.base_url }}"
  auth: {type: api_key_header, header: Authorization, key: "{{ config.api_key }}"}
  errors: {auth_statuses: [401, 403]}
streams:
  - name: items
    path: /items
    query: {updated_since: "{{ cursor.start }}"}
    paginator: {type: cursor, cursor_param: after, cursor_path: next_cursor, stop: [empty_page]}
    records: {path: data}
    incremental: {field: updated_at, start: "{{ config.start_date }}", lookback: 1h}
    table:
      primary_key: [id]
      columns: {id: string, updated_at: utc_datetime}
      description: The items.
)";
}

}  // namespace sluice::declarative
