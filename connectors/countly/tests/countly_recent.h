#pragma once
// A Countly sandbox whose users were all last seen within the last three days, a second apart
// (inside a first sync's window), and a configuration for it.
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "connectors/countly/countly_data.h"
#include "support/sandbox_server.h"

namespace sluice::testing {

inline std::unique_ptr<SandboxServer> recent_countly(int64_t users, nlohmann::json& config,
                                                     int latency_ms = 0) {
  const int64_t day = 86400;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int64_t base = (now - 3 * day) / day * day;
  countly::CountlyData data{countly::CountlyShape{7, 3, users, base, 1}};
  auto sandbox = std::make_unique<SandboxServer>(
      "countly",
      std::map<std::string, std::string>{
          {"users", std::to_string(users)}, {"base-time", std::to_string(base)}, {"spacing", "1"}},
      latency_ms);
  config = {{"api_key", "countly-sandbox-key-000001"},
            {"app_id", data.app_id(0)},
            {"base_url", sandbox->base_url()}};
  return sandbox;
}

}  // namespace sluice::testing
