#!/usr/bin/env node
// Test support: writes the fixture hub's repositories under tests/fixtures/repos/<org>/<name>/.
//
//   node scripts/generate_fixture_repos.mjs          (writes every repo, then checks each one)
//   node scripts/generate_fixture_repos.mjs --check  (checks only; exits 1 if a written file differs)
//
// Each repo gets repo.json, config.json (a byte copy of tests/fixtures/hf/<org>__<name>.config.json when
// one exists), tensors.json (tensor names, dtypes and shapes per shard; no weights) and, for sharded
// repos, model.safetensors.index.json (a byte copy of the real index when we have one).
//
// Tensor names and shapes come from the config's numbers and the HF naming conventions of each family
// (a family is one function below). When a real index exists, the generated names must equal the
// index's weight_map keys exactly, each tensor goes to the shard the index names, and the bytes must
// sum to the index's metadata.total_size: the script refuses to write a repo otherwise. The other
// totals checked here (published parameter counts) are listed in tests/fixtures/repos/README.md.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HF = join(ROOT, 'tests/fixtures/hf');
const OUT = join(ROOT, 'tests/fixtures/repos');

const DTYPE_BYTES = { F64: 8, F32: 4, F16: 2, BF16: 2, F8_E4M3: 1, F8_E5M2: 1, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };
const TORCH_DTYPE = { bfloat16: 'BF16', float16: 'F16', float32: 'F32' };

const numel = (shape) => shape.reduce((a, b) => a * b, 1);
const nbytes = ([, dtype, shape]) => numel(shape) * DTYPE_BYTES[dtype];
const ceilDiv = (a, b) => Math.ceil(a / b);

// ---------------------------------------------------------------------------------------------------
// Families: each returns the tensors in state-dict order as [name, dtype, shape].

/** Llama-style decoders: Llama, Mistral, Qwen2/3, Gemma 1/2/3 text, Phi-3, Mixtral, Qwen3-MoE. */
function llamaStyle(o) {
  const t = [];
  const p = o.prefix ?? 'model.';
  const dt = o.dtype;
  const H = o.hidden;
  const hd = o.headDim ?? H / o.heads;
  const q = o.heads * hd;
  const kv = o.kvHeads * hd;
  t.push([`${p}embed_tokens.weight`, dt, [o.vocab, H]]);
  for (let i = 0; i < o.layers; i++) {
    const l = `${p}layers.${i}.`;
    if (o.fusedQkv) {
      t.push([`${l}self_attn.qkv_proj.weight`, dt, [q + 2 * kv, H]]);
    } else {
      t.push([`${l}self_attn.q_proj.weight`, dt, [q, H]]);
      if (o.qkvBias) t.push([`${l}self_attn.q_proj.bias`, dt, [q]]);
      t.push([`${l}self_attn.k_proj.weight`, dt, [kv, H]]);
      if (o.qkvBias) t.push([`${l}self_attn.k_proj.bias`, dt, [kv]]);
      t.push([`${l}self_attn.v_proj.weight`, dt, [kv, H]]);
      if (o.qkvBias) t.push([`${l}self_attn.v_proj.bias`, dt, [kv]]);
    }
    t.push([`${l}self_attn.o_proj.weight`, dt, [H, q]]);
    if (o.qkNorm) {
      t.push([`${l}self_attn.q_norm.weight`, dt, [hd]]);
      t.push([`${l}self_attn.k_norm.weight`, dt, [hd]]);
    }
    if (o.moe?.style === 'mixtral') {
      t.push([`${l}block_sparse_moe.gate.weight`, dt, [o.moe.experts, H]]);
      for (let e = 0; e < o.moe.experts; e++) {
        const x = `${l}block_sparse_moe.experts.${e}.`;
        t.push([`${x}w1.weight`, dt, [o.moe.inter, H]]);
        t.push([`${x}w2.weight`, dt, [H, o.moe.inter]]);
        t.push([`${x}w3.weight`, dt, [o.moe.inter, H]]);
      }
    } else if (o.moe?.style === 'qwen') {
      t.push([`${l}mlp.gate.weight`, dt, [o.moe.experts, H]]);
      for (let e = 0; e < o.moe.experts; e++) {
        const x = `${l}mlp.experts.${e}.`;
        t.push([`${x}gate_proj.weight`, dt, [o.moe.inter, H]]);
        t.push([`${x}up_proj.weight`, dt, [o.moe.inter, H]]);
        t.push([`${x}down_proj.weight`, dt, [H, o.moe.inter]]);
      }
    } else if (o.fusedGateUp) {
      t.push([`${l}mlp.gate_up_proj.weight`, dt, [2 * o.inter, H]]);
      t.push([`${l}mlp.down_proj.weight`, dt, [H, o.inter]]);
    } else {
      t.push([`${l}mlp.gate_proj.weight`, dt, [o.inter, H]]);
      t.push([`${l}mlp.up_proj.weight`, dt, [o.inter, H]]);
      t.push([`${l}mlp.down_proj.weight`, dt, [H, o.inter]]);
    }
    t.push([`${l}input_layernorm.weight`, dt, [H]]);
    t.push([`${l}post_attention_layernorm.weight`, dt, [H]]);
    if (o.sandwichNorms) {
      t.push([`${l}pre_feedforward_layernorm.weight`, dt, [H]]);
      t.push([`${l}post_feedforward_layernorm.weight`, dt, [H]]);
    }
  }
  t.push([`${p}norm.weight`, dt, [H]]);
  if (!o.tied) t.push([`${o.lmHeadName ?? 'lm_head.weight'}`, dt, [o.vocab, H]]);
  return t;
}

