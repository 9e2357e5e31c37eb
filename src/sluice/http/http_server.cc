#include "sluice/http/http_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "sluice/core/error.h"
#include "sluice/http/connection_pool.h"
#include "sluice/http/connection_stream.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

// What the handlers on a connection's thread need to know of it.
struct ConnectionState {
  ConnectionStream* stream = nullptr;
  bool close_after = false;  // this answer ends the connection
};
thread_local ConnectionState* t_connection = nullptr;
// Set while the pool refuses a connection: it is answered 503 and closed, not served.
thread_local bool t_refuse = false;

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// After an error answer the client may still be sending: what it sends is read and dropped for a
// moment, so that closing with unread bytes does not reset the connection before it reads the
// answer.
void drain(int fd, size_t max_bytes) {
  ::shutdown(fd, SHUT_WR);
  timeval brief{0, 200 * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &brief, sizeof brief);
  const auto until = Clock::now() + std::chrono::seconds(2);
  char sink[16384];
  size_t drained = 0;
  while (drained < max_bytes && Clock::now() < until) {
    ssize_t n = ::recv(fd, sink, sizeof sink, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return;
    if (n > 0) drained += static_cast<size_t>(n);
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// cpp-httplib's request as the handlers see it.
ServerRequest to_server_request(const httplib::Request& req, std::string body) {
  ServerRequest out;
  out.method = req.method;
  out.path = req.path;
  if (auto q = req.target.find('?'); q != std::string::npos)
    out.query = parse_query(std::string_view(req.target).substr(q + 1));
  for (const auto& [name, value] : req.headers) {
    // cpp-httplib adds the peer's and its own address as headers; no client sent them.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT")
      continue;
    out.headers.emplace_back(lower(name), value);
  }
  out.body = std::move(body);
  out.keep_alive =
      !(req.get_header_value("Connection") == "close" ||
        (req.version == "HTTP/1.0" && req.get_header_value("Connection") != "Keep-Alive"));
  return out;
}

}  // namespace

class HttpServer::Impl : public httplib::Server {
 public:
  Impl(sluice::Handler handler, ServerOptions options);
  void run_listener();
  void stop_all();
  void serve(int fd) { process_and_close_socket(fd); }

  std::atomic<int64_t> requests{0};
  ConnectionPool pool;
  int bound_port = 0;

 private:
  bool process_and_close_socket(socket_t fd) override;
  // Waits for the first bytes of the next request; false when the connection should close
  // instead (the client closed, it stayed idle too long, or a waiting connection needs the thread).
  bool wait_for_request(ConnectionStream& stream, int fd);
  // Reads the next request's head into the stream under the guard's bounds; false (after any
  // answer) when the connection ends instead.
  bool read_head(ConnectionStream& stream, int fd);
  void reject(int fd, int status, std::string_view message);
  void answer_plain(const httplib::Request& req, httplib::Response& res);
  void answer_with_body(const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader);
  void answer(ServerRequest request, httplib::Response& res);
  void fill(ServerResponse response, bool gzip, httplib::Response& res);

  sluice::Handler handler_;
  ServerOptions options_;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> buffered_{0};  // body bytes held by requests under way
  std::thread listener_;
  friend class HttpServer;
};

// cpp-httplib asks for a task queue when it starts listening and hands it every accepted
// connection; this one passes them to the pool.
class PoolQueue : public httplib::TaskQueue {
 public:
  explicit PoolQueue(ConnectionPool& pool) : pool_(pool) {}
  void enqueue(std::function<void()> fn) override {
    if (pool_.submit(fn)) return;
    // Refused: the task still has to close the socket, so it runs here, told to answer 503.
    t_refuse = true;
    fn();
    t_refuse = false;
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  ConnectionPool& pool_;
};

HttpServer::Impl::Impl(sluice::Handler handler, ServerOptions options)
    : pool(options.max_connections, options.max_queued),
      handler_(std::move(handler)),
      options_(std::move(options)) {
  // cpp-httplib's default also sets SO_REUSEPORT, which would let a second server take the
  // same port silently.
  set_socket_options([](socket_t fd) {
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  });
  set_tcp_nodelay(true);
  // Connections live as long as process_and_close_socket says; these only shape the Keep-Alive
  // header cpp-httplib writes.
  set_keep_alive_max_count(1 << 20);
  set_keep_alive_timeout(std::max(1, options_.idle_timeout_ms / 1000));
  set_payload_max_length(options_.limits.max_body_bytes);
  new_task_queue = [this] { return new PoolQueue(pool); };
  auto plain = [this](const httplib::Request& req, httplib::Response& res) {
    answer_plain(req, res);
  };
  auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) {
    answer_with_body(req, res, reader);
  };
  // Every path reaches the handler: `.` leaves out CR and LF, which a percent-decoded path may
  // hold (`/%0D`), and cpp-httplib answered such a path 404 itself.
  const char* any = R"([\s\S]*)";
  Get(any, plain);
  Options(any, plain);
  Post(any, with_body);
  Put(any, with_body);
  Patch(any, with_body);
  Delete(any, with_body);
}

void HttpServer::Impl::run_listener() {
  if (options_.port == 0)
    bound_port = bind_to_any_port(options_.host);
  else if (bind_to_port(options_.host, options_.port))
    bound_port = options_.port;
  if (bound_port <= 0) {
    std::string why = std::strerror(errno);
    throw Error(ErrorKind::kUsage, "The server could not listen on " + options_.host + ":" +
                                       std::to_string(options_.port) + " (" + why +
                                       "); choose another --host or --port.");
  }
  // cpp-httplib listens with a backlog of 5; a burst of clients connecting at once needs more.
  ::listen(svr_sock_, 512);
  listener_ = std::thread([this] { listen_after_bind(); });
  while (!is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void HttpServer::Impl::stop_all() {
  if (stopping_.exchange(true)) return;
  Server::stop();  // the listener's loop ends, and its task queue's shutdown closes connections
  if (listener_.joinable()) listener_.join();
}

bool HttpServer::Impl::process_and_close_socket(socket_t fd) {
  if (t_refuse) {
    send_all(fd, error_answer(503, "The server has as many connections as it accepts; retry."));
    ::close(fd);
    return false;
  }
  pool.opened(fd);
  ConnectionStream stream(fd, options_.send_timeout_ms);
  ConnectionState state{&stream};
  t_connection = &state;
  while (!stopping_) {
    pool.set_idle(fd, true);
    if (stream.buffered().empty() && !wait_for_request(stream, fd)) break;
    pool.set_idle(fd, false);
    stream.set_deadline(Clock::now() + std::chrono::milliseconds(options_.request_timeout_ms));
    if (!read_head(stream, fd)) break;
    bool closed = false;
    bool ok = process_request(stream, false, closed, nullptr);
    if (!ok || closed || state.close_after) break;
  }
  t_connection = nullptr;
  pool.closed(fd);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
  return true;
}

bool HttpServer::Impl::wait_for_request(ConnectionStream& stream, int fd) {
  const auto idle_until = Clock::now() + std::chrono::milliseconds(options_.idle_timeout_ms);
  // In slices, so that a connection waiting for a thread can have this one.
  for (;;) {
    if (stopping_ || pool.should_yield(fd)) return false;
    const auto now = Clock::now();
    if (now >= idle_until) return false;
    stream.set_deadline(std::min(idle_until, now + std::chrono::milliseconds(250)));
    if (stream.fill()) return true;
    if (!stream.timed_out()) return false;  // the client closed
  }
}

bool HttpServer::Impl::read_head(ConnectionStream& stream, int fd) {
  RequestHeadGuard guard(options_.limits);
  for (;;) {
    HeadCheck check = guard.check(stream.buffered());
    if (check.blank_prefix > 0) {
      stream.consume(check.blank_prefix);
      guard.reset();
      continue;
    }
    if (check.state == HeadCheck::State::kComplete) return true;
    if (check.state == HeadCheck::State::kError) {
      reject(fd, check.status, check.message);
      return false;
    }
    if (!stream.fill()) {
      if (stream.timed_out()) reject(fd, 408, "The request did not arrive whole in time.");
      return false;
    }
  }
}

void HttpServer::Impl::reject(int fd, int status, std::string_view message) {
  send_all(fd, error_answer(status, message));
  drain(fd, 8 * options_.limits.max_header_bytes + (4 << 20));
}

void HttpServer::Impl::answer_plain(const httplib::Request& req, httplib::Response& res) {
  answer(to_server_request(req, {}), res);
}

void HttpServer::Impl::answer_with_body(const httplib::Request& req, httplib::Response& res,
                                        const httplib::ContentReader& reader) {
  ConnectionState& c = *t_connection;
  std::string body;
  // The guard let through only a decimal Content-Length or chunked coding; without either there
  // is no body (cpp-httplib would read one until the client closes).
  const bool has_body = req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
  if (has_body && req.is_multipart_form_data()) {
    fill(ServerResponse::error(415, "The server does not accept multipart bodies."), false, res);
    c.close_after = true;
    return;
  }
  if (has_body) {
    int refused = 0;
    size_t charged = 0;
    const bool ok = reader([&](const char* data, size_t n) {
      if (body.size() + n > options_.limits.max_body_bytes) {
        refused = 413;
        return false;
      }
      body.append(data, n);
      // Small bodies are not counted: they cannot add up to much before they are answered.
      if (body.size() > 64 * 1024) {
        charged += n;
        if (buffered_.fetch_add(n) + n > options_.max_buffered_bytes) {
          refused = 503;
          return false;
        }
      }
      return true;
    });
    buffered_ -= charged;
    if (!ok) {
      const int status = refused ? refused : c.stream->timed_out() ? 408 : 400;
      fill(ServerResponse::error(
               status, status == 413   ? "The request body is larger than the server accepts."
                       : status == 503 ? "The server holds as many unfinished requests as it "
                                         "accepts; retry."
                       : status == 408 ? "The request did not arrive whole in time."
                                       : "The request body could not be read."),
           false, res);
      if (status == 503) res.set_header("Retry-After", "1");
      c.close_after = true;
      return;
    }
  }
  answer(to_server_request(req, std::move(body)), res);
}

void HttpServer::Impl::answer(ServerRequest request, httplib::Response& res) {
  ++requests;
  if (options_.latency_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.latency_ms));
  ServerResponse response;
  try {
    response = handler_(request);
  } catch (const std::exception&) {
    response = ServerResponse::error(500, "The server failed to answer this request.");
  }
  if (response.delay_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(response.delay_ms));
  const std::string* accept = request.header("accept-encoding");
  const bool gzip = options_.gzip && accept && accept->find("gzip") != std::string::npos &&
                    response.body.size() > 1024 && response.cut_after_bytes < 0;
  if (response.cut_after_bytes >= 0) t_connection->close_after = true;
  fill(std::move(response), gzip, res);
}

void HttpServer::Impl::fill(ServerResponse response, bool gzip, httplib::Response& res) {
  res.status = response.status;
  std::string content_type = "application/octet-stream";
  for (auto& [name, value] : response.headers) {
    if (lower(name) == "content-type")
      content_type = value;
    else
      res.set_header(name, value);
  }
  if (response.body.empty()) {
    if (content_type != "application/octet-stream") res.set_header("Content-Type", content_type);
    return;
  }
  // The body goes out through a content provider of known length: cpp-httplib then sends it as
  // given (it would otherwise compress JSON itself, with brotli when the client offers it), and a
  // cut body can stop partway with the connection dropped.
  auto body =
      std::make_shared<std::string>(gzip ? gzip_compress(response.body) : std::move(response.body));
  if (gzip) res.set_header("Content-Encoding", "gzip");
  const size_t send = response.cut_after_bytes >= 0
                          ? std::min(body->size(), static_cast<size_t>(response.cut_after_bytes))
                          : body->size();
  res.set_content_provider(body->size(), content_type,
                           [body, send](size_t offset, size_t length, httplib::DataSink& sink) {
                             if (offset >= send)
                               return false;  // what the headers promised never comes
                             return sink.write(body->data() + offset,
                                               std::min(length, send - offset));
                           });
}

HttpServer::HttpServer(Handler handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {
  impl_->run_listener();
}

HttpServer::~HttpServer() {
  stop();
}

int HttpServer::port() const {
  return impl_->bound_port;
}

std::string HttpServer::base_url() const {
  return "http://" + impl_->options_.host + ":" + std::to_string(impl_->bound_port);
}

void HttpServer::stop() {
  impl_->stop_all();
}

int64_t HttpServer::requests() const {
  return impl_->requests;
}

size_t HttpServer::open_connections() const {
  return impl_->pool.open_connections();
}

size_t HttpServer::worker_threads() const {
  return impl_->pool.threads();
}

void HttpServer::serve_connection(int fd) {
  impl_->serve(fd);
}

}  // namespace sluice
