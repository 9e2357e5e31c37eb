#include "sluice/cli/scaffold_templates.h"

#include <cctype>

namespace sluice::cli {
namespace {

const char* kConnector =
    R"TPL(// The @Title@ connector: items from @Title@'s API, incremental by updated_at (see README.md).
#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/http/requester.h"
#include "sluice/json/fields.h"
#include "sluice/sdk/registry.h"
#include "sluice/sdk/stream.h"

namespace sluice::@name@ {
namespace {

class ItemsStream : public Stream {
 public:
  explicit ItemsStream(const Config& c)
      : base_url_(c.at("base_url").get<std::string>()),
        start_(c.value("start_date", std::string("1970-01-01T00:00:00Z"))),
        requester_("@Title@", bearer_auth(c.at("api_key").get<std::string>()),
                   ClientOptions{.timeout_seconds = c.value("request_timeout_seconds", 30)}) {}
  std::string name() const override { return "items"; }

  // Pages come oldest first, so after each page the newest updated_at seen is a safe cursor; the
  // next read starts at it again (inclusive) and the key absorbs the repeat.
  void read(StreamContext& ctx) override {
    const std::string since = ctx.cursor().is_object()
                                  ? ctx.cursor().value("updated_at", start_)
                                  : start_;
    std::string newest = since;
    simdjson::dom::parser parser;
    for (int64_t page = 1;;) {
      Request r;
      r.url = join_url(base_url_, "/v1/items");
      r.query = {{"updated_since", since}, {"page", std::to_string(page)}, {"per_page", "100"}};
      simdjson::dom::element doc = requester_.send_json(std::move(r), parser);
      simdjson::dom::array items;
      if (doc["items"].get(items))
        throw Error(ErrorKind::kApi, "@Title@ answered /v1/items without an `items` list.");
      for (simdjson::dom::element e : items) {
        simdjson::dom::object o;
        if (e.get(o)) continue;
        Record rec;
        rec.set("id", field_value(o, "id"));
        rec.set("name", field_text(o, "name"));
        rec.set("updated_at", field_time(o, "updated_at"));
        std::string_view t;
        if (!o["updated_at"].get(t) && std::string(t) > newest) newest = std::string(t);
        ctx.emit().upsert("items", std::move(rec));
      }
      ctx.checkpoint({{"updated_at", newest}});
      int64_t next;
      if (doc["next_page"].get(next) || next <= page) break;
      page = next;
    }
  }

 private:
  std::string base_url_, start_;
  Requester requester_;
};

class @Name@Connector : public StreamConnector {
 public:
  std::string name() const override { return "@name@"; }
  std::string description() const override { return "@Title@: items."; }
  Spec spec() const override {
    return {
        {"api_key", FieldType::kString, true, true, nullptr, "an API key for @Title@."},
        {"base_url", FieldType::kUrl, false, false, "https://api.example.com",
         "the API's address."},
        {"start_date", FieldType::kTimestamp, false, false, nullptr,
         "the first sync reads items updated from this time on."},
        {"request_timeout_seconds", FieldType::kInteger, false, false, 30,
         "how long one request may take.", 1, 3600},
    };
  }
  CheckResult check(const Config& config) override {
    Requester requester("@Title@", bearer_auth(config.at("api_key").get<std::string>()));
    Request r;
    r.url = join_url(config.at("base_url").get<std::string>(), "/v1/items");
    r.query = {{"per_page", "1"}};
    requester.send(std::move(r));
    return {"Connected to @Title@."};
  }
  std::vector<TableSpec> schema(const Config&) override {
    return {{"items",
             {"id"},
             {{"id", ColumnType::kLong},
              {"name", ColumnType::kString},
              {"updated_at", ColumnType::kUtcDateTime}},
             WriteMode::kMerge,
             "Items, incremental by updated_at."}};
  }
  std::vector<std::unique_ptr<Stream>> streams(const Config& config) override {
    std::vector<std::unique_ptr<Stream>> out;
    out.push_back(std::make_unique<ItemsStream>(config));
    return out;
  }
};

}  // namespace

SLUICE_REGISTER_CONNECTOR("@name@", @Name@Connector);

}  // namespace sluice::@name@
)TPL";

const char* kSandbox =
    R"TPL(// The @Title@ sandbox: GET /v1/items with a bearer key, `updated_since` and page numbers, and
// the API's error bodies. Describe the real API's awkward parts here as you learn them.
#include <atomic>
#include <mutex>

#include "sluice/core/timestamp.h"
#include "sluice/sandbox/json_writer.h"
#include "sluice/sandbox/sandbox.h"

namespace sluice::@name@ {
namespace {

constexpr const char* kKey = "@name@-sandbox-key-0001";

class @Name@Sandbox : public Sandbox {
 public:
  explicit @Name@Sandbox(const SandboxOptions& o)
      : items_(o.integer("items", 100)),
        base_(o.integer("base-time", now_micros() / 1000000 - 86400 * 30)),
        key_(o.text("api-key", kKey)) {}

