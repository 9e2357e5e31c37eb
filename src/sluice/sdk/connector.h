#pragma once
// The connector interface: a spec, a check, a schema, and an update that emits operations. The
// free-form style (one update that emits everything itself) implements update directly; most
// connectors derive from StreamConnector instead.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/sdk/emitter.h"
#include "sluice/sdk/spec.h"

namespace sluice {

struct CheckResult {
  std::string message;  // e.g. "Connected to project Acme."
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual Spec spec() const = 0;
  // Checks a spec-valid configuration for what the spec cannot say (ids of the right shape, options
  // that go together); throws sluice::Error (kConfig). Runs before any request or warehouse.
  virtual void validate(const Config&) const {}
  // Reaches the API with these credentials; throws sluice::Error when it cannot.
  virtual CheckResult check(const Config& config) = 0;
  virtual std::vector<TableSpec> schema(const Config& config) = 0;
  // Reads everything new since `state` and emits it, checkpointing as it goes.
  virtual void update(const Config& config, const nlohmann::json& state, Emitter& emit) = 0;
  // The integer options that bound the records between two checkpoints (page sizes, records per
  // checkpoint): a paged protocol lowers them when one checkpoint's records would not fit an
  // answer.
  virtual std::vector<std::string> batch_options() const { return {}; }
  // Requests sent so far (for the summary); 0 when the connector does not count them.
  virtual int64_t requests_sent() const { return 0; }
};

}  // namespace sluice
