// Builds a model's module tree (FlashInfer-Bench `Model.modules` shape) from its normalized config and
// the family table (family_template.hpp). Definition names are filled in later by naming/.
#pragma once
#include "arch/module_tree.hpp"
#include "config/model_config.hpp"

namespace hfmi {

// Never fails: an architecture without a row gets a generic Llama-like template, and a layer kind the
// tables do not know is still emitted; both are flagged `unsupported` with a note. Module names are
// unique within the tree; counts of sibling decoder-layer variants add up to the number of layers.
ModuleTree build_module_tree(const ModelConfig& config);

}  // namespace hfmi
