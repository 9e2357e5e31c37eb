#include "sluice/declarative/declarative_connector.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/declarative/stream_reader.h"

namespace sluice::declarative {
namespace {

class DeclarativeConnector : public StreamConnector {
 public:
  explicit DeclarativeConnector(std::shared_ptr<const SourceDefinition> s) : s_(std::move(s)) {}
  std::string name() const override { return s_->name; }
  std::string description() const override { return s_->description; }
  Spec spec() const override { return s_->spec; }

  CheckResult check(const Config& config) override {
    auto api = make_api(config);
    const auto& stream = *std::find_if(s_->streams.begin(), s_->streams.end(),
                                       [&](const auto& st) { return st.name == s_->check_stream; });
    size_t n = read_first_page(*s_, stream, config, *api);
    return {"Connected to " + s_->name + "; the first page of " + stream.name + " held " +
            std::to_string(n) + " records."};
  }

  std::vector<TableSpec> schema(const Config&) override {
    std::vector<TableSpec> out;
    for (const auto& st : s_->streams) {
      out.push_back(st.table);
      for (const auto& child : st.children)
        out.push_back({child.table, child.primary_key, {}, WriteMode::kMerge, "", ""});
    }
    return out;
  }

  std::vector<std::unique_ptr<Stream>> streams(const Config& config) override {
    api_ = make_api(config);
    for (const auto& st : s_->streams)
      if (st.requests_per_minute > 0)
        api_->limit_endpoint(st.name, static_cast<double>(st.requests_per_minute),
                             st.request.path.literal_prefix());
    std::vector<std::unique_ptr<Stream>> out;
    for (const auto& st : s_->streams)
      if (enabled(st, config)) out.push_back(make_stream(s_, st, config, api_));
    return out;
  }

  int64_t requests_sent() const override { return api_ ? api_->requests_sent() : 0; }

 private:
  static bool enabled(const StreamDefinition& st, const Config& config) {
    if (st.enabled_by.empty()) return true;
    const nlohmann::json& list =
        config.contains(st.enabled_by) ? config[st.enabled_by] : nlohmann::json();
    for (const auto& item : list)
      if (value_text(item) == st.name) return true;
    return false;
  }

  std::shared_ptr<ApiClient> make_api(const Config& config) const {
    ClientOptions client;
    const std::string timeout = s_->timeout_seconds.render({.config = &config});
    if (!timeout.empty()) client.timeout_seconds = std::max(1, std::atoi(timeout.c_str()));
    return std::make_shared<ApiClient>(s_->name, make_authenticator(s_->auth, config, client),
                                       client, s_->errors);
  }

  std::shared_ptr<const SourceDefinition> s_;
  std::shared_ptr<ApiClient> api_;
};

}  // namespace

std::unique_ptr<Connector> make_declarative_connector(
    std::shared_ptr<const SourceDefinition> source) {
  return std::make_unique<DeclarativeConnector>(std::move(source));
}

std::unique_ptr<Connector> load_declarative_connector(const std::string& path) {
  return make_declarative_connector(
      std::make_shared<const SourceDefinition>(read_source_file(path)));
}

}  // namespace sluice::declarative
