#include "sluice/http/connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace sluice {
namespace {

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  ip = text;
}

}  // namespace

void ConnectionStream::set_deadline(Clock::time_point deadline) {
  deadline_ = deadline;
  timed_out_ = false;
}

int ConnectionStream::read_wait_ms() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

bool ConnectionStream::wait(short events, int timeout_ms) const {
  pollfd p{fd_, events, 0};
  int n;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  if (n == 0 && events == POLLIN) timed_out_ = true;
  return n > 0;
}

bool ConnectionStream::fill() {
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  if (!wait(POLLIN, read_wait_ms())) return false;
  char chunk[16384];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool ConnectionStream::is_readable() const {
  return pos_ < buffer_.size() || wait(POLLIN, read_wait_ms());
}

bool ConnectionStream::is_writable() const {
  return wait(POLLOUT, send_timeout_ms_);
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (pos_ < buffer_.size()) {
    size_t n = std::min(size, buffer_.size() - pos_);
    std::memcpy(ptr, buffer_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  if (!wait(POLLIN, read_wait_ms())) return -1;
  return ::recv(fd_, ptr, size, 0);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  return ::send(fd_, ptr, size, MSG_NOSIGNAL);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
}

}  // namespace sluice
