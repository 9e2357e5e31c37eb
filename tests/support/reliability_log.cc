#include "support/reliability_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

namespace sluice::testing {

void record_reliability(const std::string& kind, const std::string& connector,
                        const std::string& fields) {
  const char* path = std::getenv("SLUICE_RELIABILITY_LOG");
  if (!path || !*path) return;
  const std::string line = kind + " " + connector + " " + fields + "\n";
  // O_APPEND keeps lines from concurrent test processes whole.
  int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return;
  ssize_t ignored = ::write(fd, line.data(), line.size());
  (void)ignored;
  ::close(fd);
}

}  // namespace sluice::testing
