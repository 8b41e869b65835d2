// llama.cpp tensor names (gguf-py/gguf/tensor_mapping.py, src/llama-arch.cpp LLM_TENSOR_NAMES) written as
// the HF checkpoint names the accounting's component rules already know: "blk.3.attn_q.weight" ->
// "model.layers.3.self_attn.q_proj.weight", "blk.3.ffn_down_exps.weight" -> "model.layers.3.mlp.experts.down_proj.weight".
// One table of role rows (gguf_tensor_names.cpp); a role no row knows keeps its name under
// self_attn. (attn_*), mlp. (ffn_*) or mixer. (ssm_*), so its component still follows.
#pragma once
#include <string>

namespace hfmi {

std::string gguf_tensor_hf_name(const std::string& gguf_name);

}  // namespace hfmi
