// Fuzz target: any bytes as a page, handed to every paginator in turn for up to 50 pages. A
// paginator may stop or throw sluice::Error; it must never crash or loop forever.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>

#include "sluice/core/error.h"
#include "sluice/http/paginator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static simdjson::dom::parser parser;
  simdjson::dom::element page;
  if (parser.parse(reinterpret_cast<const char*>(data), size).get(page)) return 0;
  std::unique_ptr<sluice::Paginator> all[] = {
      sluice::page_number_paginator("page", "per_page", 10, "/pagination/last_page"),
      sluice::cursor_paginator("cursor", "/next_cursor", "limit", 10),
      sluice::offset_paginator("offset", "limit", 10, "/total"),
      sluice::next_url_paginator("/result/nextPage")};
  for (auto& p : all) {
    sluice::Request r;
    r.url = "https://api.example.com/items";
    p->first(r);
    try {
      for (int i = 0; i < 50 && p->next(page, size % 13, r); ++i) {
      }
    } catch (const sluice::Error&) {
    }
  }
  return 0;
}
