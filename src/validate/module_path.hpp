// The path of a module in an Issue: `modules.<name>` when the name is an ASCII identifier, else
// `modules["<name>"]` (name as a JSON string), like a property access on the models.ts object.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "emit/ts_string.hpp"

namespace hfmi {

inline std::string module_issue_path(const std::string& name, const std::string& field = "") {
  std::string path = is_ascii_identifier(name)
                         ? "modules." + name
                         : "modules[" + nlohmann::json(name).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace) + "]";
  if (!field.empty()) path += "." + field;
  return path;
}

}  // namespace hfmi