  std::vector<std::string> flags() const override {
    return {"--items N      items to serve (default 100), one a minute from 30 days ago",
            "--api-key K    the accepted key (default " + std::string(kKey) + ")",
            "POST /__sandbox/items?count=N adds N items updated now"};
  }

  std::string example_config(const std::string& base_url) const override {
    return "{\n  \"api_key\": \"" + key_ + "\",\n  \"base_url\": \"" + base_url + "\"\n}\n";
  }

  ServerResponse handle(const ServerRequest& req) override {
    if (req.path == "/__sandbox/items" && req.method == "POST") {
      std::lock_guard lock(mutex_);
      int64_t n = std::stoll(req.param("count", "10"));
      added_.push_back({items_.load(), now_micros() / 1000000});
      items_ += n;
      return ServerResponse::json(200, "{\"items\":" + std::to_string(items_.load()) + "}");
    }
    const std::string* auth = req.header("authorization");
    if (!auth || *auth != "Bearer " + key_)
      return ServerResponse::json(401, "{\"error\":\"invalid api key\"}");
    if (req.path != "/v1/items") return ServerResponse::json(404, "{\"error\":\"not found\"}");
    int64_t since = 0;
    if (req.has_param("updated_since")) {
      auto t = parse_timestamp(req.param("updated_since"));
      if (!t) return ServerResponse::json(400, "{\"error\":\"updated_since is not a time\"}");
      since = *t / 1000000;
    }
    const int64_t per_page = std::max<int64_t>(1, std::stoll(req.param("per_page", "100")));
    const int64_t page = std::max<int64_t>(1, std::stoll(req.param("page", "1")));
    std::vector<int64_t> ids;
    for (int64_t i = 0; i < items_.load(); ++i)
      if (updated(i) >= since) ids.push_back(i);
    JsonWriter w;
    w.begin_object().key("items").begin_array();
    const int64_t first = (page - 1) * per_page;
    for (int64_t k = first; k < std::min<int64_t>(first + per_page, ids.size()); ++k) {
      const int64_t i = ids[k];
      w.begin_object().key("id").number(i + 1).key("name").string("Item " + std::to_string(i + 1))
          .key("updated_at").string(format_timestamp(updated(i) * 1000000)).end_object();
    }
    w.end_array().key("next_page");
    if (first + per_page < static_cast<int64_t>(ids.size()))
      w.number(page + 1);
    else
      w.null();
    w.end_object();
    return ServerResponse::json(200, w.take());
  }

 private:
  int64_t updated(int64_t i) {
    std::lock_guard lock(mutex_);
    int64_t t = base_ + i * 60;
    for (const auto& [first, at] : added_)
      if (i >= first) t = at;
    return t;
  }

  std::atomic<int64_t> items_;
  int64_t base_;
  std::string key_;
  std::mutex mutex_;
  std::vector<std::pair<int64_t, int64_t>> added_;
};

}  // namespace

SLUICE_REGISTER_SANDBOX("@name@", @Name@Sandbox);

}  // namespace sluice::@name@
)TPL";

const char* kTest =
    R"TPL(// End to end: `sluice sync @name@` against its sandbox fills the items table, and a second sync
// reads only what changed.
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"
#include "support/warehouse_dump.h"

