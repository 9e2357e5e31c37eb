#include "sluice/http/request_head_guard.h"

#include <algorithm>
#include <cctype>

namespace sluice {
namespace {

HeadCheck error(int status, std::string message) {
  HeadCheck c;
  c.state = HeadCheck::State::kError;
  c.status = status;
  c.message = std::move(message);
  return c;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 9110 token characters: what a header name may be made of.
bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

// Digits only (no sign, no spaces, no hex), short enough not to overflow.
bool parse_decimal(std::string_view s, size_t& out) {
  if (s.empty() || s.size() > 18) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<size_t>(c - '0');
  }
  return true;
}

}  // namespace

HeadCheck RequestHeadGuard::check(std::string_view buffered) {
  HeadCheck out;
  while (buffered.substr(out.blank_prefix, 2) == "\r\n") out.blank_prefix += 2;
  if (out.blank_prefix > 0) scanned_ = 0;  // the caller skips them and asks again
  std::string_view rest = buffered.substr(out.blank_prefix);
  size_t end = rest.find("\r\n\r\n", scanned_ >= 3 ? scanned_ - 3 : 0);
  size_t line_end = rest.find("\r\n");
  if (line_end == std::string_view::npos ? rest.size() > limits_.max_request_line
                                         : line_end > limits_.max_request_line)
    return error(414, "The request line is longer than the server accepts.");
  if (end == std::string_view::npos) {
    scanned_ = rest.size();
    if (line_end != std::string_view::npos && rest.size() - line_end - 2 > limits_.max_header_bytes)
      return error(431, "The request headers are larger than the server accepts.");
    return out;
  }
  if (end > line_end && end - line_end - 2 > limits_.max_header_bytes)
    return error(431, "The request headers are larger than the server accepts.");
  out.head_bytes = end + 4;
  return framing(rest.substr(0, end), out);
}

HeadCheck RequestHeadGuard::framing(std::string_view head, HeadCheck done) const {
  // cpp-httplib routes these methods; any other it would read a body for without a bound.
  const std::string_view method = head.substr(0, head.find(' '));
  if (!is_token(method)) return error(400, "The request line is not `METHOD target HTTP/1.1`.");
  if (method != "GET" && method != "HEAD" && method != "POST" && method != "PUT" &&
      method != "PATCH" && method != "DELETE" && method != "OPTIONS")
    return error(405, "The server does not answer this method.");
  size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  if (std::any_of(request_line.begin(), request_line.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == 0x7f;
      }))
    return error(400, "The request line holds a control character.");
  std::string_view headers =
      line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  size_t count = 0;
  bool has_length = false;
  bool chunked = false;
  size_t length = 0;
  while (!headers.empty()) {
    size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    if (++count > limits_.max_headers)
      return error(431, "The request has more headers than the server accepts.");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return error(400, "A request header is not `Name: value`.");
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      size_t n = 0;
      if (!parse_decimal(value, n) || (has_length && n != length))
        return error(400, "The request's Content-Length is not one decimal number.");
      has_length = true;
      length = n;
    } else if (iequals(name, "transfer-encoding")) {
      if (!iequals(value, "chunked") || chunked)
        return error(400, "The server accepts no transfer coding but `chunked`.");
      chunked = true;
    }
  }
  if (has_length && chunked)
    return error(400, "A request cannot have both Content-Length and chunked coding.");
  if (length > limits_.max_body_bytes)
    return error(413, "The request body is larger than the server accepts.");
  done.state = HeadCheck::State::kComplete;
  done.has_body = chunked || length > 0;
  return done;
}

}  // namespace sluice
