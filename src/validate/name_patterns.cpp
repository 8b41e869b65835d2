// The validator's view of the dataset's naming regexes: the compiled forms of naming/'s pattern table.
#include "validate/name_patterns.hpp"

#include "naming/naming_patterns.hpp"

namespace hfmi {

std::string python_regex_to_ecmascript(std::string_view re) { return ecmascript_from_python_regex(re); }

Result<std::vector<NameRegex>> compile_name_patterns(std::string_view naming_patterns_json) {
  auto loaded = load_naming_patterns(naming_patterns_json);
  if (!loaded) return loaded.error();
  std::vector<NameRegex> out;
  for (const NamingPattern& p : loaded.value().patterns()) out.push_back(p.compiled);
  return out;
}

}  // namespace hfmi
