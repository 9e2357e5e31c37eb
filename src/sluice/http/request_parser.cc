#include "sluice/http/request_parser.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace sluice {
namespace {

// RFC 9110 token characters: what a method or a header name may be made of.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (std::isalnum(c)) continue;
    if (std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) == std::string_view::npos)
      return false;
  }
  return true;
}

bool has_control(std::string_view s, bool allow_tab) {
  return std::any_of(s.begin(), s.end(), [&](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f;
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void parse_query(std::string_view q, Params& out) {
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    auto eq = pair.find('=');
    if (!pair.empty())
      out.emplace_back(url_decode(pair.substr(0, eq)),
                       eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
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

bool parse_hex(std::string_view s, size_t& out) {
  if (s.empty() || s.size() > 15) return false;
  out = 0;
  for (char c : s) {
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
            : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                        : -1;
    if (d < 0) return false;
    out = out * 16 + static_cast<size_t>(d);
  }
  return true;
}

constexpr size_t kMaxChunkLine = 1024;

}  // namespace

std::string ServerRequest::param(std::string_view name, std::string fallback) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return fallback;
}

bool ServerRequest::has_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return true;
  return false;
}

const std::string* ServerRequest::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return &v;
  return nullptr;
}

RequestParser::State RequestParser::fail(int status, std::string message) {
  error_status_ = status;
  error_message_ = std::move(message);
  buffer_.clear();
  return State::kError;
}

RequestParser::State RequestParser::feed(std::string_view bytes) {
  if (error_status_ != 0) return State::kError;
  buffer_.append(bytes);
  return parse();
}

RequestParser::State RequestParser::parse() {
  if (error_status_ != 0) return State::kError;
  if (phase_ == Phase::kDone) return State::kDone;
  if (phase_ == Phase::kHead) {
    // Blank lines between requests are allowed (RFC 9112 2.2).
    size_t blank = 0;
    while (buffer_.compare(blank, 2, "\r\n") == 0) blank += 2;
    if (blank > 0) {
      buffer_.erase(0, blank);
      scanned_ = 0;
    }
    size_t end = buffer_.find("\r\n\r\n", scanned_ >= 3 ? scanned_ - 3 : 0);
    if (end == std::string::npos) {
      scanned_ = buffer_.size();
      size_t line_end = buffer_.find("\r\n");
      if (line_end == std::string::npos ? buffer_.size() > limits_.max_request_line
                                        : line_end > limits_.max_request_line)
        return fail(414, "The request line is longer than the server accepts.");
      if (line_end != std::string::npos && buffer_.size() - line_end - 2 > limits_.max_header_bytes)
        return fail(431, "The request headers are larger than the server accepts.");
      return State::kNeedMore;
    }
    if (State s = parse_head(std::string_view(buffer_).substr(0, end)); s == State::kError)
      return s;
    pos_ = end + 4;
  }
  if (phase_ == Phase::kBody) {
    if (buffer_.size() - pos_ < body_left_) return State::kNeedMore;
    request_.body = buffer_.substr(pos_, body_left_);
    pos_ += body_left_;
    phase_ = Phase::kDone;
  }
  if (phase_ == Phase::kChunkSize || phase_ == Phase::kChunkData || phase_ == Phase::kTrailer)
    return parse_chunks();
  return phase_ == Phase::kDone ? State::kDone : State::kNeedMore;
}

RequestParser::State RequestParser::parse_head(std::string_view head) {
  auto line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  if (line.size() > limits_.max_request_line)
    return fail(414, "The request line is longer than the server accepts.");
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos)
    return fail(400, "The request line is not `METHOD /path HTTP/1.1`.");
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method) || target.empty() || target.front() != '/' || has_control(target, false) ||
      target.find(' ') != std::string_view::npos ||
      (version != "HTTP/1.1" && version != "HTTP/1.0"))
    return fail(400, "The request line is not `METHOD /path HTTP/1.1`.");
  request_.method = std::string(method);
  request_.keep_alive = version == "HTTP/1.1";
  auto qmark = target.find('?');
  request_.path = url_decode(target.substr(0, qmark));
  if (qmark != std::string_view::npos) parse_query(target.substr(qmark + 1), request_.query);

  std::string_view rest = line_end == std::string_view::npos ? "" : head.substr(line_end + 2);
  if (rest.size() > limits_.max_header_bytes)
    return fail(431, "The request headers are larger than the server accepts.");
  while (!rest.empty()) {
    auto eol = rest.find("\r\n");
    if (request_.headers.size() >= limits_.max_headers)
      return fail(431, "The request has more headers than the server accepts.");
    if (State s = parse_header_line(rest.substr(0, eol)); s == State::kError) return s;
    rest = eol == std::string_view::npos ? "" : rest.substr(eol + 2);
  }
  if (chunked_ && has_length_)
    return fail(400, "The request has both Content-Length and Transfer-Encoding.");
  phase_ = chunked_ ? Phase::kChunkSize : body_left_ > 0 ? Phase::kBody : Phase::kDone;
  return State::kNeedMore;
}

