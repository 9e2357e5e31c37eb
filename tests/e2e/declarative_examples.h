#pragma once
// Where examples/declarative/ is, for the tests that run its sources.
#include <filesystem>
#include <string>

namespace sluice::testing {

// __FILE__ is relative to the build folder when ccache's base_dir rewrites it.
inline std::string declarative_example(const std::string& file) {
  namespace fs = std::filesystem;
  fs::path here = fs::path(__FILE__).is_absolute()
                      ? fs::path(__FILE__)
                      : fs::read_symlink("/proc/self/exe").parent_path() / __FILE__;
  return (here.parent_path().parent_path().parent_path() / "examples" / "declarative" / file)
      .lexically_normal()
      .string();
}

}  // namespace sluice::testing
