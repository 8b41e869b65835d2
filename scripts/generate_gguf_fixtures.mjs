#!/usr/bin/env node
// Builds the fixture hub's GGUF repositories (tests/fixtures/repos/hfmi-gguf/*) from real tensor lists
// (the fixture repos' tensors.json, copied from the real checkpoints' headers) and llama.cpp's naming and
// quantization-type rules (convert_hf_to_gguf.py tensor names; llama-quant.cpp per-tensor types for each
// file type, simplified as noted below). Each GGUF file is stored as its header only (`<file>.head`); the
// fixture hub serves it at its real size (header, alignment padding, then zeros for the tensor data).
// `gguf.json` in each repo lists every file with its size and the values a test expects, computed here
// from the source tensor list (never by the decoder under test).
//
//   node scripts/generate_gguf_fixtures.mjs        (rewrites tests/fixtures/repos/hfmi-gguf/)
//
// Type rules (llama-quant.cpp, simplified): 1-D tensors and the MoE router stay F32; output.weight is Q6_K
// for every K-quant; Q4_K_M / Q5_K_M put attn_v and ffn_down(_exps) in Q6_K on the "more bits" layers
// (i < n/8, i >= 7n/8, or (i - n/8) % 3 == 2); Q3_K_M uses Q5_K for attn_v on layers 0-1 and ffn_down on the
// first n/16 layers, Q4_K for attn_output; Q2_K uses Q3_K for attn_v/ffn_down/attn_output (Q4_K for attn_v
// with GQA >= 4). A row that is not a multiple of the block size falls back to Q8_0, then F16.
// Tokenizer arrays are left out (the headers are the metadata and the tensor infos); {arch}.vocab_size says
// the vocabulary size.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const REPOS = join(ROOT, 'tests/fixtures/repos');
const OUT = join(REPOS, 'hfmi-gguf');

// ggml types used here: id, block size, bytes per block (ggml-common.h).
const T = {
  F32: [0, 1, 4], F16: [1, 1, 2], Q8_0: [8, 32, 34], Q2_K: [10, 256, 84], Q3_K: [11, 256, 110],
  Q4_K: [12, 256, 144], Q5_K: [13, 256, 176], Q6_K: [14, 256, 210],
};
// llama_ftype ids (include/llama.h).
const FTYPE = { Q8_0: 7, Q2_K: 10, Q3_K_M: 12, Q4_K_M: 15, Q5_K_M: 17, Q6_K: 18 };
const ALIGN = 32;

// ---------------------------------------------------------------- HF -> GGUF names
const BLOCK_ROLES = [
  ['input_layernorm', 'attn_norm'], ['post_attention_layernorm', 'ffn_norm'],
  ['self_attn.q_proj', 'attn_q'], ['self_attn.k_proj', 'attn_k'], ['self_attn.v_proj', 'attn_v'],
  ['self_attn.o_proj', 'attn_output'], ['self_attn.q_norm', 'attn_q_norm'], ['self_attn.k_norm', 'attn_k_norm'],
  ['self_attn.q_a_proj', 'attn_q_a'], ['self_attn.q_a_layernorm', 'attn_q_a_norm'], ['self_attn.q_b_proj', 'attn_q_b'],
  ['self_attn.kv_a_proj_with_mqa', 'attn_kv_a_mqa'], ['self_attn.kv_a_layernorm', 'attn_kv_a_norm'],
  ['self_attn.kv_b_proj', 'attn_kv_b'], ['mlp.gate_proj', 'ffn_gate'], ['mlp.up_proj', 'ffn_up'],
  ['mlp.down_proj', 'ffn_down'], ['mlp.gate', 'ffn_gate_inp'], ['mlp.shared_experts.gate_proj', 'ffn_gate_shexp'],
  ['mlp.shared_experts.up_proj', 'ffn_up_shexp'], ['mlp.shared_experts.down_proj', 'ffn_down_shexp'],
];

