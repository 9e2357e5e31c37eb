#include "sluice/core/error.h"

#include "sluice/core/redact.h"

namespace sluice {

Error::Error(ErrorKind kind, const std::string& message)
    : std::runtime_error(redact(message)), kind_(kind) {}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return 64;
    case ErrorKind::kConfig:
      return 78;
    case ErrorKind::kAuth:
      return 77;
    case ErrorKind::kNotFound:
      return 66;
    case ErrorKind::kNetwork:
      return 69;
    case ErrorKind::kApi:
      return 76;
    case ErrorKind::kWarehouse:
      return 74;
    case ErrorKind::kLocked:
      return 75;
    case ErrorKind::kInternal:
      return 70;
  }
  return 1;
}

std::string_view kind_label(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return "usage error";
    case ErrorKind::kConfig:
      return "configuration error";
    case ErrorKind::kAuth:
      return "authentication failed";
    case ErrorKind::kNotFound:
      return "not found";
    case ErrorKind::kNetwork:
      return "network error";
    case ErrorKind::kApi:
      return "API error";
    case ErrorKind::kWarehouse:
      return "warehouse error";
    case ErrorKind::kLocked:
      return "warehouse locked";
    case ErrorKind::kInternal:
      return "internal error";
  }
  return "error";
}

}  // namespace sluice
