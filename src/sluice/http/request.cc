#include "sluice/http/request.h"

namespace sluice {

void Request::set_query(std::string_view name, std::string value) {
  for (auto& [k, v] : query) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  query.emplace_back(std::string(name), std::move(value));
}

void Request::remove_query(std::string_view name) {
  std::erase_if(query, [&](const auto& kv) { return kv.first == name; });
}

std::string Request::full_url() const {
  std::string out = url;
  char sep = out.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : query) {
    out.push_back(sep);
    out += url_encode(k);
    out.push_back('=');
    out += url_encode(v);
    sep = '&';
  }
  return out;
}

const std::string* Response::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return &v;
  return nullptr;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '+') {
      out.push_back(' ');
    } else if (s[k] == '%' && k + 2 < s.size() && hex(s[k + 1]) >= 0 && hex(s[k + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[k + 1]) * 16 + hex(s[k + 2])));
      k += 2;
    } else {
      out.push_back(s[k]);
    }
  }
  return out;
}

std::string join_url(std::string_view base, std::string_view path) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return out + "/";
  out.push_back('/');
  out += path;
  return out;
}

std::string url_path(std::string_view url) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (slash == std::string_view::npos) return "/";
  std::string_view path = url.substr(slash);
  return std::string(path.substr(0, path.find('?')));
}

}  // namespace sluice
