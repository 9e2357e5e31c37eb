#include "sluice/http/paginator.h"

#include "sluice/core/error.h"

namespace sluice {
namespace {

std::optional<int64_t> int_at(simdjson::dom::element page, const std::string& pointer) {
  simdjson::dom::element e;
  if (page.at_pointer(pointer).get(e)) return std::nullopt;
  int64_t v;
  if (!e.get(v)) return v;
  double d;
  // A number past int64's range (an API sending 1e92) is no page count; casting it is undefined.
  if (!e.get(d)) {
    if (d >= -9.2e18 && d <= 9.2e18) return static_cast<int64_t>(d);
    return std::nullopt;
  }
  std::string_view s;
  if (!e.get(s)) {
    try {
      return std::stoll(std::string(s));
    } catch (...) {
    }
  }
  return std::nullopt;
}

std::optional<std::string> string_at(simdjson::dom::element page, const std::string& pointer) {
  std::string_view s;
  if (page.at_pointer(pointer).get(s) || s.empty()) return std::nullopt;
  return std::string(s);
}

class PageNumber : public Paginator {
 public:
  PageNumber(std::string page, std::string size, int64_t n, std::string last)
      : page_param_(std::move(page)),
        size_param_(std::move(size)),
        size_(n),
        last_(std::move(last)) {}
  void first(Request& r) override {
    page_ = 1;
    r.set_query(page_param_, "1");
    if (!size_param_.empty()) r.set_query(size_param_, std::to_string(size_));
  }
  bool next(simdjson::dom::element page, size_t items, Request& r) override {
    if (items == 0) return false;
    auto last = int_at(page, last_);
    if (last && page_ >= *last) return false;
    if (!last && size_ > 0 && static_cast<int64_t>(items) < size_) return false;
    r.set_query(page_param_, std::to_string(++page_));
    return true;
  }

 private:
  std::string page_param_, size_param_;
  int64_t size_;
  std::string last_;
  int64_t page_ = 1;
};

class Cursor : public Paginator {
 public:
  Cursor(std::string param, std::string pointer, std::string size_param, int64_t size,
         std::string start)
      : param_(std::move(param)),
        pointer_(std::move(pointer)),
        size_param_(std::move(size_param)),
        size_(size),
        start_(std::move(start)) {}
  void first(Request& r) override {
    r.remove_query(param_);
    if (!start_.empty()) r.set_query(param_, start_);
    seen_ = start_;
    if (!size_param_.empty()) r.set_query(size_param_, std::to_string(size_));
  }
  bool next(simdjson::dom::element page, size_t items, Request& r) override {
    auto token = string_at(page, pointer_);
    if (!token || items == 0) return false;
    if (*token == seen_)
      throw Error(ErrorKind::kApi,
                  "The API returned the same page cursor twice; stopping instead of "
                  "looping. Try the sync again later.");
    seen_ = *token;
    r.set_query(param_, *token);
    return true;
  }

 private:
  std::string param_, pointer_, size_param_;
  int64_t size_;
  std::string start_, seen_;
};

class Offset : public Paginator {
 public:
  Offset(std::string offset, std::string limit, int64_t n, std::string total)
      : offset_param_(std::move(offset)),
        limit_param_(std::move(limit)),
        limit_(n),
        total_(std::move(total)) {}
  void first(Request& r) override {
    offset_ = 0;
    r.set_query(offset_param_, "0");
    r.set_query(limit_param_, std::to_string(limit_));
  }
  bool next(simdjson::dom::element page, size_t items, Request& r) override {
    if (items == 0) return false;
    offset_ += static_cast<int64_t>(items);
    if (!total_.empty()) {
      auto total = int_at(page, total_);
      if (total && offset_ >= *total) return false;
    } else if (static_cast<int64_t>(items) < limit_) {
      return false;
    }
    r.set_query(offset_param_, std::to_string(offset_));
    return true;
  }

 private:
  std::string offset_param_, limit_param_;
  int64_t limit_;
  std::string total_;
  int64_t offset_ = 0;
};

class NextUrl : public Paginator {
 public:
  explicit NextUrl(std::string pointer) : pointer_(std::move(pointer)) {}
  void first(Request&) override { seen_.clear(); }
  bool next(simdjson::dom::element page, size_t, Request& r) override {
    auto url = string_at(page, pointer_);
    if (!url) return false;
    if (*url == seen_)
      throw Error(ErrorKind::kApi,
                  "The API returned the same next-page URL twice; stopping instead "
                  "of looping. Try the sync again later.");
    seen_ = *url;
    // The URL is followed verbatim: it carries its own query.
    r.url = *url;
    r.query.clear();
    return true;
  }

 private:
  std::string pointer_;
  std::string seen_;
};

}  // namespace

std::unique_ptr<Paginator> page_number_paginator(std::string page_param, std::string size_param,
                                                 int64_t page_size, std::string last_page_pointer) {
  return std::make_unique<PageNumber>(std::move(page_param), std::move(size_param), page_size,
                                      std::move(last_page_pointer));
}
std::unique_ptr<Paginator> cursor_paginator(std::string cursor_param, std::string cursor_pointer,
                                            std::string size_param, int64_t page_size,
                                            std::string start) {
  return std::make_unique<Cursor>(std::move(cursor_param), std::move(cursor_pointer),
                                  std::move(size_param), page_size, std::move(start));
}
std::unique_ptr<Paginator> offset_paginator(std::string offset_param, std::string limit_param,
                                            int64_t limit, std::string total_pointer) {
  return std::make_unique<Offset>(std::move(offset_param), std::move(limit_param), limit,
                                  std::move(total_pointer));
}
std::unique_ptr<Paginator> next_url_paginator(std::string next_pointer) {
  return std::make_unique<NextUrl>(std::move(next_pointer));
}

}  // namespace sluice
