#pragma once
// The nearest of some names to a mistyped one, for "did you mean …?".
#include <string>
#include <vector>

namespace sluice::cli {

// The candidate fewest single-character edits away, when that is close enough to be a typo (at
// most a third of the word, at least 2); empty otherwise.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace sluice::cli
