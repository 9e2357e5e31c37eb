#include "connectors/refiner/refiner_client.h"

#include <algorithm>
#include <utility>

#include "sluice/core/error.h"
#include "sluice/http/page_reader.h"

namespace sluice::refiner {
namespace {

// Rephrases the API's refusals: Refiner answers an unknown key with 404.
[[noreturn]] void rethrow_refiner(const HttpStatusError& e) {
  const std::string& text = e.api_message();
  bool key_problem = e.status() == 401 || e.status() == 403 ||
                     (e.status() == 404 && text.find("API key") != std::string::npos);
  if (key_problem) {
    throw Error(ErrorKind::kAuth, "Refiner refused the api_key (HTTP " +
                                      std::to_string(e.status()) + ": \"" + text +
                                      "\"); copy the key again from Settings > "
                                      "Integrations > API in Refiner and put it in api_key.");
  }
  throw;
}

PagePrefetch::ItemsOf items_of(const std::string& path) {
  return [path](simdjson::dom::element page) {
    simdjson::dom::array items;
    if (page["items"].get(items))
      throw Error(ErrorKind::kApi, "Refiner answered " + path +
                                       " without an `items` list; check "
                                       "that base_url points at the Refiner API (…/v1/).");
    return items;
  };
}

}  // namespace

nlohmann::json ListPosition::to_json() const {
  return {{"page_cursor", page_cursor.empty() ? nlohmann::json() : nlohmann::json(page_cursor)},
          {"skip", skip}};
}

ListPosition ListPosition::from_json(const nlohmann::json& j) {
  ListPosition p;
  if (!j.is_object()) return p;
  if (j.contains("page_cursor") && j["page_cursor"].is_string())
    p.page_cursor = j["page_cursor"].get<std::string>();
  if (j.contains("skip") && j["skip"].is_number_integer())
    p.skip = std::max<int64_t>(0, j["skip"].get<int64_t>());
  return p;
}

RefinerClient::RefinerClient(const Config& config)
    : base_url_(config.at("base_url").get<std::string>()),
      requester_("Refiner", bearer_auth(config.at("api_key").get<std::string>()),
                 ClientOptions{.timeout_seconds = config.value("request_timeout_seconds", 60)}) {}

Request RefinerClient::request(const std::string& path) const {
  Request r;
  r.url = join_url(base_url_, path);
  r.headers.emplace_back("Accept", "application/json");
  return r;
}

simdjson::dom::element RefinerClient::get(const std::string& path, simdjson::dom::parser& parser) {
  return get(path, {}, parser);
}

simdjson::dom::element RefinerClient::get(const std::string& path, Params query,
                                          simdjson::dom::parser& parser) {
  Request r = request(path);
  r.query = std::move(query);
  try {
    return requester_.send_json(std::move(r), parser);
  } catch (const HttpStatusError& e) {
    rethrow_refiner(e);
  }
}

void RefinerClient::for_each(const std::string& path, Params query, Paginator& paginator,
                             const std::function<void(simdjson::dom::element)>& on_item) {
  Request r = request(path);
  r.query = std::move(query);
  try {
    read_pages(requester_, std::move(r), paginator, items_of(path), on_item);
  } catch (const HttpStatusError& e) {
    rethrow_refiner(e);
  }
}

void RefinerClient::for_each_numbered(const std::string& path, Params query, int64_t page_length,
                                      int64_t from,
                                      const std::function<void(simdjson::dom::element)>& on_item,
                                      const std::function<void(int64_t next)>& on_page) {
  simdjson::dom::parser parser;
  query.emplace_back("page_length", std::to_string(page_length));
  // The page holding item `from` (the page length may differ from the one the offset was counted
  // in), its items before `from` skipped.
  from = std::max<int64_t>(0, from);
  int64_t skip = from % page_length;
  for (int64_t page = from / page_length + 1;; ++page) {
    Params q = query;
    q.emplace_back("page", std::to_string(page));
    simdjson::dom::element body = get(path, std::move(q), parser);
    simdjson::dom::array items = items_of(path)(body);
    for (simdjson::dom::element item : items)
      if (skip > 0)
        --skip;
      else
        on_item(item);
    // The end: an empty page, the last page the API names, or (naming none) a short page.
    int64_t last = 0;
    const bool named = !body.at_pointer("/pagination/last_page").get(last);
    const auto n = static_cast<int64_t>(items.size());
    const bool end = n == 0 || (named ? page >= last : n < page_length);
    on_page(end ? 0 : page * page_length);
    if (end) return;
  }
}

std::unique_ptr<PagePrefetch> RefinerClient::prefetch(const std::string& path, Params query,
                                                      std::unique_ptr<Paginator> paginator,
                                                      size_t max_pages) {
  Request r = request(path);
  r.query = std::move(query);
  return std::make_unique<PagePrefetch>(requester_, std::move(r), std::move(paginator),
                                        items_of(path), max_pages);
}

void RefinerClient::for_each(PagePrefetch& pages, const std::string& path,
                             const std::function<void(simdjson::dom::element)>& on_item) {
  simdjson::dom::parser parser;
  try {
    pages.drain(parser, [&](simdjson::dom::element page) {
      for (simdjson::dom::element item : items_of(path)(page)) on_item(item);
    });
  } catch (const HttpStatusError& e) {
    rethrow_refiner(e);
  }
}

std::unique_ptr<PagePrefetch> RefinerClient::prefetch_from(const std::string& path, Params query,
                                                           int64_t page_length,
                                                           const ListPosition& from,
                                                           size_t max_pages) {
  return prefetch(path, std::move(query),
                  cursor_paginator("page_cursor", "/pagination/next_page_cursor", "page_length",
                                   page_length, from.page_cursor),
                  max_pages);
}

void RefinerClient::for_each(
    PagePrefetch& pages, const std::string& path, ListPosition from,
    const std::function<void(simdjson::dom::element, const ListPosition&)>& on_item,
    const std::function<void(int64_t items_count)>& on_count) {
  simdjson::dom::parser parser;
  std::string page_cursor = std::move(from.page_cursor);  // of the page being read
  int64_t to_skip = from.skip;
  bool first = true;
  try {
    pages.drain(parser, [&](simdjson::dom::element page) {
      int64_t count = 0;
      if (std::exchange(first, false) && on_count &&
          !page.at_pointer("/pagination/items_count").get(count))
        on_count(count);
      simdjson::dom::array items = items_of(path)(page);
      std::string_view next;
      if (page.at_pointer("/pagination/next_page_cursor").get(next)) next = {};
      const int64_t n = static_cast<int64_t>(items.size());
      int64_t index = 0;
      for (simdjson::dom::element item : items) {
        ++index;
        if (to_skip > 0) {
          --to_skip;
          continue;
        }
        // Past a page's last item the next page is the position: nothing of it to re-read.
        on_item(item, index == n && !next.empty() ? ListPosition{std::string(next), 0}
                                                  : ListPosition{page_cursor, index});
      }
      if (!next.empty()) page_cursor = std::string(next);
    });
  } catch (const HttpStatusError& e) {
    rethrow_refiner(e);
  }
}

}  // namespace sluice::refiner