/** Real tensor rows -> GGUF tensors {name, dims (ggml order), layer, role}; experts merged into *_exps. */
function ggufTensors(rows, numLayers) {
  const out = [];
  const experts = new Map();  // "L.proj" -> {count, shape}
  for (const [name, , shape] of rows) {
    if (name.endsWith('_scale_inv')) continue;  // FP8 block scales: the GGUF holds dequantized weights
    let m;
    const layerOf = /^model\.layers\.(\d+)\./.exec(name);
    if (layerOf && +layerOf[1] >= numLayers) continue;  // DeepSeek's MTP layer: most published GGUFs leave it out
    if (name === 'model.embed_tokens.weight') out.push({ name: 'token_embd.weight', dims: [...shape].reverse(), layer: -1 });
    else if (name === 'model.norm.weight') out.push({ name: 'output_norm.weight', dims: [...shape].reverse(), layer: -1 });
    else if (name === 'lm_head.weight') out.push({ name: 'output.weight', dims: [...shape].reverse(), layer: -1 });
    else if ((m = /^model\.layers\.(\d+)\.mlp\.experts\.(\d+)\.(gate|up|down)_proj\.weight$/.exec(name))) {
      const key = `${m[1]}.${m[3]}`;
      const e = experts.get(key) ?? { layer: +m[1], proj: m[3], count: 0, shape };
      e.count += 1;
      experts.set(key, e);
    } else if ((m = /^model\.layers\.(\d+)\.mlp\.gate\.e_score_correction_bias$/.exec(name))) {
      out.push({ name: `blk.${m[1]}.exp_probs_b.bias`, dims: [...shape].reverse(), layer: +m[1] });
    } else if ((m = /^model\.layers\.(\d+)\.(.+)\.(weight|bias)$/.exec(name))) {
      const layer = +m[1];
      const role = BLOCK_ROLES.find(([hf]) => hf === m[2]);
      if (!role) throw new Error(`no GGUF name for ${name}`);
      out.push({ name: `blk.${layer}.${role[1]}.${m[3]}`, dims: [...shape].reverse(), layer, role: role[1] });
    } else {
      throw new Error(`no GGUF name for ${name}`);
    }
  }
  for (const e of experts.values()) {
    out.push({ name: `blk.${e.layer}.ffn_${e.proj}_exps.weight`, dims: [e.shape[1], e.shape[0], e.count], layer: e.layer,
      role: `ffn_${e.proj}_exps` });
  }
  // llama.cpp writes token_embd first, then the blocks in order, then output_norm and output.
  const rank = (t) => (t.name === 'token_embd.weight' ? -2 : t.layer >= 0 ? t.layer : 1e9);
  return out.sort((a, b) => rank(a) - rank(b));
}

// ---------------------------------------------------------------- quantization rules
function moreBits(i, n) {
  return i < n / 8 || i >= (7 * n) / 8 || (i - Math.floor(n / 8)) % 3 === 2;
}

function baseType(ftype) {
  return { Q8_0: 'Q8_0', Q6_K: 'Q6_K', Q5_K_M: 'Q5_K', Q4_K_M: 'Q4_K', Q3_K_M: 'Q3_K', Q2_K: 'Q2_K' }[ftype];
}

function tensorType(t, ftype, n, gqa) {
  if (t.dims.length === 1 || t.role === 'ffn_gate_inp') return 'F32';
  let type = baseType(ftype);
  const v = t.role === 'attn_v' || t.role === 'attn_kv_b';
  const down = t.role === 'ffn_down' || t.role === 'ffn_down_exps' || t.role === 'ffn_down_shexp';
  if (t.name === 'output.weight' && ftype !== 'Q8_0') type = 'Q6_K';
  else if (ftype === 'Q4_K_M' || ftype === 'Q5_K_M') {
    if ((v || down) && moreBits(t.layer, n)) type = 'Q6_K';
  } else if (ftype === 'Q3_K_M') {
    if (v) type = t.layer < 2 ? 'Q5_K' : 'Q4_K';
    else if (down) type = t.layer < n / 16 ? 'Q5_K' : 'Q4_K';
    else if (t.role === 'attn_output') type = 'Q4_K';
  } else if (ftype === 'Q2_K') {
    if (v) type = gqa >= 4 ? 'Q4_K' : 'Q3_K';
    else if (down || t.role === 'attn_output') type = 'Q3_K';
  }
  for (const candidate of [type, 'Q8_0', 'F16']) {
    if (t.dims[0] % T[candidate][1] === 0) return candidate;
  }
  return 'F16';
}

