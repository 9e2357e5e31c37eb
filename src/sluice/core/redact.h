#pragma once
// A process-wide list of secret values; every message a user or a log sees passes through
// redact(), so a secret that leaks into an error string (a URL, an echoed header) never shows.
#include <string>
#include <string_view>

namespace sluice {

void register_secret(std::string_view secret);
std::string redact(std::string_view text);
void clear_secrets();  // for tests

}  // namespace sluice
