#include "sluice/http/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "sluice/core/error.h"

namespace sluice {
namespace {

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void send_error(int fd, int status, std::string_view message) {
  ServerResponse r = ServerResponse::error(status, message);
  send_all(fd, response_head(r, r.body.size(), false, true) + r.body);
}

}  // namespace

HttpServer::HttpServer(Handler handler, ServerOptions options)
    : handler_(std::move(handler)), options_(std::move(options)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(options_.port));
  if (::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1 ||
      ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 512) != 0 || ::pipe2(wake_fds_, O_NONBLOCK | O_CLOEXEC) != 0) {
    std::string why = std::strerror(errno);
    ::close(listen_fd_);
    throw Error(ErrorKind::kUsage, "The server could not listen on " + options_.host + ":" +
                                       std::to_string(options_.port) + " (" + why +
                                       "); choose another --host or --port.");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  poller_ = std::thread([this] { poll_loop(); });
}

HttpServer::~HttpServer() {
  stop();
}

std::string HttpServer::base_url() const {
  return "http://" + options_.host + ":" + std::to_string(port_);
}

size_t HttpServer::worker_threads() const {
  std::lock_guard lock(mutex_);
  return workers_.size();
}

void HttpServer::wake() {
  char b = 1;
  [[maybe_unused]] auto n = ::write(wake_fds_[1], &b, 1);  // a full pipe already wakes the poller
}

void HttpServer::stop() {
  if (stopping_.exchange(true)) return;
  wake();
  if (poller_.joinable()) poller_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  work_ready_.notify_all();
  for (auto& w : workers) w.join();
  // Workers are gone: every descriptor is the poller's, and the poller is gone too.
  for (auto& [id, c] : connections_) ::close(c.fd);
  connections_.clear();
  open_connections_ = 0;
  ::close(listen_fd_);
  ::close(wake_fds_[0]);
  ::close(wake_fds_[1]);
}

void HttpServer::poll_loop() {
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;
  while (!stopping_) {
    take_finished();
    expire_slow();
    fds.assign({{wake_fds_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}});
    ids.assign(2, 0);
    for (const auto& [id, c] : connections_) {
      if (c.busy) continue;
      fds.push_back({c.fd, POLLIN, 0});
      ids.push_back(id);
    }
    // The timeouts are seconds long: checking them a few times a second is precise enough.
    if (::poll(fds.data(), fds.size(), 250) < 0) continue;
    if (fds[0].revents) {
      char drain[256];
      while (::read(wake_fds_[0], drain, sizeof drain) > 0) {
      }
    }
    if (fds[1].revents) accept_all();
    for (size_t k = 2; k < fds.size(); ++k)
      if (fds[k].revents) read_from(ids[k]);
  }
  // Wake whatever a worker is blocked on; stop() closes the descriptors.
  for (auto& [id, c] : connections_) ::shutdown(c.fd, SHUT_RDWR);
}

