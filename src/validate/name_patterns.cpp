#include "validate/name_patterns.hpp"

#include "core/lenient_json.hpp"

namespace hfmi {

std::string python_regex_to_ecmascript(std::string_view re) {
  std::string out;
  out.reserve(re.size());
  size_t i = 0;
  while (i < re.size()) {
    if (re[i] == '\\' && i + 1 < re.size()) {  // keep escapes (an escaped `(` opens no group)
      out.append(re.substr(i, 2));
      i += 2;
      continue;
    }
    if (re.compare(i, 4, "(?P<") == 0) {
      const size_t close = re.find('>', i + 4);
      if (close != std::string_view::npos) {
        out += '(';
        i = close + 1;
        continue;
      }
    }
    out += re[i++];
  }
  return out;
}

Result<std::vector<std::regex>> compile_name_patterns(std::string_view naming_patterns_json) {
  auto parsed = parse_lenient_json(naming_patterns_json, codes::kBadOptions);
  if (!parsed.ok()) return parsed.error();
  const Json& j = parsed.value();
  if (!j.is_object() || !j.contains("patterns") || !j["patterns"].is_array()) {
    return make_error(codes::kBadOptions, "naming patterns: expected an object with a \"patterns\" array", "$.patterns");
  }
  std::vector<std::regex> out;
  const Json& patterns = j["patterns"];
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string path = "$.patterns[" + std::to_string(i) + "].regex";
    const Json& p = patterns[i];
    if (!p.is_object() || !p.contains("regex") || !p["regex"].is_string()) {
      return make_error(codes::kBadOptions, "naming patterns: a pattern without a \"regex\" string", path);
    }
    const std::string source = python_regex_to_ecmascript(p["regex"].get<std::string>());
    try {
      out.emplace_back(source, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      return make_error(codes::kBadOptions, "naming patterns: regex " + source + " does not compile: " + e.what(), path);
    }
  }
  return out;
}

}  // namespace hfmi
