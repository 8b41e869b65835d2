// The "structure" section of the analysis: where the layer anatomy came from, a layer-kind summary, and
// the tensors whose role the table does not know.
#pragma once
#include "core/lenient_json.hpp"
#include "structure/model_structure.hpp"

namespace hfmi {

// {source: "tensors"|"config", stack, layer_kinds: [{mixer, ffn, count, layers}], other_stacks,
//  unsupported: [{role, tensor_count, parameters, tensors}]}
Json structure_json(const StructureResult& result, bool from_tensors);

}  // namespace hfmi
