#pragma once
// Bytes on a loopback socket, for requests no well-behaved client would send.
#include <string>

namespace sluice::testing {

// A connected socket to 127.0.0.1:port whose reads give up after 20 s; -1 when it cannot connect.
int connect_loopback(int port);
// The status of the answer read from `fd` (its first line); 0 when the connection ended first.
int read_status(int fd);
// Connects, sends `bytes` (a reset while sending is fine), and reads the answer's status.
int send_and_read_status(int port, const std::string& bytes);

}  // namespace sluice::testing
