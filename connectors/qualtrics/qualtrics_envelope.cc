#include "connectors/qualtrics/qualtrics_envelope.h"

#include <atomic>

#include "sluice/sandbox/data_gen.h"
#include "sluice/sandbox/json_writer.h"

namespace sluice::qualtrics {
namespace {

std::string status_text(int status) {
  switch (status) {
    case 200:
      return "200 - OK";
    case 400:
      return "400 - Bad Request";
    case 401:
      return "401 - Unauthorized";
    case 404:
      return "404 - Not Found";
    case 411:
      return "411 - Length Required";
    case 429:
      return "429 - Too Many Requests";
    case 500:
      return "500 - Internal Server Error";
    case 503:
      return "503 - Service Unavailable";
    default:
      return std::to_string(status);
  }
}

void write_meta(JsonWriter& w, int status) {
  static std::atomic<uint64_t> counter{0};
  w.key("meta")
      .begin_object()
      .key("httpStatus")
      .string(status_text(status))
      .key("requestId")
      .string(fake_uuid(99, 1, counter++));
}

}  // namespace

ServerResponse envelope_ok(const std::string& result_json) {
  JsonWriter w;
  w.reserve(result_json.size() + 128);
  w.begin_object().key("result").raw(result_json);
  write_meta(w, 200);
  w.end_object().end_object();
  return ServerResponse::json(200, w.take());
}

ServerResponse envelope_error(int status, const std::string& code, const std::string& message) {
  JsonWriter w;
  w.begin_object();
  write_meta(w, status);
  w.key("error").begin_object();
  if (!code.empty()) w.key("errorCode").string(code);
  w.key("errorMessage").string(message).end_object();
  w.end_object().end_object();
  return ServerResponse::json(status, w.take());
}

}  // namespace sluice::qualtrics
