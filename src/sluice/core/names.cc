#include "sluice/core/names.h"

#include <cctype>

namespace sluice {
namespace {
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_upper(c) || is_lower(c) || is_digit(c);
}
}  // namespace

std::string normalize_name(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 4);
  auto underscore = [&] {
    if (!out.empty() && out.back() != '_') out.push_back('_');
  };
  for (size_t k = 0; k < raw.size(); ++k) {
    char c = raw[k];
    if (!is_alnum(c)) {
      underscore();
      continue;
    }
    if (is_upper(c)) {
      char prev = k > 0 ? raw[k - 1] : '\0';
      char next = k + 1 < raw.size() ? raw[k + 1] : '\0';
      // A word starts at an upper case letter after a lower case one or a digit, or at the last
      // capital of an acronym that is followed by lower case (HTTPStatus -> http_status).
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && is_lower(next))) underscore();
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  size_t lead = 0;
  while (lead < out.size() && out[lead] == '_') ++lead;
  out.erase(0, lead);
  if (out.empty()) return "_";
  if (is_digit(out[0])) out.insert(out.begin(), '_');
  return out;
}

}  // namespace sluice
