// Compares the counts of a module tree with a reference tree of the same model, module by module
// (by name). Use: check an existing models.ts entry against the tree built from the config (the
// dataset's DeepSeek V3 entry says mlp_dense 31 / moe 30; the config says 3 / 58).
//   E_COUNT_MISMATCH          same module name, different count (path modules.<name>.count)
//   W_MODULE_NOT_IN_REFERENCE a module of `checked` that the reference does not have (path modules.<name>)
#pragma once
#include "arch/module_tree.hpp"
#include "validate/issue.hpp"

namespace hfmi {

Issues compare_module_counts(const ModuleTree& reference, const ModuleTree& checked);

}  // namespace hfmi
