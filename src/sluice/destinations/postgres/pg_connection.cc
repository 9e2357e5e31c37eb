#include "sluice/destinations/postgres/pg_connection.h"

#include <libpq-fe.h>

#include "sluice/core/error.h"
#include "sluice/core/redact.h"
#include "sluice/http/request.h"

namespace sluice::pg {
namespace {

std::string first_line(std::string s) {
  auto nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// The server's message without its severity prefix, and what to do about a missing privilege.
std::string server_error(const char* raw) {
  std::string message = first_line(raw ? raw : "");
  for (const char* prefix : {"ERROR:  ", "FATAL:  "})
    if (message.rfind(prefix, 0) == 0) message.erase(0, std::string(prefix).size());
  if (message.find("permission denied") != std::string::npos)
    message += "; grant the user the privilege, or choose a schema it may write with ?schema=";
  return message;
}

}  // namespace

Target parse_target(const std::string& uri) {
  Target t;
  t.schema = "public";
  std::string base = uri, query;
  auto q = uri.find('?');
  if (q != std::string::npos) {
    base = uri.substr(0, q);
    query = uri.substr(q + 1);
  }
  std::string kept;
  size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    size_t amp = query.find('&', pos);
    std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (pair.rfind("schema=", 0) == 0) {
      t.schema = url_decode(pair.substr(7));
    } else if (!pair.empty()) {
      kept += (kept.empty() ? "" : "&") + pair;
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  t.conninfo = base + (kept.empty() ? "" : "?" + kept);
  // user:password@ — the password is a secret and never shown.
  auto scheme = base.find("://");
  auto at = base.find('@');
  t.display = base;
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    std::string userinfo = base.substr(scheme + 3, at - scheme - 3);
    auto colon = userinfo.find(':');
    if (colon != std::string::npos) {
      std::string password = userinfo.substr(colon + 1);
      register_secret(password);
      register_secret(url_decode(password));
      t.display = base.substr(0, scheme + 3) + userinfo.substr(0, colon) + base.substr(at);
    }
  }
  return t;
}

Connection::Connection(const Target& target) : display_(target.display) {
  conn_ = PQconnectdb(target.conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = first_line(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    std::string advice = "check the destination URI and that the server is running.";
    ErrorKind kind = ErrorKind::kWarehouse;
    if (message.find("password authentication failed") != std::string::npos ||
        message.find("no password supplied") != std::string::npos) {
      kind = ErrorKind::kAuth;
      advice = "check the user name and password in the destination URI (or PGPASSWORD).";
    } else if (message.find("does not exist") != std::string::npos) {
      advice = "create it first, or name one that exists.";
    } else if (message.find("Connection refused") != std::string::npos) {
      advice = "is the server running and listening on that host and port?";
    }
    throw Error(kind, "Could not connect to PostgreSQL at " + display_ + " (" + redact(message) +
                          "); " + advice);
  }
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);  // NOTICEs are not for users
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

void Connection::fail(const std::string& what) {
  throw Error(ErrorKind::kWarehouse, "PostgreSQL at " + display_ + " refused " + what + ": " +
                                         first_line(PQerrorMessage(conn_)));
}

void Connection::exec(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string message = server_error(PQresultErrorMessage(r));
    PQclear(r);
    throw Error(ErrorKind::kWarehouse,
                "PostgreSQL at " + display_ + " refused a statement: " + message);
  }
  PQclear(r);
}

QueryResult Connection::query(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
    std::string message = server_error(PQresultErrorMessage(r));
    PQclear(r);
    throw Error(ErrorKind::kWarehouse, "Query failed: " + message);
  }
  QueryResult out;
  int cols = PQnfields(r), rows = PQntuples(r);
  for (int c = 0; c < cols; ++c) out.columns.emplace_back(PQfname(r, c));
  for (int row = 0; row < rows; ++row) {
    std::vector<std::optional<std::string>> values;
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(r, row, c))
        values.emplace_back(std::nullopt);
      else
        values.emplace_back(std::string(PQgetvalue(r, row, c), PQgetlength(r, row, c)));
    }
    out.rows.push_back(std::move(values));
  }
  PQclear(r);
  return out;
}

void Connection::copy_in(const std::string& copy_sql,
                         const std::function<void(const CopySink&)>& produce) {
  PGresult* r = PQexec(conn_, copy_sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    PQclear(r);
    fail("COPY");
  }
  PQclear(r);
  const CopySink put = [this](std::string_view data) {
    if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) fail("COPY data");
  };
  try {
    produce(put);
  } catch (...) {
    // Ends the COPY with an error so the connection leaves COPY mode and the transaction can
    // roll back; the producer's error is the one reported.
    PQputCopyEnd(conn_, "the rows could not be encoded");
    while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
    throw;
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) fail("the end of COPY");
  while ((r = PQgetResult(conn_)) != nullptr) {
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string message = ok ? "" : server_error(PQresultErrorMessage(r));
    PQclear(r);
    if (!ok)
      throw Error(ErrorKind::kWarehouse, "PostgreSQL at " + display_ + " refused rows: " + message);
  }
}

}  // namespace sluice::pg
