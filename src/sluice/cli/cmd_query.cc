// `sluice query "<sql>"`: a table from the warehouse, read-only.
#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/cli/table_printer.h"
#include "sluice/core/error.h"

namespace sluice::cli {

int cmd_query(const Args& args) {
  args.allow_only({"warehouse", "destination", "json", "max-width"});
  if (args.positional().empty())
    throw Error(ErrorKind::kUsage,
                "Give the SQL to run: `sluice query \"SELECT count(*) FROM responses\"`.");
  auto warehouse = open_warehouse(warehouse_path(args), Open::kReadOnly);
  QueryResult r = warehouse->query(args.positional()[0]);
  if (args.flag("json")) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : r.rows) {
      nlohmann::json o = nlohmann::json::object();
      for (size_t k = 0; k < row.size(); ++k)
        o[r.columns[k]] = row[k] ? nlohmann::json(*row[k]) : nlohmann::json();
      rows.push_back(std::move(o));
    }
    std::cout << rows.dump() << "\n";
  } else {
    print_table(std::cout, r, std::stoul(args.get_or("max-width", "40")));
  }
  return 0;
}

}  // namespace sluice::cli
