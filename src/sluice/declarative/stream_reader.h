#pragma once
// A YAML stream at run time: per partition and window, the pages of its request, their records
// selected, flattened, transformed and emitted (child rows to their tables), and a checkpoint
// after every page with the next page's request (so a restart or the next call of a paged
// protocol goes on from there), after every window and partition with its position.
#include <memory>

#include "sluice/declarative/api_client.h"
#include "sluice/declarative/source_definition.h"
#include "sluice/sdk/stream.h"

namespace sluice::declarative {

std::unique_ptr<Stream> make_stream(std::shared_ptr<const SourceDefinition> source,
                                    const StreamDefinition& stream, const Config& config,
                                    std::shared_ptr<ApiClient> api);

// Reads the first page of `stream` (first partition, first window): how `check` reaches the API.
// Returns the number of records the page held.
size_t read_first_page(const SourceDefinition& source, const StreamDefinition& stream,
                       const Config& config, ApiClient& api);

}  // namespace sluice::declarative
