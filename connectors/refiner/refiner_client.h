#pragma once
// Refiner's HTTP side: bearer auth, the retry policy, paging through a list, and the API's own
// errors turned into sentences a user can act on (an unknown key is a 404, not a 401).
#include <simdjson.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sluice/http/page_prefetch.h"
#include "sluice/http/paginator.h"
#include "sluice/http/requester.h"
#include "sluice/sdk/spec.h"

namespace sluice::refiner {

// Where a cursor-paged list stands: the cursor of a page (empty: the list's first page) and how
// many items from there on are already committed. A resumed read asks for that page again and
// skips them, so it re-reads at most one page.
struct ListPosition {
  std::string page_cursor;
  int64_t skip = 0;
  nlohmann::json to_json() const;
  // {"page_cursor", "skip"}; without a `skip`, the list's start.
  static ListPosition from_json(const nlohmann::json& j);
};

class RefinerClient {
 public:
  explicit RefinerClient(const Config& config);

  simdjson::dom::element get(const std::string& path, simdjson::dom::parser& parser);
  simdjson::dom::element get(const std::string& path, Params query, simdjson::dom::parser& parser);
  // Calls `on_item` for every item of every page; `query` holds the list's filters.
  void for_each(const std::string& path, Params query, Paginator& paginator,
                const std::function<void(simdjson::dom::element)>& on_item);
  // The same list read ahead on a worker thread (http/page_prefetch.h); its items are handed
  // over by the for_each below, in order, when the stream gets to it.
  std::unique_ptr<PagePrefetch> prefetch(const std::string& path, Params query,
                                         std::unique_ptr<Paginator> paginator, size_t max_pages);
  void for_each(PagePrefetch& pages, const std::string& path,
                const std::function<void(simdjson::dom::element)>& on_item);
  // The items of a list prefetched from `from.page_cursor`, after the first `from.skip`, each
  // with the position just past it (what a checkpoint after it records). `on_count` hears the
  // first page's items_count (the whole list's, for the progress bar).
  void for_each(PagePrefetch& pages, const std::string& path, ListPosition from,
                const std::function<void(simdjson::dom::element, const ListPosition&)>& on_item,
                const std::function<void(int64_t items_count)>& on_count = {});
  // A list paged by number (`page`, `page_length`), from its item `from` (0: the first) to its
  // end: after each page `on_page` gets the offset of the next page's first item (0 after the
  // last). An offset, not a page number, so a read resumed with another page length goes on at
  // the same item, re-reading less than a page.
  void for_each_numbered(const std::string& path, Params query, int64_t page_length, int64_t from,
                         const std::function<void(simdjson::dom::element)>& on_item,
                         const std::function<void(int64_t next)>& on_page);
  // A cursor-paged list of `page_length` items a page, prefetched from `from`'s page.
  std::unique_ptr<PagePrefetch> prefetch_from(const std::string& path, Params query,
                                              int64_t page_length, const ListPosition& from,
                                              size_t max_pages);
  int64_t requests_sent() const { return requester_.requests_sent(); }
  Requester& requester() { return requester_; }

 private:
  Request request(const std::string& path) const;
  std::string base_url_;
  Requester requester_;
};

}  // namespace sluice::refiner
