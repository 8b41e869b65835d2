// Loads the Node (CommonJS, single-file) WASM build of the core.
import { createRequire } from 'node:module';

import type { RawCoreModule } from './core_types.js';

type Factory = () => Promise<RawCoreModule>;

let cached: Promise<RawCoreModule> | undefined;

export function loadCore(): Promise<RawCoreModule> {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const factory = require('../../wasm/hfmi_core.node.cjs') as Factory;
    cached = factory();
  }
  return cached;
}
