// Streams read ahead on threads of their own: they really overlap, what reaches the emitter is
// exactly what a sequential read gives, the queue is bounded, and failures keep their order.
#include "sluice/sdk/stream_ahead.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>

#include "sluice/core/error.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;

// What a loader would be told, as text, in order.
struct Transcript : Emitter {
  std::vector<std::string> seen;
  std::vector<uint64_t> shape_ids;  // of every row by position
  void upsert(const std::string& t, Record r) override {
    seen.push_back("upsert " + t + " " + r.find("id")->to_text());
  }
  // Each cell with its kind: a row by position must come back cell for cell.
  void upsert_row(const std::string& t, const RowShape& shape, const Cell* cells) override {
    std::string line = "row " + t;
    for (size_t k = 0; k < shape.size(); ++k)
      line += " " + shape.names()[k] + "=" + std::to_string(static_cast<int>(cells[k].kind)) + ":" +
              cells[k].value().to_text();
    seen.push_back(line);
    shape_ids.push_back(shape.id());
  }
  void update(const std::string& t, Record r) override {
    seen.push_back("update " + t + " " + r.find("id")->to_text());
  }
  void remove(const std::string& t, Record r) override {
    seen.push_back("remove " + t + " " + r.find("id")->to_text());
  }
  void truncate(const std::string& t) override { seen.push_back("truncate " + t); }
  void checkpoint(const nlohmann::json& state) override {
    seen.push_back("checkpoint " + state.dump());
  }
};

Record row(const std::string& id) {
  Record r;
  r.set("id", Value::string(id));
  return r;
}

bool wait_for(const std::function<bool()>& done) {
  for (int i = 0; i < 1000 && !done(); ++i) std::this_thread::sleep_for(10ms);
  return done();
}

class Scripted : public Stream {
 public:
  Scripted(std::string name, bool independent, std::function<void(StreamContext&)> body)
      : name_(std::move(name)), independent_(independent), body_(std::move(body)) {}
  std::string name() const override { return name_; }
  bool independent() const override { return independent_; }
  void read(StreamContext& c) override { body_(c); }

 private:
  std::string name_;
  bool independent_;
  std::function<void(StreamContext&)> body_;
};

struct Script {
  std::string name;
  bool independent;
  std::function<void(StreamContext&)> body;
};

class ScriptedConnector : public StreamConnector {
 public:
  explicit ScriptedConnector(std::vector<Script> s) : scripts_(std::move(s)) {}
  std::string name() const override { return "scripted"; }
  std::string description() const override { return "streams from a test"; }
  Spec spec() const override { return {}; }
  CheckResult check(const Config&) override { return {}; }
  std::vector<TableSpec> schema(const Config&) override { return {}; }
  std::vector<std::unique_ptr<Stream>> streams(const Config&) override {
    std::vector<std::unique_ptr<Stream>> out;
    for (const auto& s : scripts_)
      out.push_back(std::make_unique<Scripted>(s.name, s.independent, s.body));
    return out;
  }

 private:
  std::vector<Script> scripts_;
};

std::vector<std::string> run(std::vector<Script> scripts, const nlohmann::json& state = {}) {
  ScriptedConnector c(std::move(scripts));
  Transcript t;
  c.update(Config::object(), state, t);
  return t.seen;
}

TEST(StreamAhead, AnIndependentStreamReadsWhileAnEarlierOneLoadsAndLandsExactlyAsInOrder) {
  auto scripts = [](std::atomic<bool>& b_started, std::atomic<bool>& a_saw_b) {
    return std::vector<Script>{{"a", false,
                                [&](StreamContext& c) {
                                  // Only a stream started ahead can be running while this one
                                  // waits.
                                  a_saw_b = wait_for([&] { return b_started.load(); });
                                  c.emit().upsert("t", row("a1"));
                                  c.checkpoint(1);
                                  c.emit().upsert("t", row("a2"));
                                  c.checkpoint(2);
                                }},
                               {"b", true, [&](StreamContext& c) {
                                  b_started = true;
                                  EXPECT_EQ(c.cursor(), 7);  // its own cursor from the state
                                  for (int i = 0; i < 3000; ++i)
                                    c.emit().upsert("u", row("b" + std::to_string(i)));
                                  c.emit().remove("u", row("b0"));
                                  c.emit().truncate("v");
                                  c.checkpoint(8);
                                  c.emit().update("u", row("b1"));
                                }}};
  };
  const nlohmann::json state = {{"streams", {{"b", 7}}}};
  std::atomic<bool> started = false, saw = false;
  auto overlapped = run(scripts(started, saw), state);
  EXPECT_TRUE(saw) << "stream b was not read while stream a was";

  // The same streams one after the other: b cannot start before a is done.
  std::atomic<bool> started2 = false, saw2 = false;
  auto s2 = scripts(started2, saw2);
  s2[1].independent = false;
  s2[0].body = [inner = s2[0].body, &started2](StreamContext& c) {
    started2 = true;  // a's wait for b ends at once
    inner(c);
  };
  auto sequential = run(s2, state);
  ASSERT_EQ(overlapped.size(), 4u + 1 + 3004 + 1 + 1);  // a, a done, b, b done, all done
  EXPECT_EQ(overlapped, sequential);
  EXPECT_EQ(overlapped.back(), "checkpoint {\"streams\":{\"a\":2,\"b\":8}}");
}

