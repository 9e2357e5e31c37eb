#pragma once
// `children:` of a YAML stream: a nested array or id-keyed map of each record emitted as rows of
// another table, each carrying the parent's key columns (named as the child wants them), then the
// element's position (`_index`) or map key, then the element flattened, then its own `transform`.
// The nested field (every column flattened from it) is dropped from the parent row after the
// parent's transform, unless `keep_in_parent`.
#include <simdjson.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sluice/core/value.h"
#include "sluice/declarative/build_context.h"
#include "sluice/declarative/transformation.h"
#include "sluice/sdk/emitter.h"

namespace sluice::declarative {

struct ChildDefinition {
  std::string field;  // the nested field, as the API names it; dotted for a deeper one
  std::string table;
  std::vector<std::pair<std::string, std::string>> parent_key;  // child column <- parent column
  std::string key_column;  // for a map: the column of each entry's key ("key")
  // For a map: the column of a value that is not an object ("value"); with `value_text` every
  // value lands there as text (arrays and objects as JSON), and `type_column` (when named) holds
  // its JSON type: null, text, number, boolean, array or object.
  std::string value_column;
  bool value_text = false;
  std::string type_column;
  std::vector<std::string> primary_key;
  std::vector<Transformation> transform;  // applied to each child row
  bool keep_in_parent = false;            // the parent keeps the field as it was flattened
  // A map child of text values with no transform has rows of one shape: parent key columns, key,
  // value (and type). Set by read_children; null for every other child.
  std::shared_ptr<const RowShape> text_map_shape;
};

std::vector<ChildDefinition> read_children(const YAML::Node& node, const BuildContext& context,
                                           const std::string& stream);

// The child rows of one parent (`object` as it came, `parent` as flattened).
std::vector<Record> child_rows(const ChildDefinition& child, simdjson::dom::object object,
                               const Record& parent);
// The same from the parent's key columns as the child names them (parent_keys()).
std::vector<Record> child_rows_under(const ChildDefinition& child, simdjson::dom::object object,
                                     Record keys);
// The child's parent_key columns with the parent's values (NULL for a column the parent lacks).
Record parent_keys(const ChildDefinition& child, const Record& parent);

// The same rows handed to `emit` by position, without a Record each (Refiner's answers: one row
// per question per response). False, having emitted nothing, for a child without
// `text_map_shape` or whose field is not a map: child_rows() is the way for those.
// `keys` holds a cell per parent_key column, in order.
bool emit_text_map_rows(const ChildDefinition& child, simdjson::dom::object object,
                        const Cell* keys, Emitter& emit);

// Every child row of one parent to `emit`: by position when emit_text_map_rows() can, else as
// Records with the child's transform applied. `keys` as for emit_text_map_rows().
void emit_child_rows(const ChildDefinition& child, simdjson::dom::object object, const Cell* keys,
                     const TemplateValues& values, const Lookups& lookups, Emitter& emit);

}  // namespace sluice::declarative
