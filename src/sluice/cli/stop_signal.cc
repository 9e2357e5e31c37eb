#include "sluice/cli/stop_signal.h"

#include <chrono>
#include <csignal>
#include <thread>

namespace sluice::cli {
namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
  g_stop = 1;
}
}  // namespace

void stop_on_signals() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool stop_requested() {
  return g_stop != 0;
}

void request_stop() {
  g_stop = 1;
}

void wait_for_stop() {
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

}  // namespace sluice::cli
