#!/usr/bin/env node
// batch-import: `npm run batch-import -- --file models.txt [--dry-run] [--continue-on-error] [--log PATH]`.
// The import-model CLI in batch mode: one id or URL per line, stop at the first failure unless
// --continue-on-error, a JSON-lines log, a summary, exit 0 only if every model succeeded.
import { runMain } from './import_model.js';

runMain(process.argv.slice(2), 'batch');