/** Llama options from a Llama/Mistral/Qwen/Gemma/Phi-3 config (or a VLM's text_config). */
function llamaOptions(c, extra = {}) {
  return {
    dtype: TORCH_DTYPE[c.torch_dtype] ?? 'BF16',
    hidden: c.hidden_size,
    heads: c.num_attention_heads,
    kvHeads: c.num_key_value_heads ?? c.num_attention_heads,
    headDim: c.head_dim,
    inter: c.intermediate_size,
    layers: c.num_hidden_layers,
    vocab: c.vocab_size,
    tied: c.tie_word_embeddings ?? false,
    ...extra,
  };
}

/** Falcon (RW) with new_decoder_architecture (falcon-40b/180b): ln_attn + ln_mlp, grouped KV. */
function falconNewDecoder(c) {
  const dt = TORCH_DTYPE[c.torch_dtype];
  const H = c.hidden_size;
  const hd = H / c.num_attention_heads;
  const t = [['transformer.word_embeddings.weight', dt, [c.vocab_size, H]]];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const l = `transformer.h.${i}.`;
    t.push([`${l}self_attention.query_key_value.weight`, dt, [(c.num_attention_heads + 2 * c.num_kv_heads) * hd, H]]);
    t.push([`${l}self_attention.dense.weight`, dt, [H, H]]);
    t.push([`${l}mlp.dense_h_to_4h.weight`, dt, [4 * H, H]]);
    t.push([`${l}mlp.dense_4h_to_h.weight`, dt, [H, 4 * H]]);
    for (const n of ['ln_attn', 'ln_mlp']) {
      t.push([`${l}${n}.weight`, dt, [H]]);
      t.push([`${l}${n}.bias`, dt, [H]]);
    }
  }
  t.push(['transformer.ln_f.weight', dt, [H]], ['transformer.ln_f.bias', dt, [H]]);
  t.push(['lm_head.weight', dt, [c.vocab_size, H]]);
  return t;
}

/** GPT-2 as stored in openai-community/gpt2's model.safetensors: no "transformer." prefix, Conv1D
 *  weights stored [in, out], the causal-mask buffer h.N.attn.bias [1,1,n_ctx,n_ctx], lm_head tied. */
function gpt2(c) {
  const E = c.n_embd;
  const I = c.n_inner ?? 4 * E;
  const t = [['wte.weight', 'F32', [c.vocab_size, E]], ['wpe.weight', 'F32', [c.n_positions, E]]];
  for (let i = 0; i < c.n_layer; i++) {
    const l = `h.${i}.`;
    t.push([`${l}ln_1.weight`, 'F32', [E]], [`${l}ln_1.bias`, 'F32', [E]]);
    t.push([`${l}attn.bias`, 'F32', [1, 1, c.n_ctx, c.n_ctx]]);
    t.push([`${l}attn.c_attn.weight`, 'F32', [E, 3 * E]], [`${l}attn.c_attn.bias`, 'F32', [3 * E]]);
    t.push([`${l}attn.c_proj.weight`, 'F32', [E, E]], [`${l}attn.c_proj.bias`, 'F32', [E]]);
    t.push([`${l}ln_2.weight`, 'F32', [E]], [`${l}ln_2.bias`, 'F32', [E]]);
    t.push([`${l}mlp.c_fc.weight`, 'F32', [E, I]], [`${l}mlp.c_fc.bias`, 'F32', [I]]);
    t.push([`${l}mlp.c_proj.weight`, 'F32', [I, E]], [`${l}mlp.c_proj.bias`, 'F32', [E]]);
  }
  t.push(['ln_f.weight', 'F32', [E]], ['ln_f.bias', 'F32', [E]]);
  return t;
}

/** DeepSeek-V3 FP8 checkpoint: block-quantized (128x128) F8_E4M3 linear weights, each with an F32
 *  weight_scale_inv [ceil(out/128), ceil(in/128)]; BF16 norms, embeddings, router and lm_head; F32
 *  e_score_correction_bias; layers < first_k_dense_replace dense; plus num_nextn_predict_layers MTP layers. */
