#include "validate/module_count_comparison.hpp"

#include <map>

#include "validate/module_path.hpp"

namespace hfmi {

Issues compare_module_counts(const ModuleTree& reference, const ModuleTree& checked) {
  std::map<std::string, int64_t> expected;
  for (const Module& m : reference.modules) expected.emplace(m.name, m.count);
  Issues out;
  std::map<std::string, bool> seen;
  for (const Module& m : checked.modules) {
    if (!seen.emplace(m.name, true).second) continue;  // duplicates are validate_module_tree's business
    const auto it = expected.find(m.name);
    if (it == expected.end()) {
      out.push_back(Issue{kSeverityWarning, issue_codes::kModuleNotInReference, module_issue_path(m.name),
                          "module \"" + m.name + "\" is not in the reference tree"});
      continue;
    }
    if (it->second != m.count) {
      out.push_back(Issue{kSeverityError, issue_codes::kCountMismatch, module_issue_path(m.name, "count"),
                          "\"" + m.name + "\" has count " + std::to_string(m.count) + "; the reference has " +
                              std::to_string(it->second)});
    }
  }
  return out;
}

}  // namespace hfmi
