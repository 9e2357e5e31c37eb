#pragma once
// `paginator:` of a YAML stream: how the next page is asked for (page number, offset/limit, a
// cursor from a body path, the next URL from a body path or the Link header) and when the list
// ends. Page number and offset paginators must name their stop (`empty_page`, `short_page`,
// `total`): without one they would ask forever. Cursor and next-URL paginators end when the
// cursor is missing, and may also stop on an empty page. A position that does not advance is an
// error, never a loop.
#include <simdjson.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "sluice/declarative/build_context.h"
#include "sluice/http/request.h"

namespace sluice::declarative {

struct PaginatorDefinition {
  enum class Type { kNone, kPageNumber, kOffset, kCursor, kNextUrl, kLinkHeader };
  Type type = Type::kNone;
  std::string param;       // page / offset / cursor query parameter
  std::string size_param;  // page size or limit parameter ("": not sent)
  int64_t page_size = 0;
  int64_t first_page = 1;
  std::string value_pointer;  // cursor, next URL, or the total (pages or records)
  bool stop_empty = false, stop_short = false, stop_total = false;
  std::string total_pointer;
};

PaginatorDefinition read_paginator(const YAML::Node& node, const BuildContext& context,
                                   const std::string& stream);

// The pages of one request; a fresh one per partition and window.
class PageWalker {
 public:
  explicit PageWalker(const PaginatorDefinition& definition) : d_(definition) {}
  void first(Request& request);
  // After `response` (parsed as `body`, holding `items` records): true with `request` rewritten for
  // the next page, false at the end.
  bool next(const Response& response, simdjson::dom::element body, size_t items, Request& request);
  // The walker's own count (page number, offset) and last token (left out when it holds a
  // secret), for a saved position; resume() takes them back after first() so a restarted walk
  // goes on counting where it stood.
  nlohmann::json position() const;
  void resume(const nlohmann::json& saved);

 private:
  const PaginatorDefinition& d_;
  int64_t position_ = 0;  // page number or offset
  std::string last_token_;
};

// "https://host:8080" of "https://host:8080/v1/x?y": where a URL's path begins, cut there.
std::string url_origin(const std::string& url);

// The `rel="next"` URL of a Link header; empty when there is none.
std::string link_next(std::string_view header);

}  // namespace sluice::declarative
