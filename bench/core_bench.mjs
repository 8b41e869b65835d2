// Core benchmark: large headers and a 60 MB / 500k-entry index through the WASM core and through the
// reference's JS parsing of the same bytes. Each case runs in a fresh child process (bench/core_case.mjs).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './common.mjs';
import { coreInputs } from './core_inputs.mjs';

function runCase(kind, input, config = '-', reps = 5) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', join(ROOT, 'bench/core_case.mjs'), kind, input, config, String(reps)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

export async function runCoreBench({ reps = 5, log = () => {} } = {}) {
  const inputs = coreInputs();
  const headers = [];
  for (const h of inputs.headers) {
    const ours = runCase('header-ours', h.path, h.config, reps);
    const ref = runCase('header-ref', h.path, h.config, reps);
    headers.push({ key: h.key, label: h.label, bytes: h.size, tensors: h.tensors, experts: h.experts, ours, ref });
    log(`core header ${h.key}: ours ${ours.phasesMedianMs.total.toFixed(0)} ms, ref ${ref.failure ? ref.failure.error : `${ref.phasesMedianMs.total.toFixed(0)} ms`}`);
  }
  const ix = inputs.index;
  const ours = runCase('index-ours', ix.path, '-', reps);
  const jsonParse = runCase('index-jsonparse', ix.path, '-', reps);
  const refStream = runCase('index-ref-stream', ix.path, '-', reps);
  const refStreamSmall = runCase('index-ref-stream', ix.small, '-', reps);
  const refStreamIndexMs = refStream.medianMs - refStreamSmall.medianMs;
  log(
    `core index: ours ${ours.mbPerS.toFixed(1)} MB/s, JSON.parse ${jsonParse.mbPerS.toFixed(1)} MB/s, ` +
      `reference stream ${(ix.size / 1048576 / (refStreamIndexMs / 1000)).toFixed(1)} MB/s`,
  );
  return {
    reps,
    headers,
    index: {
      bytes: ix.size,
      entries: ix.entries,
      shards: ix.shards,
      ours,
      jsonParse,
      refStream,
      refStreamSmall,
      refStreamIndexMs,
      refStreamMbPerS: ix.size / 1048576 / (refStreamIndexMs / 1000),
    },
  };
}