namespace sluice::testing {
namespace {

TEST(@Name@E2E, SyncsEveryItemThenOnlyNewOnes) {
  TempDir dir;
  SandboxServer sandbox("@name@", {{"items", "250"}});
  write_file(dir.file("configuration.json"), sandbox.example_config());
  auto sync = [&] {
    return run_process({sluice_binary(), "sync", "@name@", "--no-progress"}, dir.path().string());
  };
  ProcessResult r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(dir.file("warehouse.duckdb"), "SELECT count(*) FROM items"), "250");
  sandbox.admin_post("/__sandbox/items?count=10");
  const int64_t before = sandbox.requests();
  r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(dir.file("warehouse.duckdb"), "SELECT count(*) FROM items"), "260");
  EXPECT_EQ(sandbox.requests() - before, 1) << "one page of what changed";
}

TEST(@Name@E2E, AWrongKeyIsNamed) {
  TempDir dir;
  SandboxServer sandbox("@name@", {});
  write_file(dir.file("configuration.json"),
             "{\"api_key\": \"wrong-key-000\", \"base_url\": \"" + sandbox.base_url() + "\"}");
  ProcessResult r =
      run_process({sluice_binary(), "sync", "@name@", "--no-progress"}, dir.path().string());
  EXPECT_EQ(r.exit_code, 77) << r.err;
  EXPECT_EQ(r.err.find("wrong-key-000"), std::string::npos);
}

}  // namespace
}  // namespace sluice::testing
)TPL";

const char* kReadme = R"TPL(# @Title@ connector

## Overview
Reads items from @Title@'s API into the warehouse, incrementally by `updated_at`. Generated by
`sluice new @name@`: replace the endpoint, fields and sandbox with the real API's, keeping the
sandbox as faithful as the reference you write in `shared/sources/@name@.md`.

## Configuration
`sluice init @name@` writes a template; `configuration.example.json` is a filled-in shape.

| field | required | default | meaning |
|---|---|---|---|
| `api_key` | yes (secret) | | an API key |
| `base_url` | no | `https://api.example.com` | the API's address |
| `start_date` | no | | the first sync reads items updated from then on |
| `request_timeout_seconds` | no | `30` | how long one request may take |

## Authentication
`Authorization: Bearer <api_key>`; the key is redacted from all output. `sluice check @name@`
reads one item.

## Pagination
`page` and `per_page` (100); `next_page` is null on the last page.

## Data handling
Items updated at or after the cursor are read oldest first; after every page the newest
`updated_at` seen becomes the cursor, so a resumed sync continues where it stopped.

## Errors
401 names a refused key (exit 77); 429 and 5xx are retried with backoff; anything else names the
status and the API's own words.

## Tables
| table | primary key | cursor |
|---|---|---|
| `items` | `id` | `updated_at` |

## Sandbox
`sluice sandbox @name@ --items 1000`; `POST /__sandbox/items?count=N` adds items updated now.
)TPL";

const char* kConfig = R"TPL({
  "api_key": "<YOUR_@NAME@_API_KEY>",
  "base_url": "https://api.example.com",
  "start_date": "2025-01-01T00:00:00Z"
}
)TPL";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

std::vector<ScaffoldFile> scaffold_files(const std::string& name) {
  std::string camel, title, upper;
  bool start = true;
  for (char c : name) {
    if (c == '_') {
      start = true;
      title += ' ';
      upper += '_';
      continue;
    }
    const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    camel += start ? up : c;
    title += title.empty() || title.back() == ' ' ? up : c;
    upper += up;
    start = false;
  }
  auto fill = [&](const char* t) {
    std::string s = replace_all(t, "@name@", name);
    s = replace_all(s, "@Name@", camel);
    s = replace_all(s, "@NAME@", upper);
    return replace_all(s, "@Title@", title);
  };
  return {{name + "_connector.cc", fill(kConnector)},
          {name + "_sandbox.cc", fill(kSandbox)},
          {"tests/" + name + "_e2e_test.cc", fill(kTest)},
          {"README.md", fill(kReadme)},
          {"configuration.example.json", fill(kConfig)}};
}

}  // namespace sluice::cli
