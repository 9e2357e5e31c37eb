#pragma once
// A paginated list read on a worker thread ahead of the stream that loads it, so that a list
// which does not depend on the streams before it is downloaded while they are still being read.
// At most `max_pages` bodies wait in memory (the worker pauses when they do); they are handed
// over in the API's order, so loading and checkpoints happen exactly as in a sequential read.
#include <simdjson.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sluice/http/paginator.h"
#include "sluice/http/requester.h"

namespace sluice {

class PagePrefetch {
 public:
  using ItemsOf = std::function<simdjson::dom::array(simdjson::dom::element page)>;
  // Starts reading at once; `requester` must outlive this object. `items_of` finds a page's
  // records (the paginator needs their count) and throws when the page has none of the shape.
  PagePrefetch(Requester& requester, Request first, std::unique_ptr<Paginator> paginator,
               ItemsOf items_of, size_t max_pages);
  ~PagePrefetch();  // stops the worker and waits for it
  PagePrefetch(const PagePrefetch&) = delete;
  PagePrefetch& operator=(const PagePrefetch&) = delete;

  // Every page, parsed into `parser`, in order; the worker's failure is rethrown where it
  // happened in the list, after the pages before it.
  void drain(simdjson::dom::parser& parser,
             const std::function<void(simdjson::dom::element page)>& on_page);

 private:
  struct Page {
    Request request;  // as sent: a body that does not parse is asked for again with it
    std::string body;
  };
  void run(Request first);

  Requester& requester_;
  std::unique_ptr<Paginator> paginator_;
  ItemsOf items_of_;
  size_t max_pages_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Page> pages_;
  std::vector<std::string> spare_;  // bodies already read, their memory kept for the next pages
  bool finished_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread worker_;
};

}  // namespace sluice
