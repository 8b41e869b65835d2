// Structural checks of a module tree (FlashInfer-Bench `Model.modules`). Each finding is an Issue
// with a severity, a stable code and a path such as `modules.mlp_dense.count`.
//
// Errors:
//   E_EMPTY_MODULE_NAME  a module without a name (path `modules[i]`)
//   E_DUPLICATE_MODULE   a name used twice (models.ts keys modules by name; the later one is reported)
//   E_BAD_TYPE           type is not "block" or "layer"
//   E_BAD_COUNT          count < 1
//   E_PARENT_MISSING     parent names no module
//   E_CYCLE              following parents leads back to the start (reported once per cycle, at the
//                        member that comes first in the tree)
//   E_NO_ROOT            no module without a parent
//   E_LAYER_SUM          counts of variant blocks do not add up (see below)
// Warnings:
//   W_MULTIPLE_ROOTS     more than one module without a parent (one root is the convention)
//   W_COUNT_NOT_MULTIPLE a block child repeated inside its parent block whose count is not a multiple
//                        of the parent's count
//   W_NAME_PATTERN       a definition name matches none of the dataset's naming regexes
//   W_DEFINITION_MISSING a definition name the known-definitions list does not have (message holds the
//                        module path Root/.../module)
//   W_UNSUPPORTED        a module flagged unsupported (message holds its note)
//
// E_LAYER_SUM, precisely. For a block P, its block children C fall in three groups by count:
//   - components, count == P.count (one per P instance: self_attn and mlp under a decoder layer);
//   - variants, count < P.count (only some P instances have them: mlp_dense and moe under mlp,
//     Qwen3-Next's _GDN and _GQA layers under `layers`). Variants partition P's instances, so their
//     counts must add up to P.count. A lone variant is also checked (then its count must be P.count).
//   - repeated, count > P.count (several per P instance: the decoder layers under the model root).
//     The decoder-layer stack is a repeated group. When num_layers > 1, some block P must have repeated
//     block children whose counts add up to num_layers * P.count; if none does, E_LAYER_SUM is
//     reported at the shallowest block that has repeated children (or at `modules` if none has).
//     Other repeated groups (a vision tower's blocks, experts as blocks) are not compared with
//     num_layers. With num_layers <= 1 this check is skipped (a single layer cannot be told apart
//     from a component).
// Layer-type children are not part of these sums.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/module_tree.hpp"
#include "core/function_ref.hpp"
#include "naming/name_regex.hpp"
#include "validate/issue.hpp"

namespace hfmi {

// name_patterns: the dataset's naming regexes (see compile_name_patterns); null = no pattern check.
// is_known_definition: null = no known-definitions check.
Issues validate_module_tree(const ModuleTree& tree, int64_t num_layers, const std::vector<NameRegex>* name_patterns,
                            FunctionRef<bool(const std::string&)> is_known_definition);

}  // namespace hfmi
