#include "sluice/declarative/record_plan.h"

#include <unordered_map>

#include "sluice/core/names.h"
#include "sluice/declarative/record_rows.h"
#include "sluice/json/fields.h"
#include "sluice/sdk/row_cells.h"

namespace sluice::declarative {
// Named rather than anonymous: RecordPlans::Impl holds these types.
namespace record_plan {

// One key of a record's walk, in the order flatten() meets them: a value it keeps (a leaf), an
// empty object (kept as "{}") or an object it opens into columns.
enum class Step : uint8_t { kLeaf, kEmptyObject, kOpen };

struct Key {
  std::string_view key;
  uint16_t depth;
  Step step;
};

struct OwnedKey {
  std::string key;
  uint16_t depth;
  Step step;
};

// The value of one column in terms of the record being emitted.
struct Expr {
  enum class Kind : uint8_t {
    kNull,
    kLeaf,         // the leaf `leaf` as flatten() keeps it
    kEmptyObject,  // "{}"
    kMapKey,       // the id-keyed map's key of the record
    kFieldJson,    // the top-level field `text` as JSON text
    kAdd,          // `step`'s template
    kCast,         // args[0] read as the type `text`
    kCoalesce,     // the first of args holding a value (null and empty text count as none)
    kPick          // the last of args that is not null
  } kind = Kind::kNull;
  size_t leaf = 0;
  const Transformation* step = nullptr;
  std::string text;
  std::vector<Expr> args;
};

// The record as the steps see it: named fields holding expressions, with Record's set and find.
struct PlanRecord {
  struct PlanField {
    std::string name;
    Expr value;
  };
  std::vector<PlanField> fields;

  void set(std::string name, Expr e) {
    for (auto& f : fields)
      if (f.name == name) {
        f.value = std::move(e);
        return;
      }
    fields.push_back({std::move(name), std::move(e)});
  }
  const Expr* find(std::string_view name) const {
    for (const auto& f : fields)
      if (f.name == name) return &f.value;
    return nullptr;
  }
};

// The computing steps' values as expressions (apply_steps' `ops`).
struct PlanOps {
  const Lookups& lookups;
  Expr add(const Transformation& t) const { return {.kind = Expr::Kind::kAdd, .step = &t}; }
  Expr map_key() const { return {.kind = Expr::Kind::kMapKey}; }
  Expr field_json(const std::string& field) const {
    return {.kind = Expr::Kind::kFieldJson, .text = field};
  }
  Expr cast(const Expr& v, const std::string& to) const {
    return {.kind = Expr::Kind::kCast, .text = to, .args = {v}};
  }
  Expr coalesce(const PlanRecord& r, const std::vector<std::string>& columns) const {
    Expr e{.kind = Expr::Kind::kCoalesce};
    for (const std::string& c : columns)
      if (const Expr* v = r.find(c)) e.args.push_back(*v);
    return e;
  }
  Expr pick(const PlanRecord& r, const Transformation& t) const {
    const std::set<std::string> columns = map_columns(t.columns.front(), pick_lookup(t, lookups));
    Expr e{.kind = Expr::Kind::kPick};
    for (const auto& f : r.fields)
      if (columns.count(f.name)) e.args.push_back(f.value);
    return e;
  }
};

struct Plan {
  std::vector<OwnedKey> keys;
  bool has_map_key = false;
  std::shared_ptr<const RowShape> shape;  // null: the row would name a column twice
  std::vector<Expr> columns;
  std::vector<std::vector<Expr>> child_keys;  // per child, its parent_key columns
};

bool empty_or_null(const Cell& c) {
  return c.kind == Value::Kind::kNull || (c.kind == Value::Kind::kString && c.s.empty());
}

size_t hash_walk(const std::vector<Key>& walk, bool has_map_key) {
  size_t h = has_map_key;
  for (const Key& k : walk)
    h = h * 1000003u ^
        (std::hash<std::string_view>{}(k.key) + k.depth * 31u + static_cast<size_t>(k.step));
  return h;
}

// Shapes are few in practice (Refiner: one per survey's questions); a stream whose records never
// repeat a shape must not plan without bound, and gains nothing from plans.
constexpr size_t kMaxPlans = 64;

}  // namespace record_plan

using namespace record_plan;

struct RecordPlans::Impl {
  const StreamDefinition& s;
  const Lookups& lookups;
  std::vector<std::unique_ptr<Plan>> plans;
  std::unordered_multimap<size_t, const Plan*> by_hash;
  const Plan* last = nullptr;

  // The record being emitted.
  std::vector<Key> walk;
  std::vector<simdjson::dom::element> leaves;
  simdjson::dom::object object;
  std::string_view map_key;
  const TemplateValues* values = nullptr;
  RowCells made;  // text made for the record's cells (JSON, casts, templates), kept until the next
  std::vector<Cell> cells;

  Impl(const StreamDefinition& stream, const Lookups& l) : s(stream), lookups(l) {}

  void walk_object(simdjson::dom::object o, uint16_t depth) {
    using T = simdjson::dom::element_type;
    for (auto [key, element] : o) {
      if (element.type() == T::OBJECT && depth < s.flatten_depth) {
        simdjson::dom::object child = element.get_object().value_unsafe();
        if (child.size() != 0) {
          walk.push_back({key, depth, Step::kOpen});
          walk_object(child, static_cast<uint16_t>(depth + 1));
          continue;
        }
        walk.push_back({key, depth, Step::kEmptyObject});
      } else {
        walk.push_back({key, depth, Step::kLeaf});
      }
      leaves.push_back(element);
    }
  }

