#include "sluice/http/client_pool.h"

namespace sluice {

ClientPool::Lease ClientPool::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<HttpClient> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  return Lease(*this, std::make_unique<HttpClient>(options_));
}

void ClientPool::give_back(std::unique_ptr<HttpClient> client) {
  if (!client) return;
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(client));
}

}  // namespace sluice
