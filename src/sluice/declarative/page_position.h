#pragma once
// The request of a YAML stream's next page as its saved position holds it: the URL and the query
// parameters exactly as they would be sent, so a restart asks for that page first. What a state
// holds is not secret: a parameter carrying a secret (an API key in the query, echoed in a next
// URL) is saved with a null value and takes its value from the freshly built request on restart;
// a path holding one is not saved, and the restart asks the request's own path.
#include <nlohmann/json.hpp>

#include "sluice/http/request.h"

namespace sluice::declarative {

// {"url": "/path" (null when it holds a secret), "query": [[name, value or null], …]}
nlohmann::json save_request(const Request& next);
// Rewrites `built` (the stream's first request, freshly rendered: method, headers, credentials)
// into the saved one. The saved URL's path goes to the host `built` names, the configured one:
// a next URL given by a body or a Link header is never sent elsewhere from a state. False when
// `saved` is not a request (an older or damaged state), leaving `built` as it was.
bool restore_request(const nlohmann::json& saved, Request& built);

}  // namespace sluice::declarative
