// Folds the package's progress events (config, model-info, index, each shard header, done) into what
// the progress panel shows.
import type { ProgressEvent } from 'hf-model-import';

export type Phase = ProgressEvent['phase'];

export interface ProgressState {
  phases: Partial<Record<Phase, { done: number; total: number }>>;
  /** Shard headers read so far, in arrival order. */
  shardsDone: string[];
  shardTotal: number;
  bytes: number;
  startedAt: number;
  finishedAt?: number;
}

export function initialProgress(now: number): ProgressState {
  return { phases: {}, shardsDone: [], shardTotal: 0, bytes: 0, startedAt: now };
}

export function applyProgress(s: ProgressState, e: ProgressEvent, now: number): ProgressState {
  const next: ProgressState = {
    ...s,
    phases: { ...s.phases, [e.phase]: { done: e.done, total: e.total } },
    bytes: Math.max(s.bytes, e.bytes),
  };
  if (e.phase === 'header') {
    next.shardTotal = e.total;
    if (e.shard !== undefined && !s.shardsDone.includes(e.shard)) next.shardsDone = [...s.shardsDone, e.shard];
  }
  if (e.phase === 'done') {
    next.shardTotal = Math.max(next.shardTotal, e.total);
    next.finishedAt = now;
  }
  return next;
}
