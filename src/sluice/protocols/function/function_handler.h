#pragma once
// Fivetran's function-connector protocol for any Sluice connector: each POST carries
// {state, secrets, setup_test?}; the answer is {state, insert, delete, softDelete?, schema,
// hasMore}. A call runs the connector from `state` and stops at the first record past a checkpoint
// that filled the answer's size or time budget, answering with that checkpoint's state and
// `hasMore: true`; rows emitted after it are dropped, to be read again by the next call. Every
// answer with `hasMore` carries a checkpoint beyond the state it was given, even past the budget
// (up to the hard cap; when one checkpoint's records exceed even that, the call is read again with
// the connector's batch options lowered). No call loses or doubles a row. Snapshot tables read
// whole within one sync are named in `softDelete` (SnapshotDeletes says when).
#include <cstddef>
#include <string>

#include "sluice/http/http_server.h"

namespace sluice {

struct FunctionOptions {
  size_t max_response_bytes = 4 * 1024 * 1024;  // under AWS Lambda's 6 MB and GCF's 10 MB
  // What an answer's records may reach to carry its first checkpoint (Lambda's 6 MB less room
  // for the rest of the answer).
  size_t hard_cap_bytes = 5 * 1024 * 1024 + 512 * 1024;
  double max_seconds = 120;  // per call
  size_t max_request_bytes = 1024 * 1024;
};

class FunctionHandler {
 public:
  FunctionHandler(std::string connector, FunctionOptions options);
  ServerResponse handle(const ServerRequest& request) const;

 private:
  std::string connector_;
  FunctionOptions options_;
};

}  // namespace sluice
