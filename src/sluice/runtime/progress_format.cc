#include "sluice/runtime/progress_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sluice {
namespace {

double rate(const TableProgress& t) {
  return t.rows / std::max(t.seconds, 1e-3);
}

// Terminal cells of UTF-8 text: every byte that does not continue a character.
size_t cells(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string cut(const std::string& s, size_t max_cells) {
  size_t n = 0, k = 0;
  for (; k < s.size(); ++k) {
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80 && n++ == max_cells) break;
  }
  return s.substr(0, k);
}

}  // namespace

std::string format_count(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string format_duration(double seconds) {
  auto s = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  }
  return buf;
}

std::string progress_bar(double fraction, int width) {
  const int full = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width);
  std::string out;
  for (int k = 0; k < width; ++k) out += k < full ? "\u2588" : "\u2591";
  return out;
}

std::string progress_line(const TableProgress& t, size_t name_width, size_t max_width) {
  std::string line =
      "  " + t.name + std::string(name_width > t.name.size() ? name_width - t.name.size() : 0, ' ');
  const bool known = t.complete || t.fraction >= 0;
  const double f = t.complete ? 1.0 : std::min(t.fraction, 1.0);
  char buf[64];
  if (known) {
    std::snprintf(buf, sizeof buf, " %3d%%", static_cast<int>(f * 100));
    line += "  " + progress_bar(f, 24) + buf;
  }
  line += "  " + format_count(t.rows);
  if (t.expected >= 0 && !t.complete) line += " of " + format_count(t.expected);
  line += " rows";
  // A rate over less time than this says nothing.
  if (t.seconds >= 0.2) line += "  " + format_count(std::llround(rate(t))) + "/s";
  if (t.complete) {
    if (t.seconds >= 0.2) line += "  in " + format_duration(t.seconds);
  } else if (known && f > 0.005 && t.seconds > 0.5) {
    // What the read took so far, scaled to what is left of it.
    line += "  " + format_duration(t.seconds * (1 - f) / f) + " left";
  }
  return cells(line) > max_width ? cut(line, max_width) : line;
}

std::string summary_line(const TableProgress& t) {
  std::string line = t.name + ": " + format_count(t.rows) + " rows";
  if (t.seconds < 0.2) return line;
  char buf[32];
  std::snprintf(buf, sizeof buf, " in %.1f s (", t.seconds);
  return line + buf + format_count(std::llround(rate(t))) + " rows/s)";
}

}  // namespace sluice
