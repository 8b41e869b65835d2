// Deterministic inputs for the core benchmark, generated into bench/.cache/ (not committed):
//   header-deepseek-v3.bin      every DeepSeek-V3 fixture tensor (163 shards' worth) in one header
//   header-deepseek-512x.bin    the same model with 512 routed experts (config changed to match)
//   index-500k.json             a model.safetensors.index.json with 500,000 weight_map entries (~60 MB)
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, REPOS } from './common.mjs';
import { LIMITS } from '../dist/js/core/generated/limits.js';
import { buildSafetensorsHeader } from '../tests/js/helpers.mjs';

/** The header cap of the core's limits table. */
const HEADER_CAP = LIMITS.headerBytes;
const GENERATOR_VERSION = 4;

/** The one safetensors header builder of the tests (tests/js/helpers.mjs). */
export const buildHeader = buildSafetensorsHeader;

function deepseekRows() {
  const t = JSON.parse(readFileSync(join(REPOS, 'deepseek-ai/DeepSeek-V3/tensors.json'), 'utf8'));
  return Object.values(t.shards).flat();
}

/** DeepSeek-V3 with `experts` routed experts per MoE layer: experts >= 256 copy expert (e % 256)'s rows. */
function deepseekWithExperts(experts) {
  const rows = deepseekRows();
  const out = [];
  const re = /^(model\.layers\.\d+\.mlp\.experts\.)(\d+)(\..*)$/;
  const extra = new Map(); // layer prefix -> rows of each expert 0..255: [rest of name, dtype, shape][]
  for (const r of rows) {
    out.push(r);
    const m = re.exec(r[0]);
    if (m) {
      const byExpert = extra.get(m[1]) ?? [];
      (byExpert[Number(m[2])] ??= []).push([m[3], r[1], r[2]]);
      extra.set(m[1], byExpert);
    }
  }
  for (const [prefix, byExpert] of extra) {
    for (let e = 256; e < experts; e++) {
      for (const [rest, dtype, shape] of byExpert[e % 256] ?? []) out.push([`${prefix}${e}${rest}`, dtype, shape]);
    }
  }
  return out;
}

function writeIfStale(path, make) {
  const stamp = `${path}.v${GENERATOR_VERSION}`;
  if (existsSync(path) && existsSync(stamp)) return;
  const info = make();
  writeFileSync(stamp, JSON.stringify(info ?? {}));
}

/** A model.safetensors.index.json with `entries` weight_map entries, pretty-printed as the Hub's are. */
function buildIndex(entries, shards) {
  const lines = [];
  const names = [];
  const projs = ['gate_proj', 'up_proj', 'down_proj'];
  const suffixes = ['weight_packed', 'weight_scale', 'weight_shape', 'weight_zero_point'];
  const experts = 651;
  for (let l = 0; names.length < entries; l++) {
    for (let e = 0; e < experts && names.length < entries; e++) {
      for (const p of projs) for (const s of suffixes) if (names.length < entries) names.push([`model.language_model.decoder.layers.${l}.mlp.experts.${e}.${p}.${s}`, l]);
    }
  }
  const pad = (n, w) => String(n).padStart(w, '0');
  // Shards hold consecutive tensors in generation order (as a checkpoint writer fills them); the map is sorted by name.
  const shardOf = new Map(names.map(([name], i) => [name, Math.floor((i * shards) / names.length) + 1]));
  names.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [name] of names) lines.push(`    ${JSON.stringify(name)}: "model-${pad(shardOf.get(name), 5)}-of-${pad(shards, 5)}.safetensors"`);
  const text = `{\n  "metadata": {\n    "total_size": 1234567890123\n  },\n  "weight_map": {\n${lines.join(',\n')}\n  }\n}\n`;
  return Buffer.from(text, 'utf8');
}

/** Generates (once) and returns the benchmark inputs. */
export function coreInputs() {
  mkdirSync(CACHE, { recursive: true });
  const cfgPath = join(REPOS, 'deepseek-ai/DeepSeek-V3/config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));

  const h1 = join(CACHE, 'header-deepseek-v3.bin');
  writeIfStale(h1, () => {
    const h = buildHeader(deepseekRows());
    writeFileSync(h1, h.bytes);
    writeFileSync(`${h1}.json`, JSON.stringify({ fileSize: h.fileSize, tensors: h.tensors }));
  });

  // As many routed experts as fit under the 25 MB cap, rounded down to a multiple of 32.
  const h2 = join(CACHE, 'header-deepseek-many-experts.bin');
  const cfg2Path = join(CACHE, 'config-deepseek-many-experts.json');
  writeIfStale(h2, () => {
    let experts = 544;
    let h = buildHeader(deepseekWithExperts(experts));
    while (h.bytes.length > HEADER_CAP) {
      experts -= 32;
      h = buildHeader(deepseekWithExperts(experts));
    }
    writeFileSync(h2, h.bytes);
    writeFileSync(`${h2}.json`, JSON.stringify({ fileSize: h.fileSize, tensors: h.tensors, experts }));
    writeFileSync(cfg2Path, JSON.stringify({ ...cfg, n_routed_experts: experts }, null, 2));
  });

  const idx = join(CACHE, 'index-500k.json');
  writeIfStale(idx, () => {
    writeFileSync(idx, buildIndex(500_000, 160));
    writeFileSync(`${idx}.json`, JSON.stringify({ entries: 500_000, shards: 160 }));
  });
  const idxSmall = join(CACHE, 'index-160.json');
  writeIfStale(idxSmall, () => {
    const shards = Array.from({ length: 160 }, (_, i) => `model-${String(i + 1).padStart(5, '0')}-of-00160.safetensors`);
    const text = JSON.stringify({ metadata: { total_size: 1 }, weight_map: Object.fromEntries(shards.map((s, i) => [`t${i}`, s])) }, null, 2);
    writeFileSync(idxSmall, text);
  });

  const meta = (p) => JSON.parse(readFileSync(`${p}.json`, 'utf8'));
  return {
    headers: [
      { key: 'deepseek-v3', label: 'DeepSeek-V3, all 163 shards\' tensors in one header', path: h1, config: cfgPath, size: statSync(h1).size, ...meta(h1) },
      { key: 'deepseek-many-experts', label: 'DeepSeek-V3 shape with more routed experts', path: h2, config: cfg2Path, size: statSync(h2).size, ...meta(h2) },
    ],
    index: { key: 'index-500k', path: idx, small: idxSmall, size: statSync(idx).size, ...meta(idx) },
  };
}
