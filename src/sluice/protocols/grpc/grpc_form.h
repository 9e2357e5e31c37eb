#pragma once
// The setup form Fivetran shows, derived from a connector's spec: secrets become password fields,
// choices dropdowns, booleans toggles, defaults and descriptions carried over.
#include "common.pb.h"
#include "sluice/sdk/spec.h"

namespace sluice::grpc_protocol {

::fivetran_sdk::v2::ConfigurationFormResponse configuration_form(const Spec& spec);

}  // namespace sluice::grpc_protocol
