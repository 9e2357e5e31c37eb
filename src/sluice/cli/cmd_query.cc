// `sluice query "<sql>"`: rows from the warehouse, read-only, as a table, JSON, JSON lines or CSV.
#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/cli/read_only_sql.h"
#include "sluice/cli/row_formats.h"
#include "sluice/cli/table_printer.h"
#include "sluice/core/error.h"

namespace sluice::cli {
namespace {

// What the warehouse itself refused as a write or an outside access (past the statement check)
// is a usage error too, in one sentence.
QueryResult run_read_only(Destination& warehouse, const std::string& sql) {
  try {
    return warehouse.query(sql);
  } catch (const Error& e) {
    std::string m = e.what();
    for (const char* refusal : {"read-only", "Permission Error", "disabled by configuration",
                                "external access", "permission denied"})
      if (m.find(refusal) != std::string::npos)
        throw Error(ErrorKind::kUsage,
                    "`sluice query` only reads the warehouse, and this query needs more: " +
                        m.substr(0, m.find('\n')));
    throw;
  }
}

}  // namespace

int cmd_query(const Args& args) {
  if (args.positional().empty())
    throw Error(ErrorKind::kUsage,
                "Give the SQL to run: `sluice query \"SELECT count(*) FROM responses\"`.");
  const std::string sql = args.positional()[0];
  refuse_unless_read_only(sql);
  const auto max_width = static_cast<size_t>(args.integer("max-width"));
  auto warehouse = open_warehouse(warehouse_path(args), Open::kQuery);
  const std::string format = args.flag("json") ? "json" : args.text("format");
  if (format == "table") {
    print_table(std::cout, run_read_only(*warehouse, sql), max_width);
    return 0;
  }
  TypedRows rows =
      typed_rows([&](const std::string& statement) { return run_read_only(*warehouse, statement); },
                 sql, is_postgres(warehouse_path(args)));
  if (format == "json") print_json(std::cout, rows);
  if (format == "jsonl") print_json_lines(std::cout, rows);
  if (format == "csv") print_csv(std::cout, rows);
  return 0;
}

}  // namespace sluice::cli
