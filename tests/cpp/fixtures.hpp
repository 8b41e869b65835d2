// Test helpers: read fixture files from tests/fixtures.
#pragma once
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace hfmi::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// e.g. fixture("hf/meta-llama__Llama-3.1-8B.config.json")
inline std::string fixture(const std::string& relative) {
  return read_file(std::string(HFMI_FIXTURES_DIR) + "/" + relative);
}

inline std::string hf_config(const std::string& org_name) {  // "meta-llama__Llama-3.1-8B"
  return fixture("hf/" + org_name + ".config.json");
}

}  // namespace hfmi::test
