#pragma once
// Tests that prove a promise (crash resumes, faults survived, bad inputs refused) append one line
// per connector to the file named by SLUICE_RELIABILITY_LOG, from which scripts/reliability.sh
// prints the reliability table. Without the variable nothing is written.
#include <string>

namespace sluice::testing {

// `kind` is crash, faults or bad_input; `fields` is "key=value key=value …".
void record_reliability(const std::string& kind, const std::string& connector,
                        const std::string& fields);

}  // namespace sluice::testing
