// A batch releases each model's result once its files are written. V8 would collect that garbage only
// when its heap has grown well past what is live (peak RSS 2.4x one import for 40 DeepSeek-V3 models),
// so a batch asks for a collection after each model: its peak RSS then stays near one import's
// (bench/batch_bench.mjs). The cost is one full GC per model (tens of ms).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Collects garbage now (a no-op if the runtime refuses). */
export function collectGarbage(): void {
  try {
    if (gc === undefined) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
  } catch {
    gc = () => undefined;
  }
}
