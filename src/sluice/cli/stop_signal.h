// Ctrl-C (SIGINT) and SIGTERM stop the verbs that serve until told to (serve, sandbox, ui): the
// handler only sets a flag, which the verb polls and then shuts its servers down in order.
#pragma once

namespace sluice::cli {

// Installs the handlers for SIGINT and SIGTERM.
void stop_on_signals();
bool stop_requested();
// Stops the verb as a signal would (a server thread that failed).
void request_stop();
// Returns once a stop has been requested, looking every 100 ms.
void wait_for_stop();

}  // namespace sluice::cli
