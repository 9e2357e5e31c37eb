// `sluice airbyte <connector> spec | check --config F | discover --config F |
//  read --config F --catalog F [--state F]`: the Airbyte protocol's verbs and flags.
#include "sluice/cli/commands.h"
#include "sluice/core/error.h"
#include "sluice/protocols/airbyte/airbyte_face.h"

namespace sluice::cli {

int cmd_airbyte(const Args& args) {
  const auto& words = args.positional();
  if (words.size() != 2)
    throw Error(ErrorKind::kUsage,
                "Use `sluice airbyte <connector> spec|check|discover|read [--config F] "
                "[--catalog F] [--state F]`.");
  airbyte::Invocation call;
  call.connector = words[0];
  call.verb = words[1];
  call.config = args.get("config");
  call.catalog = args.get("catalog");
  call.state = args.get("state");
  return airbyte::run(call);
}

}  // namespace sluice::cli
