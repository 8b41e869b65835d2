#!/usr/bin/env node
// batch-import: `npm run batch-import -- --file models.txt [--dry-run] [--continue-on-error] [--log PATH]`.
// The import-model CLI in batch mode: one id or URL per line, stop at the first failure unless
// --continue-on-error, a JSON-lines log, a summary, exit 0 only if every model succeeded.
import { setFlagsFromString } from 'node:v8';

// A batch makes garbage at a steady rate (each model's analysis text is released once its files are
// written). V8's default heuristics let the heap grow well past what is live before collecting;
// --optimize-for-size collects earlier, so peak RSS stays near one import's (bench/batch_bench.mjs).
setFlagsFromString('--optimize-for-size');

const { runMain } = await import('./import_model.js');
runMain(process.argv.slice(2), 'batch');