void HttpServer::accept_all() {
  for (;;) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    if (connections_.size() >= options_.max_connections) {
      // Make room by closing the longest-idle connection; when every one is running a request,
      // the newcomer is the one turned away.
      auto oldest = connections_.end();
      for (auto it = connections_.begin(); it != connections_.end(); ++it)
        if (!it->second.busy && (oldest == connections_.end() ||
                                 it->second.last_activity < oldest->second.last_activity))
          oldest = it;
      if (oldest == connections_.end()) {
        send_error(fd, 503, "The server has as many connections as it accepts; try again.");
        ::close(fd);
        continue;
      }
      close_connection(oldest->first);
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval send_timeout{options_.send_timeout_ms / 1000, (options_.send_timeout_ms % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
    uint64_t id = next_id_++;
    Connection& c =
        connections_.emplace(id, Connection{fd, RequestParser(options_.limits)}).first->second;
    c.last_activity = Clock::now();
    open_connections_ = connections_.size();
  }
}

void HttpServer::read_from(uint64_t id) {
  Connection& c = connections_.at(id);
  char chunk[65536];
  // The socket is blocking, but poll said it is readable: this recv does not wait.
  ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
  if (n <= 0) {
    close_connection(id);
    return;
  }
  if (c.draining_until) {
    c.drained += static_cast<size_t>(n);
    if (c.drained > 8 * options_.limits.max_header_bytes + (4 << 20)) close_connection(id);
    return;
  }
  auto now = Clock::now();
  if (!c.parser.mid_request()) c.request_started = now;
  c.last_activity = now;
  RequestParser::State state = c.parser.feed(std::string_view(chunk, static_cast<size_t>(n)));
  if (state == RequestParser::State::kNeedMore && c.parser.buffered() > 64 * 1024) {
    size_t total = 0;
    for (const auto& [other, o] : connections_) total += o.parser.buffered();
    if (total > options_.max_buffered_bytes) {
      reject(id, 503, "The server holds as many unfinished requests as it accepts; retry.");
      return;
    }
  }
  advance(id, state);
}

void HttpServer::advance(uint64_t id, RequestParser::State state) {
  Connection& c = connections_.at(id);
  if (state == RequestParser::State::kError) {
    reject(id, c.parser.error_status(), c.parser.error_message());
    return;
  }
  if (c.parser.take_continue()) send_all(c.fd, "HTTP/1.1 100 Continue\r\n\r\n");
  if (state == RequestParser::State::kDone) {
    c.busy = true;
    dispatch({id, c.fd, c.parser.take()});
  }
}

void HttpServer::expire_slow() {
  auto now = Clock::now();
  std::vector<uint64_t> expired;
  std::vector<uint64_t> too_slow;
  for (auto& [id, c] : connections_) {
    if (c.busy) continue;
    if (c.draining_until) {
      if (now > *c.draining_until) expired.push_back(id);
    } else if (c.parser.mid_request() &&
               now - c.request_started > std::chrono::milliseconds(options_.request_timeout_ms)) {
      too_slow.push_back(id);
    } else if (!c.parser.mid_request() &&
               now - c.last_activity > std::chrono::milliseconds(options_.idle_timeout_ms)) {
      expired.push_back(id);
    }
  }
  for (uint64_t id : expired) close_connection(id);
  for (uint64_t id : too_slow) reject(id, 408, "The request did not arrive whole in time.");
}

void HttpServer::reject(uint64_t id, int status, std::string_view message) {
  Connection& c = connections_.at(id);
  send_error(c.fd, status, message);
  ::shutdown(c.fd, SHUT_WR);
  c.draining_until = Clock::now() + std::chrono::seconds(2);
}

void HttpServer::take_finished() {
  std::vector<std::pair<uint64_t, bool>> finished;
  {
    std::lock_guard lock(mutex_);
    finished.swap(finished_);
  }
  for (auto [id, keep] : finished) {
    auto it = connections_.find(id);
    if (it == connections_.end()) continue;
    if (!keep) {
      close_connection(id);
      continue;
    }
    it->second.busy = false;
    it->second.last_activity = Clock::now();
    it->second.request_started = it->second.last_activity;
    // A pipelining client may have sent the next request already.
    advance(id, it->second.parser.parse());
  }
}

void HttpServer::close_connection(uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  ::close(it->second.fd);
  connections_.erase(it);
  open_connections_ = connections_.size();
}

void HttpServer::dispatch(Task task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    if (tasks_.size() > idle_workers_ && workers_.size() < options_.max_workers)
      workers_.emplace_back([this] { work_loop(); });
  }
  work_ready_.notify_one();
}

void HttpServer::work_loop() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      ++idle_workers_;
      work_ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      --idle_workers_;
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    bool keep = respond(task.fd, task.request);
    {
      std::lock_guard lock(mutex_);
      finished_.emplace_back(task.id, keep);
    }
    wake();
  }
}

bool HttpServer::respond(int fd, const ServerRequest& req) {
  ++requests_;
  if (options_.latency_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.latency_ms));
  ServerResponse resp;
  try {
    resp = handler_(req);
  } catch (const std::exception&) {
    resp = ServerResponse::error(500, "The server failed to answer this request.");
  }
  if (resp.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(resp.delay_ms));
  const std::string* accept = req.header("accept-encoding");
  bool gzip = options_.gzip && accept && accept->find("gzip") != std::string::npos &&
              resp.body.size() > 1024 && resp.cut_after_bytes < 0;
  std::string body = gzip ? gzip_compress(resp.body) : std::move(resp.body);
  std::string head = response_head(resp, body.size(), gzip, !req.keep_alive);
  if (resp.cut_after_bytes >= 0) {
    // A connection reset mid-body: part of what the headers promised, then nothing.
    send_all(fd, head);
    send_all(fd, std::string_view(body).substr(0, static_cast<size_t>(resp.cut_after_bytes)));
    ::shutdown(fd, SHUT_RDWR);
    return false;
  }
  return send_all(fd, head) && send_all(fd, body) && req.keep_alive;
}

}  // namespace sluice
