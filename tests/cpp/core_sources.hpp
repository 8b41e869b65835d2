// The core's C++ sources (src/ and wasm/, .cpp and .hpp), for tests that search them for what must not be there.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace hfmi::test {

// (path, text) of every .cpp and .hpp below src/ and wasm/.
inline std::vector<std::pair<std::string, std::string>> core_sources() {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(HFMI_FIXTURES_DIR).parent_path().parent_path();
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* dir : {"src", "wasm"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = e.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp") continue;
      std::ifstream in(e.path());
      std::stringstream text;
      text << in.rdbuf();
      out.emplace_back(e.path().string(), text.str());
    }
  }
  return out;
}

}  // namespace hfmi::test
