#include "sluice/cli/read_only_sql.h"

#include <array>
#include <cctype>
#include <string>

#include "sluice/core/error.h"

namespace sluice::cli {
namespace {

// Skips blanks, comments and opening parentheses: what may stand before the first keyword.
size_t skip_noise(std::string_view sql, size_t at) {
  while (at < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[at])) || sql[at] == '(') {
      ++at;
    } else if (sql.compare(at, 2, "--") == 0) {
      at = sql.find('\n', at);
      if (at == std::string_view::npos) return sql.size();
    } else if (sql.compare(at, 2, "/*") == 0) {
      at = sql.find("*/", at + 2);
      if (at == std::string_view::npos) return sql.size();
      at += 2;
    } else {
      break;
    }
  }
  return at;
}

// A second statement after a `;` outside quotes and comments.
bool has_second_statement(std::string_view sql) {
  char quote = 0;
  for (size_t k = 0; k < sql.size(); ++k) {
    char c = sql[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (sql.compare(k, 2, "--") == 0 || sql.compare(k, 2, "/*") == 0) {
      k = skip_noise(sql, k) - 1;
    } else if (c == ';') {
      size_t next = skip_noise(sql, k + 1);
      while (next < sql.size() && sql[next] == ';') next = skip_noise(sql, next + 1);
      return next < sql.size();
    }
  }
  return false;
}

}  // namespace

void refuse_unless_read_only(std::string_view sql) {
  size_t start = skip_noise(sql, 0);
  size_t end = start;
  while (end < sql.size() &&
         (std::isalpha(static_cast<unsigned char>(sql[end])) || sql[end] == '_'))
    ++end;
  std::string word(sql.substr(start, end - start));
  for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (word.empty())
    throw Error(ErrorKind::kUsage,
                "Give one SQL statement to run, such as `SELECT count(*) FROM "
                "responses`.");
  static constexpr std::array<std::string_view, 9> kReads = {
      "SELECT", "WITH", "VALUES", "TABLE", "FROM", "SHOW", "DESCRIBE", "SUMMARIZE", "EXPLAIN"};
  bool reads = false;
  for (auto r : kReads) reads = reads || word == r;
  if (!reads)
    throw Error(ErrorKind::kUsage, "`sluice query` only reads the warehouse, so " + word +
                                       " statements are refused; use a SELECT.");
  if (has_second_statement(sql))
    throw Error(ErrorKind::kUsage,
                "`sluice query` runs one statement at a time; remove what follows the `;`.");
}

}  // namespace sluice::cli
