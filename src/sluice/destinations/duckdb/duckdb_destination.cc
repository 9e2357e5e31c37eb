#include "sluice/destinations/duckdb/duckdb_destination.h"

#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/destinations/duckdb/duckdb_stage.h"
#include "sluice/destinations/sql/sql_destination.h"

namespace sluice {
namespace {

class DuckDbDestination : public SqlDestination {
 public:
  DuckDbDestination(const std::string& path, bool read_only) : db_(path, read_only) {
    if (!read_only) create_bookkeeping();
  }
  std::string describe() const override { return "duckdb://" + db_.path(); }

 protected:
  std::string type_sql(ColumnType t) const override { return duck::sql_type(t); }
  ColumnType type_from_sql(std::string_view t) const override {
    return duck::column_type_from_sql(t);
  }
  std::string schema_name() const override { return "main"; }
  std::string json_function() const override { return "to_json"; }
  void exec(const std::string& sql) override { db_.exec(sql); }
  QueryResult run(const std::string& sql) override { return db_.query(sql); }
  void stage(const std::vector<ColumnSpec>& columns, const Batch& batch) override {
    duck::write_stage(db_, "_sluice_stage", columns, batch);
  }

 private:
  duck::Connection db_;
};

}  // namespace

std::unique_ptr<Destination> open_duckdb(const std::string& path, bool read_only) {
  return std::make_unique<DuckDbDestination>(path, read_only);
}

}  // namespace sluice
