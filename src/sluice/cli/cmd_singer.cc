// `sluice singer <connector> --config F [--state F] [--catalog F | --properties F] [--discover]`:
// the Singer tap convention's flags.
#include "sluice/cli/commands.h"
#include "sluice/core/error.h"
#include "sluice/protocols/singer/singer_tap.h"

namespace sluice::cli {

int cmd_singer(const Args& args) {
  const auto& words = args.positional();
  if (words.size() != 1 || !args.get("config"))
    throw Error(ErrorKind::kUsage,
                "Use `sluice singer <connector> --config F [--state F] [--catalog F | "
                "--properties F] [--discover]`.");
  if (args.get("catalog") && args.get("properties"))
    throw Error(ErrorKind::kUsage, "Pass --catalog or --properties, not both.");
  singer::Invocation call;
  call.connector = words[0];
  call.config = *args.get("config");
  call.state = args.get("state");
  call.catalog = args.get("catalog");
  if (!call.catalog && args.get("properties")) {
    call.catalog = args.get("properties");
    call.catalog_flag = "properties";
  }
  call.discover = args.flag("discover");
  singer::run(call);
  return 0;
}

}  // namespace sluice::cli
