#include "sluice/destinations/parquet/parquet_destination.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/timestamp.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/destinations/duckdb/duckdb_stage.h"
#include "sluice/destinations/parquet/parquet_manifest.h"
#include "sluice/destinations/parquet/parquet_views.h"
#include "sluice/load/sql_text.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using sql::quote_ident;
using sql::quote_literal;

const char* op_name(OpKind op) {
  switch (op) {
    case OpKind::kUpsert:
      return "upsert";
    case OpKind::kUpdate:
      return "update";
    case OpKind::kDelete:
      return "delete";
    case OpKind::kTruncate:
      return "truncate";
  }
  return "upsert";
}

// DuckDB's Parquet writer holds a row group of every column while it writes one, in the engine's
// memory (an in-memory database: nothing to spill to). Its default of 122,880 rows made a commit
// of 100,000 Refiner responses fail for memory under the default 48 MB limit; 30,000 rows keep it
// well inside, at a little compression.
const std::string kFileOptions = "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 30000)";

class ParquetDestination : public Destination {
 public:
  explicit ParquetDestination(const std::string& dir)
      : root_(fs::absolute(dir)), engine_(":memory:", false) {
    std::error_code ec;
    fs::create_directories(root_ / "_sluice", ec);
    if (ec)
      throw Error(ErrorKind::kWarehouse, "Could not create the Parquet folder " + root_.string() +
                                             " (" + ec.message() + ").");
  }
  ~ParquetDestination() override {
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }

  std::string describe() const override { return "parquet://" + root_.string(); }
  // Five seconds of re-reading at most after a crash, for a lake of few, larger files (a sync of
  // 100,000 Refiner responses: 3 files a table, was one per flush, 46).
  int commit_interval_floor_ms() const override { return 5000; }

