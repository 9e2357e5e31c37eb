#pragma once
// The verbs of `sluice`, each returning the process exit code.
#include "sluice/cli/args.h"

namespace sluice::cli {

int cmd_connectors(const Args& args);
int cmd_spec(const Args& args);
int cmd_init(const Args& args);
int cmd_check(const Args& args);
int cmd_schema(const Args& args);
int cmd_sync(const Args& args);
int cmd_reset(const Args& args);
int cmd_state(const Args& args);
int cmd_query(const Args& args);
int cmd_sandbox(const Args& args);
int cmd_demo(const Args& args);
int cmd_serve(const Args& args);
int cmd_new(const Args& args);
int cmd_validate(const Args& args);
int cmd_airbyte(const Args& args);
int cmd_singer(const Args& args);
int cmd_runs(const Args& args);
int cmd_ui(const Args& args);

}  // namespace sluice::cli
