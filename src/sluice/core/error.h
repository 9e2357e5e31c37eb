#pragma once
// The errors a user can cause or meet, each with its own exit code. Messages are one sentence that
// says what is wrong and what to do; they pass through the redactor before anyone sees them.
#include <stdexcept>
#include <string>

namespace sluice {

enum class ErrorKind {
  kUsage,      // bad command line
  kConfig,     // configuration missing, malformed or invalid
  kAuth,       // the API refused the credentials
  kNotFound,   // the API has no such resource
  kNetwork,    // host unreachable, timeouts, connection resets after retries
  kApi,        // the API answered with an error or with something that is not what it documents
  kWarehouse,  // the destination cannot be opened or written
  kLocked,     // another sync holds the destination
  kInternal,
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message);
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

int exit_code(ErrorKind kind);
std::string_view kind_label(ErrorKind kind);

}  // namespace sluice