RequestParser::State RequestParser::parse_header_line(std::string_view line) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
    return fail(400, "A request header is not `Name: value`.");
  std::string name = lower(line.substr(0, colon));
  std::string_view value = trim(line.substr(colon + 1));
  if (has_control(value, true)) return fail(400, "A request header holds a control character.");
  if (name == "content-length") {
    size_t length = 0;
    if (!parse_decimal(value, length) || (has_length_ && length != body_left_))
      return fail(400, "The Content-Length header is not one whole number.");
    if (length > limits_.max_body_bytes)
      return fail(413, "The request body is larger than the server accepts.");
    has_length_ = true;
    body_left_ = length;
  } else if (name == "transfer-encoding") {
    if (lower(value) != "chunked")
      return fail(400, "Only the chunked Transfer-Encoding is accepted.");
    chunked_ = true;
  } else if (name == "expect") {
    expects_continue_ = lower(value) == "100-continue";
  } else if (name == "connection") {
    std::string v = lower(value);
    if (v.find("close") != std::string::npos) request_.keep_alive = false;
    if (v.find("keep-alive") != std::string::npos) request_.keep_alive = true;
  }
  request_.headers.emplace_back(std::move(name), std::string(value));
  return State::kNeedMore;
}

RequestParser::State RequestParser::parse_chunks() {
  for (;;) {
    if (phase_ == Phase::kChunkData) {
      if (buffer_.size() - pos_ < body_left_ + 2) return State::kNeedMore;
      if (buffer_.compare(pos_ + body_left_, 2, "\r\n") != 0)
        return fail(400, "A chunk of the request body does not end where its size says.");
      request_.body.append(buffer_, pos_, body_left_);
      pos_ += body_left_ + 2;
      phase_ = Phase::kChunkSize;
    }
    auto eol = buffer_.find("\r\n", pos_);
    if (eol == std::string::npos) {
      size_t pending = buffer_.size() - pos_;
      if (phase_ == Phase::kChunkSize && pending > kMaxChunkLine)
        return fail(400, "A chunk size line of the request body is too long.");
      if (phase_ == Phase::kTrailer && pending > limits_.max_header_bytes)
        return fail(431, "The request trailers are larger than the server accepts.");
      return State::kNeedMore;
    }
    std::string_view line(buffer_.data() + pos_, eol - pos_);
    pos_ = eol + 2;
    if (phase_ == Phase::kTrailer) {
      if (line.empty()) {
        phase_ = Phase::kDone;
        return State::kDone;
      }
      trailer_bytes_ += line.size() + 2;
      if (trailer_bytes_ > limits_.max_header_bytes)
        return fail(431, "The request trailers are larger than the server accepts.");
      continue;  // trailer fields carry nothing the handlers read
    }
    size_t size = 0;
    bool valid = parse_hex(trim(line.substr(0, line.find(';'))), size);
    // The head is parsed: drop the chunks already copied into the body, so that the buffer
    // holds at most one chunk's framing beyond the body bound.
    if (pos_ > 64 * 1024) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    if (!valid) return fail(400, "A chunk size of the request body is not a hexadecimal number.");
    if (size > limits_.max_body_bytes - request_.body.size())
      return fail(413, "The request body is larger than the server accepts.");
    body_left_ = size;
    phase_ = size == 0 ? Phase::kTrailer : Phase::kChunkData;
  }
}

bool RequestParser::take_continue() {
  bool waiting = phase_ != Phase::kHead && phase_ != Phase::kDone && buffer_.size() == pos_;
  return std::exchange(expects_continue_, false) && waiting;
}

ServerRequest RequestParser::take() {
  buffer_.erase(0, pos_);
  pos_ = 0;
  scanned_ = 0;
  phase_ = Phase::kHead;
  body_left_ = 0;
  chunked_ = false;
  has_length_ = false;
  expects_continue_ = false;
  trailer_bytes_ = 0;
  return std::exchange(request_, ServerRequest{});
}

}  // namespace sluice
