#pragma once
// One accepted connection as cpp-httplib's Stream: what has arrived but not been parsed yet is
// kept in a buffer (RequestHeadGuard reads a head there before cpp-httplib parses it, and bytes
// of a pipelined next request stay for it), and every read waits at most until a deadline.
#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>

namespace sluice {

class ConnectionStream : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;
  ConnectionStream(int fd, int send_timeout_ms) : fd_(fd), send_timeout_ms_(send_timeout_ms) {}

  // Reads after this instant fail, and timed_out() then says so.
  void set_deadline(Clock::time_point deadline);
  bool timed_out() const { return timed_out_; }
  // Waits for more bytes and appends them to the buffer: false at the end of the stream, on an
  // error or at the deadline.
  bool fill();
  std::string_view buffered() const { return std::string_view(buffer_).substr(pos_); }
  void consume(size_t n) { pos_ += n; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  // Waits for `events` until the deadline (reads) or the send timeout (writes).
  bool wait(short events, int timeout_ms) const;
  int read_wait_ms() const;

  int fd_;
  int send_timeout_ms_;
  Clock::time_point deadline_ = Clock::now();
  mutable bool timed_out_ = false;
  std::string buffer_;
  size_t pos_ = 0;
};

}  // namespace sluice
