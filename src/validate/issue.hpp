// A validation finding. Every check in validate/ (and reconciliation in params/) returns these.
#pragma once
#include <string>
#include <vector>

namespace hfmi {

struct Issue {
  std::string severity;  // "error" | "warning" | "info"
  std::string code;      // stable, e.g. "W_PARAM_MISMATCH", "E_PARENT_MISSING"
  std::string path;      // where: "modules.self_attn.parent", "parameters.total", ...
  std::string message;
};

using Issues = std::vector<Issue>;

}  // namespace hfmi
