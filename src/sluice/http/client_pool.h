#pragma once
// Idle HTTP clients kept for reuse, so that requests sent at once from several threads each have a
// connection of their own and consecutive ones still reuse a warm connection.
#include <memory>
#include <mutex>
#include <vector>

#include "sluice/http/client.h"

namespace sluice {

class ClientPool {
 public:
  explicit ClientPool(ClientOptions options) : options_(std::move(options)) {}

  // A client for one request; it returns to the pool when the lease ends.
  class Lease {
   public:
    Lease(ClientPool& pool, std::unique_ptr<HttpClient> client)
        : pool_(pool), client_(std::move(client)) {}
    ~Lease() { pool_.give_back(std::move(client_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    HttpClient& operator*() { return *client_; }
    HttpClient* operator->() { return client_.get(); }

   private:
    ClientPool& pool_;
    std::unique_ptr<HttpClient> client_;
  };

  Lease take();

 private:
  void give_back(std::unique_ptr<HttpClient> client);

  ClientOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<HttpClient>> idle_;  // the most recently used last
};

}  // namespace sluice
