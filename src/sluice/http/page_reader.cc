#include "sluice/http/page_reader.h"

#include <future>

namespace sluice {

void read_pages(Requester& requester, Request first, Paginator& paginator,
                const std::function<simdjson::dom::array(simdjson::dom::element page)>& items_of,
                const std::function<void(simdjson::dom::element item)>& on_item,
                PageReaderOptions options) {
  // Two parsers: a page's elements live in its parser, and one page is read while the other fills.
  simdjson::dom::parser parsers[2];
  Request request = std::move(first);
  paginator.first(request);
  simdjson::dom::element page = requester.send_json(request, parsers[0]);
  for (int current = 0;; current = 1 - current) {
    simdjson::dom::array items = items_of(page);
    bool more = paginator.next(page, items.size(), request);
    std::future<simdjson::dom::element> next;
    if (more && options.prefetch) {
      simdjson::dom::parser* spare = &parsers[1 - current];
      next = std::async(std::launch::async, [&requester, spare, r = request] {
        return requester.send_json(r, *spare);
      });
    }
    try {
      for (simdjson::dom::element item : items) on_item(item);
    } catch (...) {
      if (next.valid()) next.wait();  // the worker writes into `parsers`; let it finish first
      throw;
    }
    if (!more) return;
    page = next.valid() ? next.get() : requester.send_json(request, parsers[1 - current]);
  }
}

}  // namespace sluice
