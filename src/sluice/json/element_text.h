#pragma once
// A JSON value as text and its JSON type as a word, as answer-like rows (a question's value of
// any type in one text column, its type in another) hold them: Refiner's answers and declarative
// children with `value_text`.
#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

namespace sluice {

// null, text, number, boolean, array or object.
const char* json_type_name(simdjson::dom::element_type type);

// A string's own characters (borrowed from the parsed page), a number's or boolean's text, an
// array's or object's JSON; none for null. Text that is not borrowed is built in `buffer`, which
// must outlive the view.
std::optional<std::string_view> element_as_text(simdjson::dom::element e, std::string& buffer);

}  // namespace sluice