function deepseekV3(c) {
  const H = c.hidden_size;
  const [bo, bi] = c.quantization_config.weight_block_size;
  const t = [];
  const fp8 = (name, out, inp) => {
    t.push([`${name}.weight`, 'F8_E4M3', [out, inp]]);
    t.push([`${name}.weight_scale_inv`, 'F32', [ceilDiv(out, bo), ceilDiv(inp, bi)]]);
  };
  const bf16 = (name, shape) => t.push([name, 'BF16', shape]);
  const mlp = (x, inter) => {
    fp8(`${x}gate_proj`, inter, H);
    fp8(`${x}up_proj`, inter, H);
    fp8(`${x}down_proj`, H, inter);
  };
  const layer = (i) => {
    const l = `model.layers.${i}.`;
    const qk = c.qk_nope_head_dim + c.qk_rope_head_dim;
    fp8(`${l}self_attn.q_a_proj`, c.q_lora_rank, H);
    bf16(`${l}self_attn.q_a_layernorm.weight`, [c.q_lora_rank]);
    fp8(`${l}self_attn.q_b_proj`, c.num_attention_heads * qk, c.q_lora_rank);
    fp8(`${l}self_attn.kv_a_proj_with_mqa`, c.kv_lora_rank + c.qk_rope_head_dim, H);
    bf16(`${l}self_attn.kv_a_layernorm.weight`, [c.kv_lora_rank]);
    fp8(`${l}self_attn.kv_b_proj`, c.num_attention_heads * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank);
    fp8(`${l}self_attn.o_proj`, H, c.num_attention_heads * c.v_head_dim);
    if (i < c.first_k_dense_replace) {
      mlp(`${l}mlp.`, c.intermediate_size);
    } else {
      bf16(`${l}mlp.gate.weight`, [c.n_routed_experts, H]);
      t.push([`${l}mlp.gate.e_score_correction_bias`, 'F32', [c.n_routed_experts]]);
      for (let e = 0; e < c.n_routed_experts; e++) mlp(`${l}mlp.experts.${e}.`, c.moe_intermediate_size);
      mlp(`${l}mlp.shared_experts.`, c.moe_intermediate_size * c.n_shared_experts);
    }
    bf16(`${l}input_layernorm.weight`, [H]);
    bf16(`${l}post_attention_layernorm.weight`, [H]);
  };
  bf16('model.embed_tokens.weight', [c.vocab_size, H]);
  for (let i = 0; i < c.num_hidden_layers; i++) layer(i);
  bf16('model.norm.weight', [H]);
  bf16('lm_head.weight', [c.vocab_size, H]);
  for (let m = 0; m < (c.num_nextn_predict_layers ?? 0); m++) {
    const i = c.num_hidden_layers + m;
    const l = `model.layers.${i}.`;
    bf16(`${l}embed_tokens.weight`, [c.vocab_size, H]);
    bf16(`${l}enorm.weight`, [H]);
    bf16(`${l}hnorm.weight`, [H]);
    bf16(`${l}eh_proj.weight`, [H, 2 * H]);
    layer(i);
    bf16(`${l}shared_head.norm.weight`, [H]);
    bf16(`${l}shared_head.head.weight`, [c.vocab_size, H]);
  }
  return t;
}

/** gpt-oss: MXFP4 experts (U8 blocks of 16 bytes = 32 FP4 values, U8 E8M0 scales per 32 values),
 *  BF16 attention with biases and sinks, BF16 router with bias. */
function gptOss(c) {
  const H = c.hidden_size;
  const E = c.num_local_experts;
  const I = c.intermediate_size;
  const q = c.num_attention_heads * c.head_dim;
  const kv = c.num_key_value_heads * c.head_dim;
  const t = [['model.embed_tokens.weight', 'BF16', [c.vocab_size, H]]];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const l = `model.layers.${i}.`;
    t.push([`${l}input_layernorm.weight`, 'BF16', [H]]);
    t.push([`${l}self_attn.q_proj.weight`, 'BF16', [q, H]], [`${l}self_attn.q_proj.bias`, 'BF16', [q]]);
    t.push([`${l}self_attn.k_proj.weight`, 'BF16', [kv, H]], [`${l}self_attn.k_proj.bias`, 'BF16', [kv]]);
    t.push([`${l}self_attn.v_proj.weight`, 'BF16', [kv, H]], [`${l}self_attn.v_proj.bias`, 'BF16', [kv]]);
    t.push([`${l}self_attn.o_proj.weight`, 'BF16', [H, q]], [`${l}self_attn.o_proj.bias`, 'BF16', [H]]);
    t.push([`${l}self_attn.sinks`, 'BF16', [c.num_attention_heads]]);
    t.push([`${l}post_attention_layernorm.weight`, 'BF16', [H]]);
    t.push([`${l}mlp.router.weight`, 'BF16', [E, H]], [`${l}mlp.router.bias`, 'BF16', [E]]);
    const x = `${l}mlp.experts.`;
    t.push([`${x}gate_up_proj_blocks`, 'U8', [E, 2 * I, H / 32, 16]]);
    t.push([`${x}gate_up_proj_scales`, 'U8', [E, 2 * I, H / 32]]);
    t.push([`${x}gate_up_proj_bias`, 'BF16', [E, 2 * I]]);
    t.push([`${x}down_proj_blocks`, 'U8', [E, H, I / 32, 16]]);
    t.push([`${x}down_proj_scales`, 'U8', [E, H, I / 32]]);
    t.push([`${x}down_proj_bias`, 'BF16', [E, H]]);
  }
  t.push(['model.norm.weight', 'BF16', [H]], ['lm_head.weight', 'BF16', [c.vocab_size, H]]);
  return t;
}

