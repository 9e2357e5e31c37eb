#include "sluice/http/page_prefetch.h"

#include <algorithm>

namespace sluice {

PagePrefetch::PagePrefetch(Requester& requester, Request first,
                           std::unique_ptr<Paginator> paginator, ItemsOf items_of, size_t max_pages)
    : requester_(requester),
      paginator_(std::move(paginator)),
      items_of_(std::move(items_of)),
      max_pages_(std::max<size_t>(1, max_pages)) {
  worker_ = std::thread([this, first = std::move(first)]() mutable { run(std::move(first)); });
}

PagePrefetch::~PagePrefetch() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void PagePrefetch::run(Request request) {
  try {
    // Only to find the next page; the loader parses the body again with its own parser.
    simdjson::dom::parser parser;
    paginator_->first(request);
    for (;;) {
      std::string memory;
      {
        std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
          memory = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      std::string body = requester_.send(request, std::move(memory)).body;
      simdjson::dom::element page = requester_.parse_json(body, request, parser);
      Request sent = request;
      bool more = paginator_->next(page, items_of_(page).size(), request);
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || pages_.size() < max_pages_; });
      if (stop_) return;
      pages_.push_back({std::move(sent), std::move(body)});
      if (!more) finished_ = true;
      changed_.notify_all();
      if (!more) return;
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
    finished_ = true;
    changed_.notify_all();
  }
}

void PagePrefetch::drain(simdjson::dom::parser& parser,
                         const std::function<void(simdjson::dom::element page)>& on_page) {
  for (;;) {
    Page page;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !pages_.empty() || finished_; });
      if (pages_.empty()) {
        spare_ = {};  // the list is read: its memory goes
        if (error_) std::rethrow_exception(error_);
        return;
      }
      page = std::move(pages_.front());
      pages_.pop_front();
    }
    changed_.notify_all();
    on_page(requester_.parse_json(page.body, page.request, parser));
    std::lock_guard lock(mutex_);
    if (spare_.size() < max_pages_) spare_.push_back(std::move(page.body));
  }
}

}  // namespace sluice
