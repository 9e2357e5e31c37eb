#include "sluice/http/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

#include "sluice/core/error.h"

namespace sluice {
namespace {

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
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

ServerResponse ServerResponse::json(int status, std::string body) {
  ServerResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

std::string gzip_compress(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

HttpServer::HttpServer(Handler handler, ServerOptions options)
    : handler_(std::move(handler)), options_(std::move(options)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(options_.port));
  ::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw Error(ErrorKind::kUsage, "The sandbox could not listen on " + options_.host + ":" +
                                       std::to_string(options_.port) + " (" + std::strerror(errno) +
                                       "); choose another --port.");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

HttpServer::~HttpServer() {
  stop();
}

std::string HttpServer::base_url() const {
  return "http://" + options_.host + ":" + std::to_string(port_);
}

void HttpServer::stop() {
  if (stopping_.exchange(true)) return;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& w : workers) w.join();
}

void HttpServer::accept_loop() {
  while (!stopping_) {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mutex_);
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

void HttpServer::serve(int fd) {
  std::string buffer;
  char chunk[65536];
  while (!stopping_) {
    size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) goto done;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    {
      ServerRequest req;
      std::string_view head(buffer.data(), header_end);
      auto line_end = head.find("\r\n");
      std::string_view request_line = head.substr(0, line_end);
      auto sp1 = request_line.find(' ');
      auto sp2 = request_line.find(' ', sp1 + 1);
      req.method = std::string(request_line.substr(0, sp1));
      std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      auto qmark = target.find('?');
      req.path = url_decode(target.substr(0, qmark));
      if (qmark != std::string_view::npos) parse_query(target.substr(qmark + 1), req.query);
      size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
      size_t content_length = 0;
      bool close_after = false;
      while (pos < head.size()) {
        auto eol = head.find("\r\n", pos);
        if (eol == std::string_view::npos) eol = head.size();
        std::string_view line = head.substr(pos, eol - pos);
        auto colon = line.find(':');
        if (colon != std::string_view::npos) {
          std::string name(line.substr(0, colon));
          for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          std::string_view value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
          if (name == "content-length") content_length = std::stoul(std::string(value));
          if (name == "connection" && value == "close") close_after = true;
          req.headers.emplace_back(std::move(name), std::string(value));
        }
        pos = eol + 2;
      }
      size_t body_start = header_end + 4;
      while (buffer.size() < body_start + content_length) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) goto done;
        buffer.append(chunk, static_cast<size_t>(n));
      }
      req.body = buffer.substr(body_start, content_length);
      buffer.erase(0, body_start + content_length);
      ++requests_;
      if (options_.latency_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(options_.latency_ms));
      ServerResponse resp;
      try {
        resp = handler_(req);
      } catch (const std::exception& e) {
        resp = ServerResponse::json(500, "{\"error\":\"sandbox failure\"}");
      }
      if (resp.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(resp.delay_ms));
      const std::string* accept = req.header("accept-encoding");
      bool gzip = options_.gzip && accept && accept->find("gzip") != std::string::npos &&
                  resp.body.size() > 1024 && resp.cut_after_bytes < 0;
      std::string body = gzip ? gzip_compress(resp.body) : std::move(resp.body);
      std::string out =
          "HTTP/1.1 " + std::to_string(resp.status) + " " + reason(resp.status) + "\r\n";
      for (const auto& [k, v] : resp.headers) out += k + ": " + v + "\r\n";
      if (gzip) out += "Content-Encoding: gzip\r\n";
      out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
      if (close_after) out += "Connection: close\r\n";
      out += "\r\n";
      if (resp.cut_after_bytes >= 0) {
        // A connection reset mid-body: part of what the headers promised, then nothing.
        send_all(fd, out);
        send_all(fd, body.substr(0, static_cast<size_t>(resp.cut_after_bytes)));
        ::shutdown(fd, SHUT_RDWR);
        goto done;
      }
      if (!send_all(fd, out) || !send_all(fd, body) || close_after) goto done;
    }
  }
done:
  std::lock_guard lock(mutex_);
  std::erase(open_fds_, fd);
  ::close(fd);
}

}  // namespace sluice