  void lock(const std::string& connection) override {
    fs::path path = root_ / "_sluice" / "locks" / (connection + ".lock");
    fs::create_directories(path.parent_path());
    lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
    if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      char pid[32] = {0};
      if (lock_fd_ >= 0 && ::pread(lock_fd_, pid, sizeof pid - 1, 0) < 0) pid[0] = 0;
      throw Error(ErrorKind::kLocked, "Another sync of connection " + connection + " is writing " +
                                          root_.string() +
                                          (pid[0] ? " (process " + std::string(pid) + ")" : "") +
                                          "; wait for it to finish, then sync again.");
    }
    std::string me = std::to_string(::getpid());
    if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, me.data(), me.size(), 0) < 0)
      log_warning("could not note the lock holder");
    connection_ = connection;
    recover();
  }

  nlohmann::json read_state(const std::string& connection) override {
    connection_ = connection;
    load();
    return state_;
  }

  std::optional<std::vector<ColumnSpec>> table_columns(const std::string& table) override {
    nlohmann::json all = all_tables();
    if (!all.contains(table)) return std::nullopt;
    std::vector<ColumnSpec> out;
    for (const auto& c : all[table]["columns"])
      out.push_back({c["name"], *parse_type_name(c["type"].get<std::string>())});
    return out;
  }

  void begin() override { pending_.clear(); }

  void create_table(const TableSpec& spec, const std::vector<ColumnSpec>& columns) override {
    nlohmann::json cols = nlohmann::json::array();
    for (const auto& c : columns) cols.push_back({{"name", c.name}, {"type", type_name(c.type)}});
    tables_[spec.name] = {
        {"keys", spec.primary_key}, {"mode", mode_name(spec.mode)}, {"columns", cols}};
  }
  void add_column(const std::string& table, const ColumnSpec& c) override {
    tables_[table]["columns"].push_back({{"name", c.name}, {"type", type_name(c.type)}});
  }
  void widen_column(const std::string& table, const ColumnSpec& c) override {
    for (auto& col : tables_[table]["columns"])
      if (col["name"] == c.name) col["type"] = type_name(c.type);
  }

  void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) override {
    if (!tables_.contains(spec.name)) create_table(spec, columns);
    if (batch.op == OpKind::kTruncate) {
      tables_[spec.name]["truncated_before"] = synced_at;
      return;
    }
    duck::write_stage(engine_, "_sluice_stage", columns, batch);
    std::string select;
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& name : batch.columns) {
      ColumnType t = ColumnType::kString;
      for (const auto& c : columns)
        if (c.name == name) t = c.type;
      select += "CAST(" + quote_ident(name) + " AS " + duck::sql_type(t) + ") AS " +
                quote_ident(name) + ", ";
      listed.push_back(name);
    }
    int64_t seq_base = ((sequence_ + 1) << 32) + rows_in_checkpoint_;
    rows_in_checkpoint_ += static_cast<int64_t>(batch.size());
    std::string columns_list = "[";
    for (size_t k = 0; k < batch.columns.size(); ++k)
      columns_list += (k ? ", " : "") + quote_literal(batch.columns[k]);
    select += "TIMESTAMPTZ " + quote_literal(format_timestamp(synced_at)) + " AS _sluice_synced, " +
              std::to_string(seq_base) + " + _seq AS _sluice_seq, " +
              quote_literal(op_name(batch.op)) + " AS _sluice_op, CAST(" + columns_list +
              "] AS VARCHAR[]) AS _sluice_columns, " +
              (batch.op == OpKind::kDelete ? "true" : "false") + " AS _sluice_deleted";
    fs::path dir = root_ / spec.name / ("sync_date=" + format_date(synced_at / 86400000000LL));
    fs::create_directories(dir);
    synced_at_ = synced_at;
    auto [final_path, temp] = part_paths(dir);
    engine_.exec("COPY (SELECT " + select + " FROM _sluice_stage) TO " +
                 quote_literal(temp.string()) + " " + kFileOptions);
    pending_.push_back({{"path", fs::relative(final_path, root_).string()},
                        {"temp", fs::relative(temp, root_).string()},
                        {"table", spec.name},
                        {"rows", batch.size()}});
  }

  void write_state(const std::string& connection, const nlohmann::json& state) override {
    connection_ = connection;
    state_ = state;
  }

  void commit() override {
    merge_parts();
    parquet::Manifest m;
    m.sequence = sequence_ + 1;
    m.json = {{"sequence", m.sequence},
              {"connection", connection_},
              {"committed_at", format_timestamp(now_micros())},
              {"state", state_},
              {"tables", tables_},
              {"files", pending_}};
    parquet::write_manifest(root_, connection_, m);  // the commit point
    finish_renames(m.json["files"]);
    sequence_ = m.sequence;
    committed_tables_ = tables_;
    pending_.clear();
    rows_in_checkpoint_ = 0;
  }

  void rollback() override {
    for (const auto& f : pending_) fs::remove(root_ / f["temp"].get<std::string>());
    pending_.clear();
    tables_ = committed_tables_;
    rows_in_checkpoint_ = 0;
  }

  void record_run(const RunRecord& run) override {
    nlohmann::json j = {{"run_id", run.run_id},
                        {"connection", run.connection},
                        {"connector", run.connector},
                        {"started_at", format_timestamp(run.started_at)},
                        {"ended_at", run.ended_at ? nlohmann::json(format_timestamp(run.ended_at))
                                                  : nlohmann::json()},
                        {"status", run.status},
                        {"rows_by_table", run.rows_by_table},
                        {"operations", run.operations},
                        {"requests", run.requests},
                        {"retries", run.retries},
                        {"error", run.error}};
    parquet::write_atomically(root_ / "_sluice" / "runs" / (run.run_id + ".json"), j.dump());
  }

  void reset(const std::string& connection, const std::vector<std::string>& drop_tables) override {
    connection_ = connection;
    load();
    for (const auto& t : drop_tables) {
      fs::remove_all(root_ / t);
      tables_.erase(t);
    }
    state_ = nullptr;
    commit();
  }

  QueryResult query(const std::string& sql) override {
    nlohmann::json all = all_tables();
    for (auto& [name, table] : all.items()) {
      if (!has_change_files(root_ / name)) {
        engine_.exec(parquet::empty_changes_view_sql(name, table));
        engine_.exec(parquet::empty_latest_view_sql(name, table));
        continue;
      }
      engine_.exec(parquet::changes_view_sql(root_.string(), name));
      std::set<std::string> present;
      for (const auto& row :
           engine_
               .query("SELECT column_name FROM (DESCRIBE " + quote_ident(name + "__changes") + ")")
               .rows)
        present.insert(*row[0]);
      engine_.exec(parquet::latest_view_sql(name, table, present));
    }
    if (fs::exists(root_ / "_sluice" / "runs"))
      engine_.exec(parquet::runs_view_sql((root_ / "_sluice" / "runs").string()));
    return engine_.query(sql);
  }

 private:
  // At most one file per table per commit: a table the transaction wrote in several batches
  // (early flushes, checkpoints sharing a commit) gets their files merged into one, streamed
  // through DuckDB (union by name: a later batch may carry more, or wider, columns). Unsorted:
  // readers take a key's newest row by _sluice_seq, and a sort would hold every row in memory.
  void merge_parts() {
    std::map<std::string, std::vector<size_t>> by_table;
    for (size_t k = 0; k < pending_.size(); ++k)
      by_table[pending_[k]["table"].get<std::string>()].push_back(k);
    nlohmann::json merged = nlohmann::json::array();
    std::vector<bool> gone(pending_.size(), false);
    for (const auto& [table, parts] : by_table) {
      if (parts.size() < 2) continue;
      std::string list;
      int64_t rows = 0;
      for (size_t k : parts) {
        list += (list.empty() ? "" : ", ") +
                quote_literal((root_ / pending_[k]["temp"].get<std::string>()).string());
        rows += pending_[k]["rows"].get<int64_t>();
        gone[k] = true;
      }
      fs::path first = root_ / pending_[parts[0]]["path"].get<std::string>();
      auto [final_path, temp] = part_paths(first.parent_path());
      engine_.exec("COPY (SELECT * FROM read_parquet([" + list + "], union_by_name = true)) TO " +
                   quote_literal(temp.string()) + " " + kFileOptions);
      for (size_t k : parts) fs::remove(root_ / pending_[k]["temp"].get<std::string>());
      merged.push_back({{"path", fs::relative(final_path, root_).string()},
                        {"temp", fs::relative(temp, root_).string()},
                        {"table", table},
                        {"rows", rows}});
    }
    for (size_t k = 0; k < pending_.size(); ++k)
      if (!gone[k]) merged.push_back(pending_[k]);
    pending_ = std::move(merged);
  }

  // A new part's final name in `dir`, and the hidden name it is written under until the commit.
  std::pair<fs::path, fs::path> part_paths(const fs::path& dir) {
    char name[128];
    std::snprintf(name, sizeof name, "part-%s-%lld-%06lld.parquet", connection_.c_str(),
                  static_cast<long long>(synced_at_), static_cast<long long>(++file_counter_));
    return {dir / name, dir / ("." + std::string(name) + ".tmp")};
  }

  // Whether `<table>/<partition>/*.parquet` matches a file (the pattern the views read).
  static bool has_change_files(const fs::path& table) {
    std::error_code ec;
    if (!fs::is_directory(table, ec)) return false;
    for (const auto& part : fs::directory_iterator(table, ec)) {
      if (!part.is_directory()) continue;
      for (const auto& f : fs::directory_iterator(part.path(), ec))
        if (f.path().extension() == ".parquet") return true;
    }
    return false;
  }

  void load() {
    auto m = parquet::latest_manifest(root_, connection_);
    sequence_ = m ? m->sequence : 0;
    state_ = m ? m->json["state"] : nlohmann::json();
    tables_ = m ? m->json["tables"] : nlohmann::json::object();
    committed_tables_ = tables_;
  }

  // After a crash: the newest manifest's renames are finished; temporary files of this connection
  // that no manifest committed are removed.
  void recover() {
    load();
    auto m = parquet::latest_manifest(root_, connection_);
    if (m) finish_renames(m->json["files"]);
    std::string prefix = ".part-" + connection_ + "-";
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
      std::string name = e.path().filename().string();
      if (e.is_regular_file() && name.rfind(prefix, 0) == 0 && e.path().extension() == ".tmp")
        fs::remove(e.path());
    }
  }

  void finish_renames(const nlohmann::json& files) {
    for (const auto& f : files) {
      fs::path temp = root_ / f["temp"].get<std::string>();
      if (fs::exists(temp)) fs::rename(temp, root_ / f["path"].get<std::string>());
    }
  }

  // Every table any connection has committed, with its newest description.
  nlohmann::json all_tables() {
    nlohmann::json all = nlohmann::json::object();
    fs::path dir = root_ / "_sluice" / "manifests";
    if (fs::exists(dir)) {
      for (const auto& e : fs::directory_iterator(dir)) {
        auto m = parquet::latest_manifest(root_, e.path().filename().string());
        if (m) all.update(m->json["tables"]);
      }
    }
    if (!pending_.empty() || tables_.size()) all.update(tables_);
    return all;
  }

  fs::path root_;
  duck::Connection engine_;
  std::string connection_ = "default";
  int lock_fd_ = -1;
  int64_t sequence_ = 0;
  int64_t file_counter_ = 0;
  int64_t synced_at_ = 0;  // the sync's time, in the names of its files
  int64_t rows_in_checkpoint_ = 0;
  nlohmann::json state_;
  nlohmann::json tables_ = nlohmann::json::object();
  nlohmann::json committed_tables_ = nlohmann::json::object();
  nlohmann::json pending_ = nlohmann::json::array();
};

}  // namespace

std::unique_ptr<Destination> open_parquet(const std::string& directory) {
  return std::make_unique<ParquetDestination>(directory);
}

}  // namespace sluice
