#pragma once
// A YAML source as an ordinary connector: spec, check, schema and streams come from the file, so
// every face (the CLI, Fivetran's protocols, Airbyte, Singer) runs it as it runs a C++ one.
#include <memory>

#include "sluice/declarative/source_definition.h"
#include "sluice/sdk/stream.h"

namespace sluice::declarative {

std::unique_ptr<Connector> make_declarative_connector(
    std::shared_ptr<const SourceDefinition> source);

// The connector of a YAML file; throws sluice::Error (kConfig, every problem with its line and
// column) when the file is malformed.
std::unique_ptr<Connector> load_declarative_connector(const std::string& path);

}  // namespace sluice::declarative
