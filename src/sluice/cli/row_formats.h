#pragma once
// Prints typed rows as JSON (one array), JSON lines (one object a line) or CSV (RFC 4180).
#include <ostream>

#include "sluice/cli/typed_rows.h"

namespace sluice::cli {

void print_json(std::ostream& out, const TypedRows& rows);
void print_json_lines(std::ostream& out, const TypedRows& rows);
// A header line, then one line per row, each ended by CRLF; a field holding a comma, a quote or a
// line break is quoted, its quotes doubled. NULL is an empty field.
void print_csv(std::ostream& out, const TypedRows& rows);

}  // namespace sluice::cli
