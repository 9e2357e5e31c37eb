#include "sluice/declarative/paginator.h"

#include <map>

#include "sluice/core/error.h"
#include "sluice/core/redact.h"
#include "sluice/declarative/error_handler.h"
#include "sluice/declarative/record_selector.h"

namespace sluice::declarative {
namespace {

using Type = PaginatorDefinition::Type;
const std::map<std::string, Type> kTypes = {
    {"none", Type::kNone},        {"page_number", Type::kPageNumber},
    {"offset", Type::kOffset},    {"cursor", Type::kCursor},
    {"next_url", Type::kNextUrl}, {"link_header", Type::kLinkHeader}};

std::optional<int64_t> int_at(simdjson::dom::element body, const std::string& pointer) {
  simdjson::dom::element e;
  if (pointer.empty() || body.at_pointer(pointer).get(e)) return std::nullopt;
  int64_t v;
  if (!e.get(v)) return v;
  double d;
  if (!e.get(d) && d >= -9.2e18 && d <= 9.2e18) return static_cast<int64_t>(d);
  std::string_view s;
  if (!e.get(s)) try {
      return std::stoll(std::string(s));
    } catch (...) {
    }
  return std::nullopt;
}

std::string token_at(simdjson::dom::element body, const std::string& pointer) {
  simdjson::dom::element e;
  return body.at_pointer(pointer).get(e) ? "" : element_text(e);
}

}  // namespace

std::string url_origin(const std::string& url) {
  const size_t scheme = url.find("://");
  return url.substr(0, url.find('/', scheme == std::string::npos ? 0 : scheme + 3));
}

std::string link_next(std::string_view h) {
  // <https://api/x?page=2>; rel="next", <https://api/x?page=9>; rel="last"
  size_t pos = 0;
  while ((pos = h.find('<', pos)) != std::string_view::npos) {
    size_t close = h.find('>', pos);
    if (close == std::string_view::npos) break;
    size_t end = h.find('<', close);
    std::string_view params = h.substr(close, end == std::string_view::npos ? end : end - close);
    if (params.find("rel=\"next\"") != std::string_view::npos ||
        params.find("rel=next") != std::string_view::npos)
      return std::string(h.substr(pos + 1, close - pos - 1));
    pos = close;
  }
  return "";
}

PaginatorDefinition read_paginator(const YAML::Node& node, const BuildContext& c,
                                   const std::string& stream) {
  PaginatorDefinition p;
  if (!node.IsDefined()) return p;
  const std::string what = "the paginator of stream " + stream;
  YamlObject o(node, c.diagnostics, what);
  if (!o.ok()) return p;
  std::string type = o.text("type", true).value_or("none");
  if (auto it = kTypes.find(type); it != kTypes.end())
    p.type = it->second;
  else
    c.diagnostics.error(o.node("type").Mark(), what + " has type \"" + type +
                                                   "\"; the types are none, page_number, offset, "
                                                   "cursor, next_url and link_header.");
  switch (p.type) {
    case Type::kPageNumber:
      p.param = o.text("page_param").value_or("page");
      p.first_page = o.integer("first_page").value_or(1);
      break;
    case Type::kOffset:
      p.param = o.text("offset_param").value_or("offset");
      break;
    case Type::kCursor:
      p.param = o.text("cursor_param", true).value_or("");
      p.value_pointer = dotted_to_pointer(o.text("cursor_path", true).value_or(""));
      break;
    case Type::kNextUrl:
      p.value_pointer = dotted_to_pointer(o.text("next_url_path", true).value_or(""));
      break;
    default:
      break;
  }
  if (p.type != Type::kNone) {
    p.size_param = o.text("size_param").value_or("");
    p.page_size = o.integer("page_size").value_or(0);
    p.total_pointer = dotted_to_pointer(o.text("total_path").value_or(""));
    YAML::Node stop = o.node("stop");
    for (const auto& s : o.texts("stop")) {
      if (s == "empty_page")
        p.stop_empty = true;
      else if (s == "short_page" && p.page_size > 0)
        p.stop_short = true;
      else if (s == "total" && !p.total_pointer.empty())
        p.stop_total = true;
      else if (s == "missing_cursor" && p.type != Type::kPageNumber && p.type != Type::kOffset) {
      } else
        c.diagnostics.error(stop.Mark(), what + " cannot stop on \"" + s + "\"" +
                                             (s == "short_page" ? " without `page_size`"
                                              : s == "total"    ? " without `total_path`"
                                                                : "") +
                                             "; it may stop on empty_page, short_page (with "
                                             "page_size), total (with total_path) or, for cursors "
                                             "and next URLs, missing_cursor.");
    }
    bool bounded = p.stop_empty || p.stop_short || p.stop_total;
    if (!bounded && (p.type == Type::kPageNumber || p.type == Type::kOffset))
      c.diagnostics.error(o.mark(), what +
                                        " has no stop condition, so it would ask for pages "
                                        "forever; add `stop: [empty_page]` (or short_page, "
                                        "total).");
  }
  o.finish();
  return p;
}

void PageWalker::first(Request& r) {
  last_token_.clear();
  switch (d_.type) {
    case Type::kPageNumber:
      position_ = d_.first_page;
      r.set_query(d_.param, std::to_string(position_));
      break;
    case Type::kOffset:
      position_ = 0;
      r.set_query(d_.param, "0");
      break;
    case Type::kCursor:
      r.remove_query(d_.param);
      break;
    default:
      break;
  }
  if (!d_.size_param.empty() && d_.page_size > 0)
    r.set_query(d_.size_param, std::to_string(d_.page_size));
}

bool PageWalker::next(const Response& response, simdjson::dom::element body, size_t items,
                      Request& r) {
  if (d_.type == Type::kNone) return false;
  if (d_.stop_empty && items == 0) return false;
  if (d_.stop_short && static_cast<int64_t>(items) < d_.page_size) return false;
  auto total = int_at(body, d_.total_pointer);
  switch (d_.type) {
    case Type::kPageNumber:
      if (d_.stop_total && total && position_ - d_.first_page + 1 >= *total) return false;
      r.set_query(d_.param, std::to_string(++position_));
      return true;
    case Type::kOffset:
      position_ += static_cast<int64_t>(items);
      if (d_.stop_total && total && position_ >= *total) return false;
      if (items == 0)
        throw Error(ErrorKind::kApi,
                    "An offset page held no records and the list did not end; the offset would not "
                    "advance.");
      r.set_query(d_.param, std::to_string(position_));
      return true;
    default:
      break;
  }
  std::string token;
  if (d_.type == Type::kLinkHeader) {
    const std::string* h = response.header("link");
    token = h ? link_next(*h) : "";
  } else {
    token = token_at(body, d_.value_pointer);
  }
  if (token.empty()) return false;
  if (token == last_token_)
    throw Error(ErrorKind::kApi, "The API answered the same next-page position twice (" +
                                     url_path(r.url) + "); stopping instead of looping.");
  last_token_ = token;
  if (d_.type == Type::kCursor) {
    r.set_query(d_.param, token);
    return true;
  }
  // A next URL carries its own query; a relative one is resolved against the current host.
  r.query.clear();
  if (token.rfind("http", 0) != 0)
    token = url_origin(r.url) + (token.front() == '/' ? "" : "/") + token;
  size_t q = token.find('?');
  r.url = token.substr(0, q);
  if (q != std::string::npos) {
    std::string_view qs = std::string_view(token).substr(q + 1);
    while (!qs.empty()) {
      size_t amp = qs.find('&');
      std::string_view kv = qs.substr(0, amp);
      size_t eq = kv.find('=');
      r.query.emplace_back(url_decode(kv.substr(0, eq)),
                           eq == std::string_view::npos ? "" : url_decode(kv.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      qs.remove_prefix(amp + 1);
    }
  }
  return true;
}

nlohmann::json PageWalker::position() const {
  nlohmann::json out = nlohmann::json::object();
  if (d_.type == Type::kPageNumber || d_.type == Type::kOffset) out["count"] = position_;
  // A next URL may echo a credential (an access token in its query): a state never holds one.
  if (!last_token_.empty() && redact(last_token_) == last_token_) out["last_token"] = last_token_;
  return out;
}

void PageWalker::resume(const nlohmann::json& saved) {
  if (!saved.is_object()) return;
  if (auto c = saved.find("count"); c != saved.end() && c->is_number_integer())
    position_ = c->get<int64_t>();
  if (auto t = saved.find("last_token"); t != saved.end() && t->is_string())
    last_token_ = t->get<std::string>();
}

}  // namespace sluice::declarative
