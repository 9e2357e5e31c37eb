#include "sluice/cli/file_mode.h"

#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "sluice/core/error.h"

namespace sluice::cli {
namespace {

mode_t g_user_umask = 022;

mode_t wanted_umask() {
  const char* text = std::getenv("SLUICE_UMASK");
  if (!text || !*text) return 077;
  const std::string s = text;
  if (s.size() > 4 || s.find_first_not_of("01234567") != std::string::npos ||
      std::stoul(s, nullptr, 8) > 0777)
    throw Error(ErrorKind::kConfig,
                "SLUICE_UMASK must be an octal umask such as 077 or 027, not \"" + s +
                    "\"; unset it for private files (077).");
  return static_cast<mode_t>(std::stoul(s, nullptr, 8));
}

}  // namespace

void make_files_private() {
  const mode_t wanted = wanted_umask();
  g_user_umask = ::umask(wanted);
}

void restore_user_umask() {
  ::umask(g_user_umask);
}

}  // namespace sluice::cli
