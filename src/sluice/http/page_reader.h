#pragma once
// Reads a paginated list one page ahead: as soon as a page has arrived and the paginator has said
// what comes next, the next request is sent on a worker thread while the caller works through the
// current page's items. Items still reach the caller one by one, in the API's order, so
// checkpoints mean what they meant without the overlap; only the waiting for the network is
// hidden. At most two pages are held at once.
#include <simdjson.h>

#include <functional>

#include "sluice/http/paginator.h"
#include "sluice/http/requester.h"

namespace sluice {

struct PageReaderOptions {
  bool prefetch = true;  // false: one request at a time, nothing on another thread
};

// `items_of` finds a page's records (and throws when the page has none of the expected shape);
// `on_item` must not use `requester`, which is busy fetching the next page meanwhile.
void read_pages(Requester& requester, Request first, Paginator& paginator,
                const std::function<simdjson::dom::array(simdjson::dom::element page)>& items_of,
                const std::function<void(simdjson::dom::element item)>& on_item,
                PageReaderOptions options = {});

}  // namespace sluice
