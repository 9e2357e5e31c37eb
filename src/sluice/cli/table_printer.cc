#include "sluice/cli/table_printer.h"

#include <algorithm>

namespace sluice::cli {
namespace {

// Display width in characters, counting UTF-8 continuation bytes as nothing.
size_t width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string cell(const std::optional<std::string>& v, size_t max_width) {
  std::string s = v ? *v : "NULL";
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (width(s) <= max_width) return s;
  size_t keep = 0, seen = 0;
  while (keep < s.size() && seen < max_width - 1) {
    ++keep;
    while (keep < s.size() && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) ++keep;
    ++seen;
  }
  return s.substr(0, keep) + "…";
}

}  // namespace

void print_table(std::ostream& out, const QueryResult& r, size_t max_width) {
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  for (const auto& c : r.columns) widths.push_back(std::min(width(c), max_width));
  for (const auto& row : r.rows) {
    std::vector<std::string> line;
    for (size_t k = 0; k < row.size(); ++k) {
      line.push_back(cell(row[k], max_width));
      widths[k] = std::max(widths[k], width(line.back()));
    }
    cells.push_back(std::move(line));
  }
  auto print_line = [&](const std::vector<std::string>& line) {
    for (size_t k = 0; k < line.size(); ++k) {
      out << (k ? " | " : "") << line[k];
      if (k + 1 < line.size()) out << std::string(widths[k] - width(line[k]), ' ');
    }
    out << "\n";
  };
  std::vector<std::string> header;
  for (const auto& c : r.columns) header.push_back(cell(c, max_width));
  print_line(header);
  for (size_t k = 0; k < widths.size(); ++k) out << (k ? "-+-" : "") << std::string(widths[k], '-');
  out << "\n";
  for (const auto& line : cells) print_line(line);
  out << "(" << r.rows.size() << (r.rows.size() == 1 ? " row" : " rows") << ")\n";
}

}  // namespace sluice::cli
