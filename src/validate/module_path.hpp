// The path of a module in an Issue: `modules.<name>` when the name is an ASCII identifier, else
// `modules["<name>"]` (name as a JSON string), like a property access on the models.ts object.
#pragma once
#include <string>

#include "core/json_dump.hpp"
#include "emit/ts_string.hpp"

namespace hfmi {

inline std::string module_issue_path(const std::string& name, const std::string& field = "") {
  std::string path;
  if (is_ascii_identifier(name)) {
    path = "modules." + name;
  } else {
    path = "modules[";
    append_json_string(path, name, /*ensure_ascii=*/true);
    path += "]";
  }
  if (!field.empty()) path += "." + field;
  return path;
}

}  // namespace hfmi
