// A FlashInfer-Bench Definition JSON skeleton for a name the dataset lacks: name, op_type, description,
// tags, axes (const with values parsed from the name, var), inputs and outputs with shapes and dtypes,
// and a reference stub to fill in. The layout per name family comes from a table derived from the
// dataset's own Definitions (definitions_index.json); the name is parsed with its naming pattern.
#pragma once
#include <string>

#include "core/lenient_json.hpp"
#include "naming/naming_options.hpp"

namespace hfmi {

// The skeleton as a JSON value. Keys: name, description, op_type, tags ["model:<id>", "tp:<n>", "ep:<n>",
// "status:unverified", then stage:/layout:/fi_api: tags where the family has them], axes
// {axis: {"type": "const", "value": N} | {"type": "var"}}, inputs / outputs {tensor: {shape: [...] | null,
// dtype}}, reference (a Python stub that raises NotImplementedError). A name no pattern matches (or with
// absurd numbers) gets op_type "" and empty axes / inputs / outputs, and a description saying so.
// Never throws.
Json definition_skeleton(const std::string& name, const std::string& model_id, const NamingOptions& options);

// The same skeleton as text with the dataset files' key order (name, description, op_type, tags, axes,
// inputs, outputs, reference), 2-space indented, ending with a newline.
std::string definition_skeleton_text(const std::string& name, const std::string& model_id,
                                     const NamingOptions& options);

}  // namespace hfmi
