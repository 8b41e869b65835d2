#include "emit/mantile_gaps.hpp"

namespace hfmi {
namespace {

constexpr std::array<GapKindRow, static_cast<size_t>(GapKind::kCount)> kGapKinds = {{
    {GapKind::kMla, "mla_attention", "Multi-head latent attention (MLA)", "MLAAttentionLayer", "HIGH", "attention",
     "MLA compresses K and V into one latent of kv_lora_rank (plus a shared RoPE key): its projections, FLOPs "
     "and KV cache differ from every attention class (GroupedQueryAttentionLayer would count 2 x heads x "
     "head_dim cache elements per token instead of kv_lora_rank + qk_rope_head_dim).",
     {"transformers: src/transformers/models/deepseek_v3/modeling_deepseek_v3.py (DeepseekV3Attention)",
      "vLLM: vllm/model_executor/models/deepseek_v2.py (DeepseekV2MLAAttention), vllm/attention/backends/mla/",
      "SGLang: python/sglang/srt/models/deepseek_v2.py (DeepseekV2AttentionMLA)"},
     "- TP: split the heads (q_b_proj, kv_b_proj, o_proj by head); q_a_proj / kv_a_proj_with_mqa and the latent "
     "cache are replicated on every rank.\n- DP attention: each rank keeps its own requests' latent cache "
     "(SGLang --enable-dp-attention), which avoids the replicated cache of TP.\n- Decode absorbs W_UK into "
     "the query and W_UV into o_proj, so attention runs over the latent (MQA-like, one KV head).",
     "- Parameter count per layer equals the sum of the example tensors.\n- KV-cache bytes per token per layer "
     "= (kv_lora_rank + qk_rope_head_dim) x bytes per element, independent of TP.\n- Prefill FLOPs use the "
     "expanded heads; decode FLOPs use the absorbed form: both match a hand count for one layer.\n- TP=8 "
     "shards: heads split evenly; latent projections replicated."},
    {GapKind::kMamba2, "mamba2", "Mamba2 state-space mixer", "Mamba2Layer", "HIGH", "mamba",
     "A Mamba2 mixer (in_proj, depthwise conv1d, selective scan, gated norm, out_proj) keeps a constant-size "
     "state instead of a KV cache and has no attention FLOPs: no Mantile class models it.",
     {"transformers: src/transformers/models/mamba2/modeling_mamba2.py (Mamba2Mixer); Nemotron-H's "
      "modeling_nemotron_h.py in its Hub repo",
      "vLLM: vllm/model_executor/layers/mamba/mamba_mixer2.py (MambaMixer2), vllm/model_executor/models/nemotron_h.py",
      "SGLang: python/sglang/srt/models/nemotron_h.py"},
     "- TP: split the SSM heads and groups (in_proj column-parallel by head, out_proj row-parallel); the "
     "conv and SSM states split with them.\n- No sequence parallelism for the scan in decode; prefill uses "
     "the chunked scan.\n- Pipeline stages must keep whole layers (the state lives with the layer).",
     "- Parameter count per layer equals the sum of the example tensors.\n- State bytes per sequence = "
     "(heads x head_dim x state_size + conv_kernel x conv channels) x bytes, independent of context length.\n"
     "- Decode FLOPs per token are constant in the context length.\n- TP=2/4/8: heads and groups divide evenly."},
    {GapKind::kMamba1, "mamba1", "Mamba (v1) selective state-space mixer", "MambaLayer", "HIGH", "mamba",
     "A Mamba (v1) mixer (in_proj, depthwise conv1d, x_proj to dt/B/C, dt_proj, selective scan over "
     "intermediate x state_size, out_proj) keeps a constant-size state instead of a KV cache and has no "
     "attention FLOPs: no Mantile class models it, and its state is per channel, not per head as in Mamba2.",
     {"transformers: src/transformers/models/mamba/modeling_mamba.py (MambaMixer); jamba/modeling_jamba.py "
      "(JambaMambaMixer, with dt/B/C RMSNorms); falcon_mamba/modeling_falcon_mamba.py",
      "vLLM: vllm/model_executor/layers/mamba/mamba_mixer.py (MambaMixer), vllm/model_executor/models/jamba.py",
      "SGLang: python/sglang/srt/models/ (no Mamba v1 model at the time of writing)"},
     "- TP: split the intermediate channels (in_proj column-parallel, out_proj row-parallel); x_proj needs an "
     "all-reduce of its dt/B/C output.\n- The conv and SSM states split with the channels.\n- Pipeline stages "
     "must keep whole layers.",
     "- Parameter count per layer equals the sum of the example tensors.\n- State bytes per sequence = "
     "(intermediate x state_size + (conv_kernel - 1) x intermediate) x bytes, independent of context length.\n"
     "- Decode FLOPs per token are constant in the context length."},
    {GapKind::kLinearAttention, "gated_deltanet", "Gated DeltaNet linear attention", "GatedDeltaNetLayer", "HIGH", "linear_attention",
     "Gated DeltaNet (Qwen3-Next 'linear_attention') keeps a per-head recurrent state and a short conv, not a "
     "KV cache: no Mantile attention class models its cost.",
     {"transformers: src/transformers/models/qwen3_next/modeling_qwen3_next.py (Qwen3NextGatedDeltaNet)",
      "vLLM: vllm/model_executor/models/qwen3_next.py", "SGLang: python/sglang/srt/models/qwen3_next.py"},
     "- TP: split the key/value heads; the recurrent state splits with them.\n- The causal conv is depthwise "
     "and splits by channel.",
     "- Parameter count per layer equals the sum of the example tensors.\n- State bytes per sequence = "
     "value heads x key_head_dim x value_head_dim x bytes plus the conv state.\n- Decode FLOPs constant in the "
     "context length."},
    {GapKind::kChunkedAttention, "chunked_attention", "Chunked local attention", "ChunkedAttentionLayer", "MEDIUM", "attention",
     "Chunked attention (Llama 4 local layers) attends within fixed chunks, not a sliding window: "
     "SlidingWindowAttentionLayer would overstate the work at chunk starts and understate the cache resets.",
     {"transformers: src/transformers/models/llama4/modeling_llama4.py (attention_chunk_size)",
      "vLLM: vllm/model_executor/models/llama4.py (ChunkedLocalAttention)", "SGLang: python/sglang/srt/models/llama4.py"},
     "- TP: split heads as for GQA.\n- The cache per sequence is bounded by the chunk size.",
     "- Attention FLOPs per token average chunk/2 keys.\n- Cache bytes bounded by the chunk size."},
    {GapKind::kCrossAttention, "cross_attention", "Cross-attention to image tokens", "CrossAttentionLayer", "MEDIUM", "attention",
     "Cross-attention layers (mllama) attend to the vision tokens, not to the text: their KV cache is sized by "
     "the image, and no Mantile class takes a second sequence.",
     {"transformers: src/transformers/models/mllama/modeling_mllama.py (MllamaTextCrossAttention)",
      "vLLM: vllm/model_executor/models/mllama.py", "SGLang: python/sglang/srt/models/mllama.py"},
     "- TP: split heads as for GQA; the image KV is computed once per request.",
     "- KV bytes per request = image tokens x 2 x kv_heads x head_dim x bytes per cross-attention layer."},
    {GapKind::kUnknownMixer, "unknown_mixer", "Unknown layer kind", "UnknownLayer", "HIGH", "other",
     "The config names a layer kind that neither hf-model-import's tables nor Mantile's classes know.",
     {"transformers: the model's modeling_*.py", "vLLM: vllm/model_executor/models/", "SGLang: python/sglang/srt/models/"},
     "- Unknown until the layer is understood.", "- Parameter count per layer equals the sum of the example tensors."},
}};

constexpr bool gap_rows_in_order() {
  for (size_t i = 0; i < kGapKinds.size(); ++i)
    if (static_cast<size_t>(kGapKinds[i].kind) != i) return false;
  return true;
}
static_assert(gap_rows_in_order(), "kGapKinds must have one row per GapKind, in enum order");

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string kv(const char* k, int64_t v) { return std::string("`") + k + "` = " + std::to_string(v); }

// The config facts of this kind, for the report's first section.
std::vector<std::string> config_facts(GapKind k, const ModelConfig& c) {
  std::vector<std::string> f;
  switch (k) {
    case GapKind::kMla:
      if (c.mla) {
        f = {kv("q_lora_rank", c.mla->q_lora_rank), kv("kv_lora_rank", c.mla->kv_lora_rank),
             kv("qk_nope_head_dim", c.mla->qk_nope_head_dim), kv("qk_rope_head_dim", c.mla->qk_rope_head_dim),
             kv("v_head_dim", c.mla->v_head_dim), kv("num_attention_heads", c.num_heads)};
        if (c.index_n_heads) f.push_back(kv("index_n_heads", c.index_n_heads));
      }
      break;
    case GapKind::kMamba2:
      if (c.mamba)
        f = {kv("mamba_num_heads", c.mamba->num_heads), kv("mamba_head_dim", c.mamba->head_dim),
             kv("ssm_state_size", c.mamba->state_size), kv("n_groups", c.mamba->n_groups),
             kv("conv_kernel", c.mamba->conv_kernel)};
      break;
    case GapKind::kMamba1:
      if (c.mamba)
        f = {kv("intermediate_size", c.mamba->inner), kv("state_size", c.mamba->state_size),
             kv("dt_rank", c.mamba->dt_rank), kv("conv_kernel", c.mamba->conv_kernel)};
      break;
    case GapKind::kLinearAttention:
      if (c.linear_attention)
        f = {kv("linear_num_key_heads", c.linear_attention->num_key_heads),
             kv("linear_num_value_heads", c.linear_attention->num_value_heads),
             kv("linear_key_head_dim", c.linear_attention->key_head_dim),
             kv("linear_value_head_dim", c.linear_attention->value_head_dim),
             kv("linear_conv_kernel_dim", c.linear_attention->conv_kernel_dim)};
      break;
    case GapKind::kChunkedAttention:
    case GapKind::kCrossAttention:
      f = {kv("num_attention_heads", c.num_heads), kv("num_key_value_heads", c.num_kv_heads), kv("head_dim", c.head_dim)};
      break;
    case GapKind::kUnknownMixer:
    case GapKind::kCount:
      break;
  }
  return f;
}

bool line_links(std::string_view line, const std::string& file) {
  return line.size() > 0 && line[0] == '|' && line.find("(" + file + ")") != std::string_view::npos;
}

std::string file_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

const GapKindRow& gap_kind(GapKind k) { return kGapKinds[static_cast<size_t>(k)]; }

std::optional<GapKind> gap_kind_named(std::string_view slug) {
  for (const GapKindRow& r : kGapKinds)
    if (slug == r.slug) return r.kind;
  return std::nullopt;
}

Json gap_reports_json(const std::vector<GapReport>& reports) {
  Json out = Json::array();
  for (const GapReport& r : reports) {
    const GapKindRow& row = gap_kind(r.kind);
    out.push_back(Json::object({{"kind", row.slug},
                                {"title", row.title},
                                {"severity", row.severity},
                                {"layers", r.layers},
                                {"path", r.path},
                                {"markdown", r.markdown}}));
  }
  return out;
}

std::vector<GapReport> gap_reports_from_json(const Json& j) {
  std::vector<GapReport> out;
  if (!j.is_array()) return out;
  for (const Json& r : j) {
    if (!r.is_object() || !r.contains("kind") || !r["kind"].is_string() || !r.contains("path") || !r["path"].is_string())
      continue;
    const auto kind = gap_kind_named(r["kind"].get<std::string>());
    if (!kind) continue;
    const int64_t layers = r.contains("layers") && r["layers"].is_number_integer() ? r["layers"].get<int64_t>() : 0;
    out.push_back(GapReport{*kind, r["path"].get<std::string>(), "", layers});
  }
  return out;
}

std::string gap_report_path(const std::string& model_id, GapKind k) {
  return "model_builder/gaps/" + model_id + "_" + gap_kind(k).slug + ".md";
}

GapReport gap_report(GapKind k, const ModelConfig& c, const std::string& hf_model_id, const std::string& model_id,
                     int64_t layers, int64_t first_layer, const std::vector<GapTensor>& examples) {
  const GapKindRow& row = gap_kind(k);
  std::string md = std::string("# Gap: ") + row.title + " in " + hf_model_id + "\n\n";
  md += std::string("- Severity: ") + row.severity + "\n";
  md += "- Layers: " + std::to_string(layers) + " of " + std::to_string(c.num_layers) + " (first: layer " +
        std::to_string(first_layer) + ")\n";
  md += std::string("- Why no Mantile class fits: ") + row.why + "\n";
  md += "- Mantile config: `backend/data/model_configs/" + model_id + ".json`, row `" + row.slug +
        "` (supported: false)\n\n";

  md += "## 1. Example tensors from the dry run\n\n";
  if (!examples.empty()) {
    md += "Layer " + std::to_string(first_layer) + ", from the checkpoint's safetensors headers:\n\n";
    md += "| tensor | dtype | shape |\n|---|---|---|\n";
    for (const GapTensor& t : examples) md += "| `" + t.name + "` | " + t.dtype + " | " + shape_text(t.shape) + " |\n";
  } else {
    md += "No safetensors headers were read (config-only run): rerun the import with headers to list the "
          "layer's tensors.\n";
  }
  const std::vector<std::string> facts = config_facts(k, c);
  if (!facts.empty()) {
    md += "\nFrom config.json:\n\n";
    for (const std::string& f : facts) md += "- " + f + "\n";
  }
  md += "\n## 2. Documentation references\n\n";
  md += std::string("- PyTorch (") + row.references[0] + ")\n";
  md += std::string("- ") + row.references[1] + "\n";
  md += std::string("- ") + row.references[2] + "\n";
  md += "\n## 3. Parallelism strategies\n\n";
  md += std::string(row.parallelism) + "\n";
  md += "\n## 4. Test-suite specification\n\n";
  md += std::string(row.tests) + "\n";
  return GapReport{k, gap_report_path(model_id, k), md, layers};
}

std::string gaps_readme_update(std::string_view readme, const std::vector<GapReport>& reports,
                               const std::string& hf_model_id) {
  const std::string nl = readme.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < readme.size()) {
    size_t e = readme.find('\n', pos);
    if (e == std::string_view::npos) e = readme.size();
    std::string line(readme.substr(pos, e - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = e + 1;
  }
  const bool trailing_newline = readme.empty() || readme.back() == '\n';
  // The open-gaps table: the first table whose header names a Severity column.
  size_t header = lines.size();
  for (size_t i = 0; i < lines.size(); ++i)
    if (!lines[i].empty() && lines[i][0] == '|' && lines[i].find("Severity") != std::string::npos) {
      header = i;
      break;
    }
  if (header == lines.size()) {
    if (lines.empty()) lines = {"# Gaps", "", "Layer kinds that Mantile cannot model yet, one report each.", ""};
    else if (!lines.back().empty()) lines.push_back("");
    lines.push_back("## Open gaps");
    lines.push_back("");
    lines.push_back("| Gap | Model | Layers | Severity | Report |");
    lines.push_back("|---|---|---|---|---|");
    header = lines.size() - 2;
  }
  size_t end = header + 1;
  while (end < lines.size() && !lines[end].empty() && lines[end][0] == '|') ++end;
  for (const GapReport& r : reports) {
    const std::string file = file_name(r.path);
    const GapKindRow& row = gap_kind(r.kind);
    const std::string text = std::string("| ") + row.title + " | " + hf_model_id + " | " + std::to_string(r.layers) +
                             " | " + row.severity + " | [" + file + "](" + file + ") |";
    bool replaced = false;
    for (size_t i = header + 2; i < end; ++i)
      if (line_links(lines[i], file)) {
        lines[i] = text;
        replaced = true;
      }
    if (!replaced) {
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(end), text);
      ++end;
    }
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || trailing_newline) out += nl;
  }
  return out;
}

}  // namespace hfmi
