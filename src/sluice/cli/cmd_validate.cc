// `sluice validate <file.yaml>`: checks a declarative source without running it; every problem
// with its line and column, exit 78 (docs/declarative.md).
#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/core/error.h"
#include "sluice/declarative/source_definition.h"

namespace sluice::cli {

int cmd_validate(const Args& args) {
  if (args.positional().empty())
    throw Error(ErrorKind::kUsage, "Name the YAML source to check: `sluice validate source.yaml`.");
  const std::string path = args.positional()[0];
  declarative::SourceDefinition s = declarative::read_source_file(path);
  std::string names;
  for (const auto& st : s.streams) names += (names.empty() ? "" : ", ") + st.name;
  std::cout << path << ": a valid source, " << s.name << ", with " << s.streams.size()
            << (s.streams.size() == 1 ? " stream (" : " streams (") << names << ").\n";
  return 0;
}

}  // namespace sluice::cli
