#include "sluice/http/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace sluice {
namespace {

// Where a body goes: memory, or a file once the status says it is a success.
struct BodySink {
  CURL* curl;
  std::string* memory;
  std::FILE* file = nullptr;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  long status = 0;
  curl_easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &status);
  if (sink->file && status >= 200 && status < 300)
    return std::fwrite(data, 1, size * count, sink->file);  // a short write aborts the transfer
  if (sink->memory->empty()) {
    // Room for the whole body and the parser's padding at once: no doubling growth, no copy at
    // parse time. A huge declared length reserves no more than 256 MB up front.
    curl_off_t length = -1;
    curl_easy_getinfo(sink->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (length > 0)
      sink->memory->reserve(static_cast<size_t>(std::min<curl_off_t>(length, 256 << 20)) + 64);
  }
  sink->memory->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<Params*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) headers->clear();  // a new response after a redirect or 100
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    headers->emplace_back(std::move(name), std::string(value));
  }
  return size * count;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

HttpClient::HttpClient(ClientOptions options) : options_(std::move(options)) {
  global_init();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

bool HttpClient::perform(const Request& request, Response& response, TransportError& error) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);  // keeps the connection cache, clears per-request options
  std::string url = request.full_url();
  response = Response{};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip and deflate, decoded by curl
  BodySink sink{c, &response.body};
  if (!request.download_to.empty()) {
    sink.file = std::fopen(request.download_to.c_str(), "wb");
    if (!sink.file) {
      error.message = "cannot write " + request.download_to;
      return false;
    }
    // A large download may take long: give up only when it stalls for the timeout.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.timeout_seconds);
  } else {
    curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.timeout_seconds);
  }
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  // Verification cannot be turned off; a private CA is added with SLUICE_CA_BUNDLE (a PEM file).
  const char* env_bundle = std::getenv("SLUICE_CA_BUNDLE");
  const std::string bundle =
      !options_.ca_bundle.empty() ? options_.ca_bundle : (env_bundle ? env_bundle : "");
  if (!bundle.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, bundle.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
  curl_slist* headers = nullptr;
  for (const auto& [k, v] : request.headers)
    headers = curl_slist_append(headers, (k + ": " + v).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (sink.file && std::fclose(sink.file) != 0 && rc == CURLE_OK) rc = CURLE_WRITE_ERROR;
  if (rc != CURLE_OK) {
    error.message = curl_easy_strerror(rc);
    error.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    error.connect_failed = rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
                           rc == CURLE_COULDNT_RESOLVE_PROXY;
    return false;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return true;
}

}  // namespace sluice