  bool matches(const Plan& p, bool has_map_key) const {
    if (p.has_map_key != has_map_key || p.keys.size() != walk.size()) return false;
    for (size_t k = 0; k < walk.size(); ++k)
      if (p.keys[k].depth != walk[k].depth || p.keys[k].step != walk[k].step ||
          p.keys[k].key != walk[k].key)
        return false;
    return true;
  }

  const Plan* find(bool has_map_key) {
    if (last && matches(*last, has_map_key)) return last;
    const size_t h = hash_walk(walk, has_map_key);
    auto [from, to] = by_hash.equal_range(h);
    for (auto it = from; it != to; ++it)
      if (matches(*it->second, has_map_key)) return last = it->second;
    if (plans.size() >= kMaxPlans) return nullptr;
    plans.push_back(compile(has_map_key));
    by_hash.emplace(h, plans.back().get());
    return last = plans.back().get();
  }

  // Plans whose rows have the same columns share one shape, so the loader, which places rows of
  // the shape it met last without looking names up, does not look them up again at every change
  // of plan (Refiner: each survey's answers are a plan, the response rows one shape).
  std::shared_ptr<const RowShape> shape_of(std::vector<std::string> names) {
    for (const auto& p : plans)
      if (p->shape && p->shape->names() == names) return p->shape;
    try {
      return std::make_shared<const RowShape>(std::move(names));
    } catch (const std::invalid_argument&) {
      return nullptr;  // the Record path keeps a twice-named column's last value
    }
  }

  // The Record path's steps (record_rows.h's parent_steps), on names and expressions.
  std::unique_ptr<Plan> compile(bool has_map_key) {
    auto p = std::make_unique<Plan>();
    p->has_map_key = has_map_key;
    PlanRecord r;
    std::vector<std::string> prefix;  // the column name of the object open at each depth
    size_t leaf = 0;
    for (const Key& k : walk) {
      p->keys.push_back({std::string(k.key), k.depth, k.step});
      std::string name = normalize_name(k.key);
      if (k.depth > 0 && !prefix[k.depth - 1].empty()) name = prefix[k.depth - 1] + "_" + name;
      if (k.step == Step::kOpen) {
        prefix.resize(k.depth + 1u);
        prefix[k.depth] = std::move(name);
        continue;
      }
      Expr e{.kind = k.step == Step::kLeaf ? Expr::Kind::kLeaf : Expr::Kind::kEmptyObject};
      e.leaf = leaf++;
      r.set(std::move(name), std::move(e));
    }
    PlanOps ops{lookups};
    parent_steps(s, has_map_key, r, ops, [&](const PlanRecord& parent) {
      for (const ChildDefinition& child : s.children) {
        std::vector<Expr>& keys = p->child_keys.emplace_back();
        for (const auto& [column, from] : child.parent_key) {
          const Expr* v = parent.find(from);
          keys.push_back(v ? *v : Expr{});
        }
      }
    });
    std::vector<std::string> names;
    for (auto& f : r.fields) {
      names.push_back(f.name);
      p->columns.push_back(std::move(f.value));
    }
    p->shape = shape_of(std::move(names));
    return p;
  }

  Cell eval(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::kNull:
        return {};
      case Expr::Kind::kLeaf:
        return made.cell(leaves[e.leaf]);
      case Expr::Kind::kEmptyObject:
        return {Value::Kind::kJson, 0, 0, "{}"};
      case Expr::Kind::kMapKey:
        return Cell::text(map_key);
      case Expr::Kind::kFieldJson:
        return made.kept(field_json(object, e.text));
      case Expr::Kind::kAdd:
        return made.kept(Value::string(e.step->value.render(*values)));
      case Expr::Kind::kCast:
        return made.kept(cast_value(eval(e.args[0]).value(), e.text));
      case Expr::Kind::kCoalesce:
        for (const Expr& a : e.args)
          if (Cell c = eval(a); !empty_or_null(c)) return c;
        return {};
      case Expr::Kind::kPick: {
        Cell out;
        for (const Expr& a : e.args)
          if (Cell c = eval(a); c.kind != Value::Kind::kNull) out = c;
        return out;
      }
    }
    return {};
  }

  void emit_children(const Plan& p, Emitter& emit) {
    for (size_t c = 0; c < s.children.size(); ++c) {
      const ChildDefinition& child = s.children[c];
      const std::vector<Expr>& key_exprs = p.child_keys[c];
      cells.resize(key_exprs.size());
      for (size_t k = 0; k < key_exprs.size(); ++k) cells[k] = eval(key_exprs[k]);
      emit_child_rows(child, object, cells.data(), *values, lookups, emit);
    }
  }
};

RecordPlans::RecordPlans(const StreamDefinition& stream, const Lookups& lookups)
    : impl_(std::make_unique<Impl>(stream, lookups)) {}

RecordPlans::~RecordPlans() = default;

void RecordPlans::clear() {
  impl_->plans.clear();
  impl_->by_hash.clear();
  impl_->last = nullptr;
}

size_t RecordPlans::plans() const {
  return impl_->plans.size();
}

bool RecordPlans::emit(simdjson::dom::object object, std::string_view map_key,
                       const TemplateValues& values, Emitter& emit) {
  Impl& m = *impl_;
  m.walk.clear();
  m.leaves.clear();
  m.walk_object(object, 0);
  const Plan* p = m.find(!map_key.empty());
  if (!p || !p->shape) return false;
  m.object = object;
  m.map_key = map_key;
  m.values = &values;
  m.made.clear();
  m.emit_children(*p, emit);
  m.cells.resize(p->columns.size());
  for (size_t k = 0; k < p->columns.size(); ++k) m.cells[k] = m.eval(p->columns[k]);
  emit.upsert_row(m.s.table.name, *p->shape, m.cells.data());
  return true;
}

}  // namespace sluice::declarative
