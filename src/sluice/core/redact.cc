#include "sluice/core/redact.h"

#include <mutex>
#include <vector>

namespace sluice {
namespace {
std::mutex g_mutex;
std::vector<std::string>& secrets() {
  static std::vector<std::string> s;
  return s;
}
}  // namespace

void register_secret(std::string_view secret) {
  // Very short values would redact ordinary words; such secrets are rejected by validation anyway.
  if (secret.size() < 4) return;
  std::lock_guard lock(g_mutex);
  for (const auto& s : secrets())
    if (s == secret) return;
  secrets().emplace_back(secret);
}

std::string redact(std::string_view text) {
  std::string out(text);
  std::lock_guard lock(g_mutex);
  for (const auto& s : secrets()) {
    for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos))
      out.replace(pos, s.size(), "****");
  }
  return out;
}

void clear_secrets() {
  std::lock_guard lock(g_mutex);
  secrets().clear();
}

}  // namespace sluice