TEST(StreamAhead, TheWorkerWaitsWhenItsQueueIsFull) {
  std::atomic<int> emitted = 0;
  Scripted s("b", true, [&](StreamContext& c) {
    for (int i = 0; i < 100; ++i) {
      c.emit().upsert("u", row(std::to_string(i)));
      ++emitted;
    }
  });
  StreamAhead ahead(s, nlohmann::json::object(), 10);
  ASSERT_TRUE(wait_for([&] { return ahead.queued() == 10; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(emitted, 10);  // the 11th record waits for room
  Transcript t;
  nlohmann::json whole = nlohmann::json::object();
  ahead.replay(t, whole);
  ASSERT_EQ(t.seen.size(), 100u);
  EXPECT_EQ(t.seen[99], "upsert u 99");
  EXPECT_EQ(emitted, 100);
}

TEST(StreamAhead, AFailingStreamFailsAtItsTurnAfterWhatItEmitted) {
  ScriptedConnector c({{"a", false, [](StreamContext& ctx) { ctx.emit().upsert("t", row("a1")); }},
                       {"b", true, [](StreamContext& ctx) {
                          ctx.emit().upsert("u", row("b1"));
                          throw Error(ErrorKind::kApi, "b broke");
                        }}});
  Transcript t;
  try {
    c.update(Config::object(), {}, t);
    FAIL() << "the failure of b was lost";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "b broke");
  }
  ASSERT_EQ(t.seen.size(), 3u);
  EXPECT_EQ(t.seen[0], "upsert t a1");
  EXPECT_EQ(t.seen[1], "checkpoint {\"completed_this_sync\":[\"a\"]}");
  EXPECT_EQ(t.seen[2], "upsert u b1");
}

TEST(StreamAhead, AnEarlierFailureStopsStreamsReadingAheadAndNothingOfThemLands) {
  std::atomic<int> b_emitted = 0;
  std::atomic<bool> b_ended = false;
  ScriptedConnector c({{"a", false,
                        [&](StreamContext&) {
                          wait_for([&] { return b_emitted >= 1024; });  // b's queue is full
                          throw Error(ErrorKind::kApi, "a broke");
                        }},
                       {"b", true, [&](StreamContext& ctx) {
                          try {
                            for (;;) {
                              ctx.emit().upsert("u", row("b"));
                              ++b_emitted;
                            }
                          } catch (...) {
                            b_ended = true;
                            throw;
                          }
                        }}});
  Transcript t;
  EXPECT_THROW(c.update(Config::object(), {}, t), Error);
  EXPECT_TRUE(b_ended);  // joined, not left running
  EXPECT_TRUE(t.seen.empty());
}

// Rows by position read ahead land exactly as the same stream read in turn gives them, among
// Records, deletes, truncates and checkpoints: every cell with its kind, text the stream
// overwrote right after emitting it, and the stream's own shapes (by id, so the loader still
// places them without looking names up) even though the stream's shapes are gone by then.
TEST(StreamAhead, RowsByPositionLandCellForCellInOrderAmongOtherOperations) {
  const std::string long_text(70000, 'z');
  auto scripts = [&](std::atomic<bool>& b_started, std::vector<uint64_t>& ids) {
    return std::vector<Script>{
        {"a", false,
         [&](StreamContext& c) {
           wait_for([&] { return b_started.load(); });
           c.emit().upsert("t", row("a1"));
           c.checkpoint(1);
         }},
        {"b", true, [&](StreamContext& c) {
           b_started = true;
           const RowShape narrow({"id", "v"}), wide({"id", "v", "note", "n", "at"});
           ids = {narrow.id(), wide.id()};
           std::string text;  // reused for every row, as a page's buffer would be
           for (int i = 0; i < 3000; ++i) {
             text = "b" + std::to_string(i);
             if (i % 3 == 0) {
               const Cell cells[] = {
                   Cell::text(text),
                   Cell::text(i == 300 ? std::string_view(long_text) : "Ünï 日本"),
                   i % 9 ? Cell{Value::Kind::kJson, 0, 0, "{\"k\":[1]}"} : Cell(),
                   Cell{Value::Kind::kDouble, 0, i + 0.5, {}},
                   Cell{Value::Kind::kTimestamp, 1700000000000000LL + i, 0, {}}};
               c.emit().upsert_row("u", wide, cells);
             } else {
               const Cell cells[] = {Cell::text(text), Cell{Value::Kind::kInt, i, 0, {}}};
               c.emit().upsert_row("u", narrow, cells);
             }
             text.assign(text.size(), '#');  // the page's text is gone once the call returns
             if (i % 500 == 0) c.emit().upsert("v", row("r" + std::to_string(i)));
             if (i % 700 == 0) c.emit().remove("u", row("b" + std::to_string(i / 2)));
             if (i % 1000 == 999) c.checkpoint(i);
           }
           c.emit().truncate("v");
           c.emit().update("u", row("b1"));
         }}};
  };
  std::atomic<bool> started = false;
  std::vector<uint64_t> ids;
  ScriptedConnector ahead_connector(scripts(started, ids));
  Transcript ahead;
  ahead_connector.update(Config::object(), {}, ahead);

  std::atomic<bool> started2 = true;  // a does not wait: b runs after it
  std::vector<uint64_t> ids2;
  auto s2 = scripts(started2, ids2);
  s2[1].independent = false;
  ScriptedConnector in_turn_connector(s2);
  Transcript in_turn;
  in_turn_connector.update(Config::object(), {}, in_turn);

  ASSERT_EQ(ahead.shape_ids.size(), 3000u);
  EXPECT_EQ(ahead.seen, in_turn.seen);
  EXPECT_EQ(ahead.seen[3], "row u id=4:b0 v=4:Ünï 日本 note=0: n=3:0.5 at=6:" +
                               Value::timestamp(1700000000000000LL).to_text());
  EXPECT_EQ(ahead.seen[4], "upsert v r0");
  EXPECT_EQ(ahead.seen[5], "remove u b0");
  EXPECT_EQ(ahead.seen[6], "row u id=4:b1 v=2:1");
  EXPECT_NE(std::find(ahead.seen.begin(), ahead.seen.end(),
                      "row u id=4:b300 v=4:" + long_text + " note=5:{\"k\":[1]} n=3:300.5 at=6:" +
                          Value::timestamp(1700000000000300LL).to_text()),
            ahead.seen.end());
  for (size_t k = 0; k < ahead.shape_ids.size(); ++k)
    ASSERT_EQ(ahead.shape_ids[k], ids[k % 3 == 0 ? 1 : 0]) << "row " << k;
}

TEST(StreamAhead, RowsWaitOncePastTheByteBound) {
  const std::string big(1 << 20, 'x');
  const RowShape shape({"id", "blob"});
  std::atomic<int> emitted = 0;
  Scripted s("b", true, [&](StreamContext& c) {
    for (int i = 0; i < 20; ++i) {
      const Cell cells[] = {Cell{Value::Kind::kInt, i, 0, {}}, Cell::text(big)};
      c.emit().upsert_row("u", shape, cells);
      ++emitted;
    }
  });
  StreamAhead ahead(s, nlohmann::json::object(), 1000, 4 << 20);
  ASSERT_TRUE(wait_for([&] { return ahead.queued() == 4; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(emitted, 4);  // 4 MB and a little more wait: the fifth row waits for room
  EXPECT_GT(ahead.queued_bytes(), 4u << 20);
  Transcript t;
  nlohmann::json whole = nlohmann::json::object();
  ahead.replay(t, whole);
  ASSERT_EQ(t.seen.size(), 20u);
  EXPECT_EQ(t.seen[19], "row u id=2:19 blob=4:" + big);
}

}  // namespace
}  // namespace sluice