/** AutoGPTQ-format Llama: every decoder linear becomes qweight/qzeros/scales/g_idx. */
function llamaGptq(c) {
  const q = c.quantization_config;
  const perInt = 32 / q.bits;
  const plain = llamaStyle(llamaOptions(c, { dtype: 'F16' }));
  const t = [];
  for (const [name, dtype, shape] of plain) {
    if (shape.length === 2 && /\.layers\.\d+\./.test(name)) {
      const [out, inp] = shape;
      const base = name.replace(/\.weight$/, '');
      const groups = ceilDiv(inp, q.group_size);
      t.push([`${base}.qweight`, 'I32', [inp / perInt, out]]);
      t.push([`${base}.qzeros`, 'I32', [groups, out / perInt]]);
      t.push([`${base}.scales`, 'F16', [groups, out]]);
      t.push([`${base}.g_idx`, 'I32', [inp]]);
    } else {
      t.push([name, dtype, shape]);
    }
  }
  return t;
}

/** CLIP / SigLIP vision transformer as stored under vision_tower.vision_model. */
function visionTower(v, dt, kind) {
  const H = v.hidden_size;
  const I = v.intermediate_size;
  const side = v.image_size / v.patch_size;
  const p = 'vision_tower.vision_model.';
  const t = [];
  if (kind === 'clip') {
    t.push([`${p}embeddings.class_embedding`, dt, [H]]);
    t.push([`${p}embeddings.patch_embedding.weight`, dt, [H, 3, v.patch_size, v.patch_size]]);
    t.push([`${p}embeddings.position_embedding.weight`, dt, [side * side + 1, H]]);
    t.push([`${p}pre_layrnorm.weight`, dt, [H]], [`${p}pre_layrnorm.bias`, dt, [H]]);
  } else {
    t.push([`${p}embeddings.patch_embedding.weight`, dt, [H, v.num_channels ?? 3, v.patch_size, v.patch_size]]);
    t.push([`${p}embeddings.patch_embedding.bias`, dt, [H]]);
    t.push([`${p}embeddings.position_embedding.weight`, dt, [side * side, H]]);
  }
  for (let i = 0; i < v.num_hidden_layers; i++) {
    const l = `${p}encoder.layers.${i}.`;
    for (const n of ['k_proj', 'v_proj', 'q_proj', 'out_proj']) {
      t.push([`${l}self_attn.${n}.weight`, dt, [H, H]], [`${l}self_attn.${n}.bias`, dt, [H]]);
    }
    t.push([`${l}layer_norm1.weight`, dt, [H]], [`${l}layer_norm1.bias`, dt, [H]]);
    t.push([`${l}mlp.fc1.weight`, dt, [I, H]], [`${l}mlp.fc1.bias`, dt, [I]]);
    t.push([`${l}mlp.fc2.weight`, dt, [H, I]], [`${l}mlp.fc2.bias`, dt, [H]]);
    t.push([`${l}layer_norm2.weight`, dt, [H]], [`${l}layer_norm2.bias`, dt, [H]]);
  }
  t.push([`${p}post_layernorm.weight`, dt, [H]], [`${p}post_layernorm.bias`, dt, [H]]);
  return t;
}

/** LLaVA-1.5 (llava-hf layout): CLIP ViT-L/14-336 + 2-layer GELU projector + Llama text model.
 *  The sparse text_config relies on LlamaConfig defaults (7B: 4096/11008/32/32). */
function llava(c) {
  const dt = TORCH_DTYPE[c.torch_dtype];
  const tc = { hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, ...c.text_config };
  const V = c.vision_config.hidden_size;
  const text = llamaStyle(
    llamaOptions(tc, { dtype: dt, prefix: 'language_model.model.', lmHeadName: 'language_model.lm_head.weight', tied: false }),
  );
  const proj = [
    ['multi_modal_projector.linear_1.weight', dt, [tc.hidden_size, V]],
    ['multi_modal_projector.linear_1.bias', dt, [tc.hidden_size]],
    ['multi_modal_projector.linear_2.weight', dt, [tc.hidden_size, tc.hidden_size]],
    ['multi_modal_projector.linear_2.bias', dt, [tc.hidden_size]],
  ];
  return [...visionTower(c.vision_config, dt, 'clip'), ...proj, ...text];
}

