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

// Codes of the module-tree checks (validate/module_tree_checks.hpp, validate/module_count_comparison.hpp).
namespace issue_codes {
inline constexpr const char* kEmptyModuleName = "E_EMPTY_MODULE_NAME";
inline constexpr const char* kDuplicateModule = "E_DUPLICATE_MODULE";
inline constexpr const char* kBadType = "E_BAD_TYPE";
inline constexpr const char* kBadCount = "E_BAD_COUNT";
inline constexpr const char* kParentMissing = "E_PARENT_MISSING";
inline constexpr const char* kCycle = "E_CYCLE";
inline constexpr const char* kNoRoot = "E_NO_ROOT";
inline constexpr const char* kLayerSum = "E_LAYER_SUM";
inline constexpr const char* kCountMismatch = "E_COUNT_MISMATCH";
inline constexpr const char* kMultipleRoots = "W_MULTIPLE_ROOTS";
inline constexpr const char* kCountNotMultiple = "W_COUNT_NOT_MULTIPLE";
inline constexpr const char* kNamePattern = "W_NAME_PATTERN";
inline constexpr const char* kDefinitionMissing = "W_DEFINITION_MISSING";
inline constexpr const char* kUnsupported = "W_UNSUPPORTED";
inline constexpr const char* kModuleNotInReference = "W_MODULE_NOT_IN_REFERENCE";
}  // namespace issue_codes

inline constexpr const char* kSeverityError = "error";
inline constexpr const char* kSeverityWarning = "warning";

}  // namespace hfmi
