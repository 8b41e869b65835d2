// The text outputs of the add-model workflow that are plain renderings of already-computed values:
// module_tree JSON, module_mapping.json, tensors.csv and model_addition_summary.md.
#pragma once
#include <string>
#include <vector>

#include "arch/module_tree.hpp"
#include "core/function_ref.hpp"
#include "core/lenient_json.hpp"
#include "safetensors/safetensors_header.hpp"
#include "validate/issue.hpp"

namespace hfmi {

Json module_tree_json(const ModuleTree& tree);

// module name -> its Definition names (module_mapping.json).
Json module_mapping_json(const ModuleTree& tree);

Json issues_json(const Issues& issues);

// tensors.csv: `kind,name,shape,dtype`; shape written as dims joined by 'x' ("128256x4096", "" for a
// scalar); fields quoted per RFC 4180 when needed. `kind_of` names the tensor's accounting kind.
std::string tensors_csv(const std::vector<TensorInfo>& tensors,
                        FunctionRef<const std::string&(const TensorInfo&)> kind_of);

struct SummaryInputs {
  const Json& architecture;  // model_architecture.json
  const ModuleTree& tree;
  const Issues& issues;
  const std::vector<std::string>& missing_definitions;
  std::string entry_id;
  int64_t tp = 1;
  int64_t ep = 1;
};

// model_addition_summary.md: architecture overview, modules and their definitions, parameter and
// memory tables, validation results, missing definitions, next steps.
std::string summary_markdown(const SummaryInputs& in);

}  // namespace hfmi