/** Gemma 3 multimodal (medgemma-27b-it): SigLIP tower + projector + Gemma 3 text model (tied). */
function gemma3Vlm(c) {
  const dt = TORCH_DTYPE[c.torch_dtype];
  const tc = c.text_config;
  const text = llamaStyle(
    llamaOptions(tc, { dtype: dt, prefix: 'language_model.model.', tied: true, qkNorm: true, sandwichNorms: true }),
  );
  const proj = [
    ['multi_modal_projector.mm_input_projection_weight', dt, [c.vision_config.hidden_size, tc.hidden_size]],
    ['multi_modal_projector.mm_soft_emb_norm.weight', dt, [c.vision_config.hidden_size]],
  ];
  return [...visionTower(c.vision_config, dt, 'siglip'), ...proj, ...text];
}

// ---------------------------------------------------------------------------------------------------
// Sharding

/** transformers' greedy split: a new shard starts when the next tensor would push past maxBytes. */
function greedyShards(tensors, maxBytes) {
  const shards = [[]];
  let size = 0;
  for (const t of tensors) {
    const b = nbytes(t);
    if (size + b > maxBytes && shards[shards.length - 1].length > 0) {
      shards.push([]);
      size = 0;
    }
    shards[shards.length - 1].push(t);
    size += b;
  }
  return shards;
}

/** An even split into exactly n shards by cumulative bytes (tensor midpoint decides). */
function evenShards(tensors, n) {
  const total = tensors.reduce((s, t) => s + nbytes(t), 0);
  const shards = Array.from({ length: n }, () => []);
  let at = 0;
  for (const t of tensors) {
    const b = nbytes(t);
    shards[Math.min(n - 1, Math.floor(((at + b / 2) * n) / total))].push(t);
    at += b;
  }
  if (shards.some((s) => s.length === 0)) throw new Error('evenShards: an empty shard');
  return shards;
}

const shardName = (i, n, { first = 1, width = 5, totalWidth = 5 } = {}) =>
  `model-${String(i + first).padStart(width, '0')}-of-${String(n - (first === 0 ? 1 : 0)).padStart(totalWidth, '0')}.safetensors`;

function namedShards(groups, nameOpts) {
  if (groups.length === 1 && !nameOpts) return { 'model.safetensors': groups[0] };
  const out = {};
  groups.forEach((g, i) => {
    out[shardName(i, groups.length, nameOpts)] = g;
  });
  return out;
}

