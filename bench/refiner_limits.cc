#include "bench/refiner_limits.h"

#include <simdjson.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "bench/cpu_clock.h"
#include "sluice/core/error.h"
#include "sluice/http/client.h"
#include "sluice/http/http_server.h"

namespace sluice::bench {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Every page of one list by page number, bodies kept as they came.
void download_list(HttpClient& http, const std::string& url, const std::string& key, Params query,
                   std::vector<std::string>& pages, RefinerLimits& out) {
  for (long long page = 1, last = 1; page <= last; ++page) {
    Request r;
    r.url = url;
    r.query = query;
    r.set_query("page", std::to_string(page));
    r.set_query("page_length", "1000");
    r.headers.emplace_back("Authorization", "Bearer " + key);
    Response resp;
    TransportError err;
    if (!http.perform(r, resp, err) || resp.status != 200)
      throw Error(ErrorKind::kNetwork,
                  "bench download failed at " + url + " page " + std::to_string(page));
    if (page == 1) {  // the page count, read once; every other page is left unparsed
      auto at = resp.body.find("\"last_page\":");
      if (at != std::string::npos) last = std::stoll(resp.body.substr(at + 12));
    }
    out.bytes += static_cast<long long>(resp.body.size());
    ++out.pages;
    pages.push_back(std::move(resp.body));
  }
}

// The CPU this thread spends fetching every page again (gzipped, as the sandbox serves it) from a
// server that answers page k of a path /k with the k-th body, rendered before.
double fetch_prerendered(const std::vector<std::string>& pages, const std::string& key) {
  HttpServer server([&pages](const ServerRequest& r) {
    ServerResponse resp;
    size_t k = std::strtoull(r.path.c_str() + 1, nullptr, 10);
    resp.status = 200;
    resp.body = k < pages.size() ? pages[k] : std::string();
    resp.headers.emplace_back("Content-Type", "application/json");
    return resp;
  });
  HttpClient http;
  const double cpu = thread_cpu_seconds();
  for (size_t k = 0; k < pages.size(); ++k) {
    Request r;
    r.url = server.base_url() + "/" + std::to_string(k);
    r.headers.emplace_back("Authorization", "Bearer " + key);
    Response resp;
    TransportError err;
    if (!http.perform(r, resp, err) || resp.body.size() != pages[k].size())
      throw Error(ErrorKind::kNetwork, "bench fetch of a pre-rendered page failed");
  }
  const double spent = thread_cpu_seconds() - cpu;
  server.stop();
  return spent;
}

}  // namespace

RefinerLimits measure_refiner_limits(const std::string& config_json) {
  RefinerLimits out;
  nlohmann::json config = nlohmann::json::parse(config_json);
  std::string base = config["base_url"], key = config["api_key"];
  // (a) download
  std::vector<std::string> pages;
  {
    HttpClient http;
    auto t = Clock::now();
    download_list(http, base + "forms", key,
                  {{"list", "all_with_archived"}, {"include_info", "1"}, {"include_config", "1"}},
                  pages, out);
    download_list(http, base + "contacts", key, {}, pages, out);
    download_list(http, base + "responses", key,
                  {{"date_range_start", config["start_date"]}, {"with_attributes", "1"}}, pages,
                  out);
    out.download_seconds = since(t);
  }
  // (b) parse
  {
    simdjson::dom::parser parser;
    auto t = Clock::now();
    const double cpu = thread_cpu_seconds();
    for (const auto& body : pages) {
      simdjson::dom::array items;
      if (!parser.parse(body).get_object()["items"].get(items))
        out.items += static_cast<long long>(items.size());
    }
    out.parse_cpu_seconds = thread_cpu_seconds() - cpu;
    out.parse_seconds = since(t);
  }
  out.fetch_cpu_seconds = fetch_prerendered(pages, key);
  pages.clear();
  pages.shrink_to_fit();
  return out;
}

}  // namespace sluice::bench