// ---------------------------------------------------------------- GGUF writer (docs/gguf.md, little-endian v3)
class Writer {
  constructor() { this.parts = []; this.length = 0; }
  push(buf) { this.parts.push(buf); this.length += buf.length; }
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  f32(v) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.push(b); }
  str(s) { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.push(b); }
  kv(key, type, value) {
    this.str(key);
    this.u32(type);
    if (type === 4) this.u32(value);
    else if (type === 6) this.f32(value);
    else if (type === 7) this.push(Buffer.from([value ? 1 : 0]));
    else if (type === 8) this.str(value);
    else throw new Error(`writer: value type ${type}`);
  }
  bytes() { return Buffer.concat(this.parts); }
}

/** One GGUF file: header bytes, total size, and the expected values. */
function buildFile(kvs, tensors) {
  const w = new Writer();
  w.push(Buffer.from('GGUF'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kvs.length);
  for (const [key, type, value] of kvs) w.kv(key, type, value);
  let offset = 0;
  const byType = {};
  let parameters = 0;
  for (const t of tensors) {
    const [id, block, size] = T[t.type];
    const elements = t.dims.reduce((a, b) => a * b, 1);
    const bytes = (elements / block) * size;
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(id);
    w.u64(offset);
    offset += Math.ceil(bytes / ALIGN) * ALIGN;
    const s = (byType[t.type] ??= { tensors: 0, parameters: 0, bytes: 0 });
    s.tensors += 1;
    s.parameters += elements;
    s.bytes += bytes;
    parameters += elements;
  }
  const head = w.bytes();
  const dataStart = Math.ceil(head.length / ALIGN) * ALIGN;
  const last = tensors.length ? tensors[tensors.length - 1] : null;
  const lastBytes = last ? (last.dims.reduce((a, b) => a * b, 1) / T[last.type][1]) * T[last.type][2] : 0;
  const size = tensors.length ? dataStart + offset - Math.ceil(lastBytes / ALIGN) * ALIGN + lastBytes : head.length;
  const tensorBytes = Object.values(byType).reduce((a, s) => a + s.bytes, 0);
  return { head, size, expected: { parameters, tensor_bytes: tensorBytes, by_type: byType, header_bytes: head.length } };
}

// ---------------------------------------------------------------- models
function hparams(arch, c) {
  const kv = [[`${arch}.block_count`, 4, c.num_hidden_layers], [`${arch}.context_length`, 4, c.max_position_embeddings],
    [`${arch}.embedding_length`, 4, c.hidden_size], [`${arch}.feed_forward_length`, 4, c.intermediate_size],
    [`${arch}.attention.head_count`, 4, c.num_attention_heads],
    [`${arch}.attention.head_count_kv`, 4, c.num_key_value_heads ?? c.num_attention_heads],
    [`${arch}.rope.freq_base`, 6, c.rope_theta], [`${arch}.attention.layer_norm_rms_epsilon`, 6, c.rms_norm_eps],
    [`${arch}.vocab_size`, 4, c.vocab_size]];
  if (c.head_dim) kv.push([`${arch}.attention.key_length`, 4, c.head_dim], [`${arch}.attention.value_length`, 4, c.head_dim]);
  if (c.num_experts || c.n_routed_experts) {
    kv.push([`${arch}.expert_count`, 4, c.num_experts ?? c.n_routed_experts], [`${arch}.expert_used_count`, 4, c.num_experts_per_tok],
      [`${arch}.expert_feed_forward_length`, 4, c.moe_intermediate_size]);
  }
  if (c.kv_lora_rank) {
    kv.push([`${arch}.attention.q_lora_rank`, 4, c.q_lora_rank], [`${arch}.attention.kv_lora_rank`, 4, c.kv_lora_rank],
      [`${arch}.attention.key_length`, 4, c.qk_nope_head_dim + c.qk_rope_head_dim],
      [`${arch}.attention.value_length`, 4, c.v_head_dim], [`${arch}.rope.dimension_count`, 4, c.qk_rope_head_dim],
      [`${arch}.expert_shared_count`, 4, c.n_shared_experts], [`${arch}.leading_dense_block_count`, 4, c.first_k_dense_replace],
      [`${arch}.expert_gating_func`, 4, 2], [`${arch}.expert_group_count`, 4, c.n_group],
      [`${arch}.expert_group_used_count`, 4, c.topk_group]);
  }
  return kv;
}

const MODELS = [
  // A single-file repo with six quantizations (one .gguf each), and a split repo (Q8_0 in 2 parts).
  { id: 'Llama-3.1-8B-Instruct-GGUF', source: 'meta-llama/Llama-3.1-8B', arch: 'llama', name: 'Llama 3.1 8B Instruct',
    quants: ['Q2_K', 'Q3_K_M', 'Q4_K_M', 'Q5_K_M', 'Q6_K', 'Q8_0'], parts: 1 },
  { id: 'Llama-3.1-8B-Instruct-Q8_0-split-GGUF', source: 'meta-llama/Llama-3.1-8B', arch: 'llama', name: 'Llama 3.1 8B Instruct',
    quants: ['Q8_0'], parts: 2 },
  // A MoE (128 experts, merged into ffn_*_exps) and an MLA MoE (DeepSeek-V3, 61 layers, no MTP layer).
  { id: 'Qwen3-30B-A3B-GGUF', source: 'Qwen/Qwen3-30B-A3B', arch: 'qwen3moe', name: 'Qwen3 30B A3B', quants: ['Q4_K_M'], parts: 1 },
  { id: 'DeepSeek-V3-GGUF', source: 'deepseek-ai/DeepSeek-V3', arch: 'deepseek2', name: 'DeepSeek V3', quants: ['Q2_K'], parts: 1 },
];

function main() {
  rmSync(OUT, { recursive: true, force: true });
  for (const m of MODELS) {
    const dir = join(OUT, m.id);
    mkdirSync(dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(REPOS, m.source, 'config.json'), 'utf8'));
    const rows = Object.values(JSON.parse(readFileSync(join(REPOS, m.source, 'tensors.json'), 'utf8')).shards).flat();
    const base = ggufTensors(rows, config.num_hidden_layers);
    const gqa = config.num_attention_heads / (config.num_key_value_heads ?? config.num_attention_heads);
    const files = {};
    // The source's parameters: every tensor but FP8 block scales and layers past num_hidden_layers (MTP).
    const source = rows.filter(([n]) => {
      const layer = /^model\.layers\.(\d+)\./.exec(n);
      return !n.endsWith('_scale_inv') && !(layer && +layer[1] >= config.num_hidden_layers);
    });
    const sourceParameters = source.reduce((a, [, , s]) => a + s.reduce((x, y) => x * y, 1), 0);
    for (const q of m.quants) {
      const tensors = base.map((t) => ({ ...t, type: tensorType(t, q, config.num_hidden_layers, gqa) }));
      const stem = `${m.id.replace(/-GGUF$/, '').replace(/-Q8_0-split$/, '')}-${q}`;
      const common = [['general.architecture', 8, m.arch], ['general.name', 8, m.name], ['general.file_type', 4, FTYPE[q]],
        ['general.quantization_version', 4, 2], ...hparams(m.arch, config)];
      const chunks = m.parts === 1 ? [tensors] : [tensors.slice(0, Math.ceil(tensors.length / 2)), tensors.slice(Math.ceil(tensors.length / 2))];
      chunks.forEach((chunk, i) => {
        const file = m.parts === 1 ? `${stem}.gguf` : `${stem}-${String(i + 1).padStart(5, '0')}-of-${String(m.parts).padStart(5, '0')}.gguf`;
        const split = m.parts === 1 ? [] : [['split.no', 4, i], ['split.count', 4, m.parts], ['split.tensors.count', 4, tensors.length]];
        const kvs = i === 0 ? [...common, ...split] : split;
        const built = buildFile(kvs, chunk);
        writeFileSync(join(dir, `${file}.head`), built.head);
        files[file] = { size: built.size, quantization: q, part: i + 1, parts: m.parts, ...built.expected };
      });
    }
    const total = Object.values(files).filter((f) => f.quantization === m.quants[0]).reduce((a, f) => a + f.parameters, 0);
    if (total !== sourceParameters) throw new Error(`${m.id}: ${total} GGUF parameters vs ${sourceParameters} in the source tensor list`);
    writeFileSync(join(dir, 'gguf.json'), JSON.stringify({ source: m.source, source_parameters: sourceParameters, files }, null, 1) + '\n');
    const sha = Buffer.from(m.id).toString('hex').padEnd(40, '0').slice(0, 40);
    writeFileSync(join(dir, 'repo.json'), JSON.stringify({ gated: false, sha, files: Object.keys(files).sort() }, null, 2) + '\n');
    console.log(`${m.id}: ${Object.keys(files).length} files, ${sourceParameters} parameters`);
  }
}

main();
