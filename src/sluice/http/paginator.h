#pragma once
// Paginators: each sets up the first request and, given a page, says whether there is another and
// rewrites the request for it. A page whose position does not advance is an error, never a loop.
#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>

#include "sluice/http/request.h"

namespace sluice {

class Paginator {
 public:
  virtual ~Paginator() = default;
  virtual void first(Request& request) = 0;
  // `page` is the parsed body, `items` the number of records it held.
  virtual bool next(simdjson::dom::element page, size_t items, Request& request) = 0;
};

// `page=1,2,…` until the page number in `last_page_pointer` is reached or a page is empty.
std::unique_ptr<Paginator> page_number_paginator(std::string page_param, std::string size_param,
                                                 int64_t page_size, std::string last_page_pointer);

// The token at `cursor_pointer` goes into `cursor_param`; the end is a null or empty token or an
// empty page (APIs do both). A non-empty `start` resumes the list at the page it names.
std::unique_ptr<Paginator> cursor_paginator(std::string cursor_param, std::string cursor_pointer,
                                            std::string size_param = {}, int64_t page_size = 0,
                                            std::string start = {});

// `offset` advances by the number of items; the end is a short page, or `offset >= total` when a
// total is given at `total_pointer`.
std::unique_ptr<Paginator> offset_paginator(std::string offset_param, std::string limit_param,
                                            int64_t limit, std::string total_pointer = {});

// The next page's full URL is at `next_pointer` (null or absent at the end).
std::unique_ptr<Paginator> next_url_paginator(std::string next_pointer);

}  // namespace sluice