/** Shards as the real index assigns them; names must match the weight_map exactly. */
function shardsFromIndex(tensors, index, label) {
  const wm = index.weight_map;
  const names = new Set(tensors.map((t) => t[0]));
  const missing = Object.keys(wm).filter((n) => !names.has(n));
  const extra = [...names].filter((n) => !(n in wm));
  if (missing.length || extra.length) {
    throw new Error(
      `${label}: generated names differ from the real index: missing ${missing.length} (${missing.slice(0, 5)}), extra ${extra.length} (${extra.slice(0, 5)})`,
    );
  }
  const out = {};
  for (const shard of [...new Set(Object.values(wm))].sort()) out[shard] = [];
  for (const t of tensors) out[wm[t[0]]].push(t);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The repositories

const hfConfig = (key) => readFileSync(join(HF, `${key}.config.json`));
const hfIndex = (key) => readFileSync(join(HF, `${key}.safetensors.index.json`));

/** GPT-2 small's config.json, written from the published hyperparameters (see README PROVENANCE). */
const GPT2_SMALL_CONFIG = `{
  "activation_function": "gelu_new",
  "architectures": [
    "GPT2LMHeadModel"
  ],
  "attn_pdrop": 0.1,
  "bos_token_id": 50256,
  "embd_pdrop": 0.1,
  "eos_token_id": 50256,
  "initializer_range": 0.02,
  "layer_norm_epsilon": 1e-05,
  "model_type": "gpt2",
  "n_ctx": 1024,
  "n_embd": 768,
  "n_head": 12,
  "n_layer": 12,
  "n_positions": 1024,
  "resid_pdrop": 0.1,
  "summary_activation": null,
  "summary_first_dropout": 0.1,
  "summary_proj_to_labels": true,
  "summary_type": "cls_index",
  "summary_use_proj": true,
  "task_specific_params": {
    "text-generation": {
      "do_sample": true,
      "max_length": 50
    }
  },
  "vocab_size": 50257
}
`;

/** Llama-2-7b-hf's config plus the quantization_config of TheBloke's GPTQ main branch. */
function gptqConfig() {
  const c = JSON.parse(hfConfig('meta-llama__Llama-2-7b-hf'));
  delete c._name_or_path;
  c.quantization_config = {
    bits: 4,
    group_size: 128,
    damp_percent: 0.01,
    desc_act: false,
    sym: true,
    true_sequential: true,
    model_name_or_path: null,
    model_file_base_name: 'model',
    quant_method: 'gptq',
  };
  return Buffer.from(JSON.stringify(c, null, 2) + '\n');
}

const GB = 1e9;

/** Element count of the tensors whose [name, dtype] pass the filter. */
const sumWhere = (pred) => (all) => all.reduce((s, t) => s + (pred(t) ? numel(t[2]) : 0), 0);
const PARAMS_BY_DTYPE = (dtype) => sumWhere((t) => t[1] === dtype);
const FALCON_BIN_FILES = ['pytorch_model-00001-of-00002.bin', 'pytorch_model-00002-of-00002.bin', 'pytorch_model.bin.index.json'];

/** One row per repo. `tensors(config)` builds the list; `shards(list)` splits it. */
const REPOS = [
  {
    id: 'meta-llama/Llama-3.1-8B',
    config: () => hfConfig('meta-llama__Llama-3.1-8B'),
    tensors: (c) => llamaStyle(llamaOptions(c)),
    shards: (t) => namedShards(greedyShards(t, 5 * GB), {}),
    index: 'generate',
    // 16,060,522,496 bytes = 8,030,261,248 BF16 params (PROVENANCE.md CALC).
    checks: { totalBytes: 16_060_522_496, shardCount: 4 },
  },
  {
    id: 'Qwen/Qwen3-0.6B',
    config: () => hfConfig('Qwen__Qwen3-0.6B'),
    tensors: (c) => llamaStyle(llamaOptions(c, { qkNorm: true })),
    shards: (t) => ({ 'model.safetensors': t }),
    // Qwen3-0.6B model card: 0.6B params, 0.44B non-embedding; tied embeddings (no lm_head tensor).
    checks: {
      noTensor: 'lm_head.weight',
      params: { nonEmbedding: [sumWhere((t) => !t[0].includes('embed_tokens')), 440_467_456] },
    },
  },
  {
    id: 'Qwen/Qwen3-30B-A3B',
    config: () => hfConfig('Qwen__Qwen3-30B-A3B'),
    tensors: (c) =>
      llamaStyle(llamaOptions(c, { qkNorm: true, moe: { style: 'qwen', experts: c.num_experts, inter: c.moe_intermediate_size } })),
    shards: (t) => namedShards(evenShards(t, 16), {}),
    index: 'generate',
    // Model card: 30.5B total parameters.
    checks: { shardCount: 16, minHeaderBytes: 100_000, params: { total: [sumWhere(() => true), 30_532_122_624] } },
  },
  {
    id: 'llava-hf/llava-1.5-7b-hf',
    config: () => hfConfig('llava-hf__llava-1.5-7b-hf'),
    tensors: llava,
    realIndex: 'llava-hf__llava-1.5-7b-hf',
  },
  {
    id: 'alpindale/WizardLM-2-8x22B',
    config: () => hfConfig('alpindale__WizardLM-2-8x22B'),
    tensors: (c) =>
      llamaStyle(llamaOptions(c, { moe: { style: 'mixtral', experts: c.num_local_experts, inter: c.intermediate_size } })),
    realIndex: 'alpindale__WizardLM-2-8x22B',
  },
  {
    id: 'microsoft/Phi-3-mini-128k-instruct',
    modelInfo: false,
    config: () => hfConfig('microsoft__Phi-3-mini-128k-instruct'),
    tensors: (c) => llamaStyle(llamaOptions(c, { fusedQkv: true, fusedGateUp: true })),
    realIndex: 'microsoft__Phi-3-mini-128k-instruct',
  },
  {
    id: 'google/gemma-2b-it',
    config: () => hfConfig('google__gemma-2b-it'),
    tensors: (c) => llamaStyle(llamaOptions(c, { tied: true })),
    realIndex: 'google__gemma-2b-it',
  },
  {
    id: 'mistralai/Devstral-Small-2507',
    config: () => hfConfig('mistralai__Devstral-Small-2507'),
    tensors: (c) => llamaStyle(llamaOptions(c)),
    realIndex: 'mistralai__Devstral-Small-2507',
  },
  {
    id: 'google/gemma-2-9b-it',
    // Gated on the real Hub too (Gemma licence): the fixture hub's gated repo.
    gated: true,
    config: () => hfConfig('google__gemma-2-9b-it'),
    tensors: (c) => llamaStyle(llamaOptions(c, { tied: true, sandwichNorms: true })),
    realIndex: 'google__gemma-2-9b-it',
  },
  {
    id: 'google/medgemma-27b-it',
    config: () => hfConfig('google__medgemma-27b-it'),
    tensors: gemma3Vlm,
    realIndex: 'google__medgemma-27b-it',
  },
  {
    id: 'tiiuae/falcon-180B-chat',
    config: () => hfConfig('tiiuae__falcon-180B-chat'),
    tensors: falconNewDecoder,
    realIndex: 'tiiuae__falcon-180B-chat',
  },
  {
    id: 'deepseek-ai/DeepSeek-V3',
    config: () => hfConfig('deepseek-ai__DeepSeek-V3'),
    tensors: deepseekV3,
    // The real repo's shard names have a 6-digit total: model-00001-of-000163.safetensors.
    shards: (t) => namedShards(evenShards(t, 163), { totalWidth: 6 }),
    index: 'server', // listed in repo.json; the fixture hub builds it from tensors.json (it would be ~7 MB)
    // PROVENANCE.md: 671,026,419,200 for the main model (layers 0-60, embeddings, norm, lm_head),
    // counted without the weight_scale_inv tensors; the MTP layer 61 comes on top.
    checks: {
      shardCount: 163,
      params: {
        mainModel: [
          sumWhere((t) => !t[0].endsWith('weight_scale_inv') && !t[0].startsWith('model.layers.61.')),
          671_026_419_200,
        ],
      },
    },
  },
  {
    id: 'openai/gpt-oss-20b',
    config: () => hfConfig('openai__gpt-oss-20b'),
    tensors: gptOss,
    // The real repo's shards are numbered from zero: model-00000-of-00002 ... model-00002-of-00002.
    shards: (t) => namedShards(evenShards(t, 3), { first: 0 }),
    index: 'generate',
    // Issue 4: gpt-oss-20b = BF16 1,804,459,584 + MXFP4 19,110,297,600 (= 2 x the U8 _blocks bytes).
    checks: {
      shardCount: 3,
      params: {
        bf16: [PARAMS_BY_DTYPE('BF16'), 1_804_459_584],
        mxfp4: [(all) => 2 * sumWhere((t) => t[0].endsWith('_blocks'))(all), 19_110_297_600],
      },
    },
  },
  {
    id: 'openai-community/gpt2',
    config: () => Buffer.from(GPT2_SMALL_CONFIG),
    tensors: gpt2,
    shards: (t) => ({ 'model.safetensors': t }),
    // PROVENANCE.md: GPT-2 small 124,439,808 params; issue 4: plus 12,582,912 attn.bias buffer elements.
    checks: {
      params: {
        params: [sumWhere((t) => !t[0].endsWith('.attn.bias')), 124_439_808],
        buffers: [sumWhere((t) => t[0].endsWith('.attn.bias')), 12_582_912],
      },
    },
  },
  {
    id: 'TheBloke/Llama-2-7B-GPTQ',
    config: gptqConfig,
    tensors: llamaGptq,
    shards: (t) => ({ 'model.safetensors': t }),
    // Llama-2-7b-hf has 6,738,415,616 params (published "7B"; embed 2 x 32000 x 4096 + 32 layers + norm);
    // GPTQ 4-bit: qweight I32 [in/8, out] holds 8 params per element.
    checks: {
      params: {
        unpacked: [
          (all) => all.reduce((s, [n, , sh]) => s + (n.endsWith('.qweight') ? 8 * numel(sh) : /\.(qzeros|scales|g_idx)$/.test(n) ? 0 : numel(sh)), 0),
          6_738_415_616,
        ],
      },
    },
  },
  {
    id: 'tiiuae/falcon-7b-instruct',
    config: () => hfConfig('tiiuae__falcon-7b-instruct'),
    tensors: null, // pytorch_model.bin only: no safetensors at all
    extraFiles: FALCON_BIN_FILES,
    copyFiles: { 'pytorch_model.bin.index.json': join(HF, 'tiiuae__falcon-7b-instruct.pytorch_model.bin.index.json') },
  },
];

// ---------------------------------------------------------------------------------------------------
// Writing and checking

const sha40 = (s) => createHash('sha1').update(s).digest('hex');

function tensorsJson(metadata, shards) {
  const lines = ['{', `  "metadata": ${JSON.stringify(metadata)},`, '  "shards": {'];
  const names = Object.keys(shards);
  names.forEach((shard, si) => {
    lines.push(`    ${JSON.stringify(shard)}: [`);
    const list = shards[shard];
    list.forEach((t, i) => lines.push(`      ${JSON.stringify(t)}${i + 1 < list.length ? ',' : ''}`));
    lines.push(`    ]${si + 1 < names.length ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

function generatedIndex(shards) {
  const totalSize = Object.values(shards).flat().reduce((s, t) => s + nbytes(t), 0);
  const weightMap = {};
  for (const [shard, list] of Object.entries(shards)) for (const [name] of list) weightMap[name] = shard;
  const sorted = Object.fromEntries(Object.keys(weightMap).sort().map((k) => [k, weightMap[k]]));
  return JSON.stringify({ metadata: { total_size: totalSize }, weight_map: sorted }, null, 2) + '\n';
}

/** Header length (8-byte prefix excluded) exactly as js/fixture-hub builds it. */
function headerLength(metadata, list) {
  let at = 0;
  const obj = { __metadata__: metadata };
  for (const [name, dtype, shape] of list) {
    const b = numel(shape) * DTYPE_BYTES[dtype];
    obj[name] = { dtype, shape, data_offsets: [at, at + b] };
    at += b;
  }
  const n = Buffer.byteLength(JSON.stringify(obj));
  return Math.ceil(n / 8) * 8;
}

function check(repo, shards, index) {
  const all = Object.values(shards).flat();
  const total = all.reduce((s, t) => s + nbytes(t), 0);
  const seen = new Set();
  for (const [name] of all) {
    if (seen.has(name)) throw new Error(`${repo.id}: duplicate tensor ${name}`);
    seen.add(name);
  }
  const c = repo.checks ?? {};
  if (index && index.metadata?.total_size !== total) {
    throw new Error(`${repo.id}: bytes ${total} != index total_size ${index.metadata.total_size}`);
  }
  if (c.totalBytes !== undefined && c.totalBytes !== total) throw new Error(`${repo.id}: bytes ${total} != ${c.totalBytes}`);
  if (c.shardCount !== undefined && Object.keys(shards).length !== c.shardCount) {
    throw new Error(`${repo.id}: ${Object.keys(shards).length} shards != ${c.shardCount}`);
  }
  if (c.noTensor && seen.has(c.noTensor)) throw new Error(`${repo.id}: unexpected ${c.noTensor}`);
  for (const [label, [count, expected]] of Object.entries(c.params ?? {})) {
    const got = count(all);
    if (got !== expected) throw new Error(`${repo.id}: ${label} = ${got}, expected ${expected}`);
  }
  const headers = Object.values(shards).map((l) => headerLength(repo.metadata ?? { format: 'pt' }, l));
  if (c.minHeaderBytes !== undefined) {
    const small = headers.filter((h) => h + 8 <= c.minHeaderBytes).length;
    if (small === headers.length) throw new Error(`${repo.id}: no header exceeds ${c.minHeaderBytes}`);
  }
  return { total, tensors: all.length, shards: Object.keys(shards).length, maxHeader: Math.max(...headers), minHeader: Math.min(...headers) };
}

function main() {
  const checkOnly = process.argv.includes('--check');
  let stale = 0;
  const write = (path, data) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (existsSync(path) && readFileSync(path).equals(bytes)) return;
    if (checkOnly) {
      console.error(`stale: ${path}`);
      stale++;
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  };
  for (const repo of REPOS) {
    const dir = join(OUT, ...repo.id.split('/'));
    const configBytes = repo.config();
    const config = JSON.parse(configBytes.toString('utf8'));
    const files = ['config.json'];
    let shards = null;
    let index = null;
    let summary = { tensors: 0, shards: 0, total: 0 };
    if (repo.tensors) {
      const tensors = repo.tensors(config);
      if (repo.realIndex) {
        const indexBytes = hfIndex(repo.realIndex);
        index = JSON.parse(indexBytes.toString('utf8'));
        shards = shardsFromIndex(tensors, index, repo.id);
        write(join(dir, 'model.safetensors.index.json'), indexBytes);
        files.push('model.safetensors.index.json');
      } else {
        shards = repo.shards(tensors);
        if (repo.index === 'generate') {
          const text = generatedIndex(shards);
          index = JSON.parse(text);
          write(join(dir, 'model.safetensors.index.json'), text);
          files.push('model.safetensors.index.json');
        } else if (repo.index === 'server') {
          files.push('model.safetensors.index.json');
        }
      }
      files.push(...Object.keys(shards));
      summary = check(repo, shards, index);
      write(join(dir, 'tensors.json'), tensorsJson(repo.metadata ?? { format: 'pt' }, shards));
    }
    for (const [name, src] of Object.entries(repo.copyFiles ?? {})) write(join(dir, name), readFileSync(src));
    files.push(...(repo.extraFiles ?? []).filter((f) => !files.includes(f)));
    write(join(dir, 'config.json'), configBytes);
    const repoJson = {
      gated: repo.gated ?? false,
      sha: sha40(`${repo.id}\n${configBytes.toString('hex')}\n${JSON.stringify(shards)}`),
      files: files.sort(),
      ...(repo.modelInfo === false && { model_info: false }),
    };
    write(join(dir, 'repo.json'), JSON.stringify(repoJson, null, 2) + '\n');
    console.log(
      `${repo.id}: ${summary.tensors} tensors, ${summary.shards} shard(s), ${summary.total} data bytes` +
        (summary.maxHeader ? `, headers ${summary.minHeader}..${summary.maxHeader} bytes` : ''),
    );
  }
  if (stale) {
    console.error(`${stale} file(s) differ from the generator's output`);
    process.exit(1);
  }
}

main();
