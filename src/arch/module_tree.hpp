// The module tree of a model in FlashInfer-Bench's `Model` shape: named blocks and layers with counts,
// parents and Definition names. Built by build_module_tree() from a ModelConfig and a family template.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hfmi {

struct Module {
  std::string name;                      // HF class name for blocks, SGLang fused module name for layers
  int64_t count = 0;                     // how many instances in the whole model
  std::string parent;                    // "" for the root
  std::string type;                      // "block" | "layer"
  std::vector<std::string> definitions;  // FlashInfer-Bench Definition names (filled by naming/)
  bool unsupported = false;              // a kind the family tables do not know
  std::string note;                      // why unsupported, or other remarks for the report
  // (added by arch) What the module computes: a key of the naming rule table (arch/module_kinds.hpp),
  // e.g. "qkv_proj", "gqa_attention", "input_norm"; "block" for containers.
  std::string kind;
  // (added by arch) Index into ModelConfig::layers of the first decoder layer this module stands for
  // (per-layer widths and KV heads are read from there); -1 outside the decoder layers.
  int64_t first_layer = -1;
};

struct ModuleTree {
  std::string family;            // template row used, e.g. "llama", "deepseek_v3"
  std::vector<Module> modules;   // in emission order (parents before children)
};

}  // namespace hfmi
