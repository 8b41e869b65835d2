// One sentence for a model's attention. MLA (multi-head latent attention) caches a compressed latent
// (kv_lora_rank) plus a shared rope key per token, not per-head K and V: it is described that way.
import type { ArchitectureJson } from 'hf-model-import';

import { formatCount } from './format';

export function attentionText(a: ArchitectureJson): string {
  const att = a.attention;
  if (att.type === 'mla') {
    const parts = [`latent attention (MLA): ${att.num_heads} heads`];
    if (att.kv_lora_rank !== undefined) parts.push(`kv_lora_rank ${att.kv_lora_rank}`);
    if (att.q_lora_rank) parts.push(`q_lora_rank ${att.q_lora_rank}`);
    if (att.qk_rope_head_dim !== undefined) parts.push(`rope dim ${att.qk_rope_head_dim}`);
    if (att.qk_nope_head_dim !== undefined) parts.push(`nope dim ${att.qk_nope_head_dim}`);
    if (att.v_head_dim !== undefined) parts.push(`v head dim ${att.v_head_dim}`);
    if (a.kv_cache) parts.push(`cache ${formatCount(a.kv_cache.bytes_per_token)} bytes per token`);
    return parts.join(', ');
  }
  return `${(att.type ?? 'unknown type').toUpperCase()}: ${att.num_heads ?? '?'} heads, ${att.num_kv_heads ?? '?'} KV heads, head dim ${att.head_dim ?? '?'}`;
}
