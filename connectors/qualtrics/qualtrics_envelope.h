#pragma once
// The Qualtrics answer envelope, as the sandbox writes it: `{"result": …, "meta": {httpStatus,
// requestId}}` on success, `{"meta": {httpStatus, requestId, error: {errorCode?, errorMessage}}}`
// on failure.
#include <string>

#include "sluice/http/http_server.h"

namespace sluice::qualtrics {

ServerResponse envelope_ok(const std::string& result_json);
// `code` may be empty: some errors (an unknown route) carry no errorCode.
ServerResponse envelope_error(int status, const std::string& code, const std::string& message);

}  // namespace sluice::qualtrics
