// GGUF benchmark: our importModel on a GGUF repo against @huggingface/gguf, same files, same fixture hub,
// same run, at 0 and 50 ms added latency. Requests, bytes and sequential round trips come from the hub's
// own log (one counter for both clients); wall time is the client's, median of `runs`, order rotated.
//   node bench/gguf_bench.mjs [--runs 5]      (alone: writes its block of RESULTS.md; also part of run.mjs)
//
// The reference does what a user of @huggingface/gguf does for a repo: list the repo's files (one model
// info request, as `@huggingface/hub`'s listFiles would), then read every quantization at once, each with
// `ggufAllShards(url, { computeParametersCount: true })` (which reads every part of a split file, 20 at a
// time), all quantizations in parallel (Promise.all): the fastest way to use it on a repo.
import { ggufAllShards, RE_GGUF_SHARD_FILE } from '@huggingface/gguf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FIXTURE_TOKEN, REPOS, ROOT, distUrl, median, settledStats, startHubWorker } from './common.mjs';
import { buildVocabRepo } from './gguf_vocab.mjs';
import { longestChain } from './import_bench.mjs';

const { importModel } = await import(distUrl('js/index.node.js'));

/** The benchmark's GGUF repos; the files and what they hold come from the fixtures (repo.json, gguf.json). */
export const GGUF_REPOS = ['hfmi-gguf/Llama-3.1-8B-Instruct-GGUF', 'hfmi-gguf/Llama-3.1-8B-Instruct-Q8_0-split-GGUF'].map((id) => {
  const dir = join(REPOS, id);
  const repo = JSON.parse(readFileSync(join(dir, 'repo.json'), 'utf8'));
  const spec = JSON.parse(readFileSync(join(dir, 'gguf.json'), 'utf8'));
  const files = repo.files.filter((f) => f.endsWith('.gguf'));
  // A split quantization is one file for the user: its parts are summed.
  const quantizations = new Set(files.map((f) => f.replace(/-\d{5}-of-\d{5}\.gguf$/, '.gguf')));
  const expectedParams = files.reduce((a, f) => a + spec.files[f].parameters, 0);
  return {
    id,
    files,
    quantizations: quantizations.size,
    expectedParams,
    label: `${id.split('/')[1]} (${quantizations.size} quantization${quantizations.size > 1 ? 's' : ''}, ${files.length} file${files.length > 1 ? 's' : ''})`,
  };
});

/** The reference's version, for the report. */
export const REFERENCE_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules/@huggingface/gguf/package.json'), 'utf8')).version;

const encId = (id) => id.split('/').map(encodeURIComponent).join('/');

/** Counts the reference's requests. A response the hub's socket cut (Node's http server closing a connection
 *  on a timer while a slow reader, the reference parsing megabytes of strings between chunks, still holds it;
 *  seen on the real-size vocabulary case only) is asked for once more, as a retrying client would; the body
 *  is read here (the reference reads each 2 MB chunk whole anyway). `counter.retries` says how often. */
function countingFetch(counter) {
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      counter.n++;
      try {
        const res = await fetch(input, init);
        const body = await res.arrayBuffer();
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } catch (e) {
        if (e?.cause?.code !== 'UND_ERR_SOCKET' || attempt >= 2) throw e;
        counter.retries = (counter.retries ?? 0) + 1;
      }
    }
  };
}

/** Does our importModel describe GGUF files (the ggufjs branch)? Else ours is not measured. */
async function oursSupportsGguf(hubUrl, repo) {
  try {
    const r = await importModel(repo.id, { hubUrl, accessToken: FIXTURE_TOKEN });
    if (!Array.isArray(r.gguf) || r.gguf.length === 0) return 'importModel gives no `gguf` list for a GGUF repo';
    return undefined;
  } catch (e) {
    return `importModel fails on a GGUF repo: ${e?.code ?? ''} ${String(e?.message ?? e).slice(0, 160)}`;
  }
}

function sides(hubUrl) {
  return {
    ours: {
      label: 'importModel (every .gguf file of the repo, default options)',
      async run(repo) {
        const r = await importModel(repo.id, { hubUrl, accessToken: FIXTURE_TOKEN });
        const files = r.gguf.map((g) => ({ file: g.file, parameters: g.parameters }));
        return {
          params: files.reduce((a, f) => a + (f.parameters ?? 0), 0),
          files,
          clientRequests: r.stats.requests,
        };
      },
    },
    ref: {
      label: `@huggingface/gguf ${REFERENCE_VERSION}: model info, then ggufAllShards per quantization (computeParametersCount), all at once`,
      async run(repo) {
        const counter = { n: 0 };
        const f = countingFetch(counter);
        const headers = { Authorization: `Bearer ${FIXTURE_TOKEN}` };
        const info = await (await f(`${hubUrl}/api/models/${encId(repo.id)}`, { headers })).json();
        const ggufFiles = info.siblings.map((s) => s.rfilename).filter((n) => n.endsWith('.gguf'));
        // One call per quantization: the first part of a split file (ggufAllShards reads the others).
        const heads = ggufFiles.filter((n) => {
          const m = RE_GGUF_SHARD_FILE.exec(n);
          return !m || Number(m.groups.shard) === 1;
        });
        const outs = await Promise.all(
          heads.map((n) =>
            ggufAllShards(`${hubUrl}/${encId(repo.id)}/resolve/main/${n}`, { fetch: f, additionalFetchHeaders: headers }).then((r) => ({
              file: n,
              parameters: r.parameterCount,
            })),
          ),
        );
        return { params: outs.reduce((a, o) => a + o.parameters, 0), files: outs, clientRequests: counter.n, retries: counter.retries ?? 0 };
      },
    },
  };
}

async function measure(hub, side, repo) {
  await hub.resetStats();
  const t0 = performance.now();
  const out = await side.run(repo);
  const wallMs = performance.now() - t0;
  const s = await settledStats(hub, out.clientRequests);
  return { wallMs, requests: s.requests, bytes: s.bytesSent, roundTrips: s.roundTrips, params: out.params, files: out.files, retries: out.retries ?? 0, chain: longestChain(s.timeline) };
}

function summarize(samples) {
  const pick = (k) => samples.map((x) => x[k]);
  return {
    runs: samples.length,
    wallMsMedian: median(pick('wallMs')),
    wallMs: pick('wallMs'),
    requests: median(pick('requests')),
    bytes: median(pick('bytes')),
    roundTrips: median(pick('roundTrips')),
    roundTripsMax: Math.max(...pick('roundTrips')),
    params: samples[0].params,
    /** Parameters equal in every run (not only the first). */
    paramsStable: samples.every((x) => x.params === samples[0].params),
    retries: pick('retries').reduce((a, b) => a + b, 0),
    files: samples[0].files,
    /** The longest request chain of the run with the most round trips. */
    worstChain: samples.reduce((a, b) => (b.roundTrips > a.roundTrips ? b : a)).chain,
  };
}

/** Both clients on `repos` served by `hub`, interleaved runs, at each latency. */
async function measureRepos(hub, names, repos, latencies, runs, log) {
  const all = sides(hub.url);
  const rows = [];
  for (const latencyMs of latencies) {
    await hub.setFaults(latencyMs > 0 ? [{ latencyMs }] : null);
    for (const repo of repos) {
      const samples = Object.fromEntries(names.map((n) => [n, []]));
      for (const n of names) await measure(hub, all[n], repo); // warm-up
      for (let i = 0; i < runs; i++) {
        const order = names.map((_, k) => names[(k + i) % names.length]);
        for (const n of order) samples[n].push(await measure(hub, all[n], repo));
      }
      const row = { repo: repo.id, label: repo.label, files: repo.files.length, quantizations: repo.quantizations, expectedParams: repo.expectedParams, latencyMs, sides: {} };
      if (repo.vocab) row.vocab = repo.vocab;
      for (const n of names) row.sides[n] = summarize(samples[n]);
      rows.push(row);
      log(`gguf ${repo.id} @${latencyMs} ms: ` + names.map((n) => `${n} ${row.sides[n].wallMsMedian.toFixed(0)} ms/${row.sides[n].requests} req/${row.sides[n].roundTrips} rt/${row.sides[n].bytes} B`).join(', '));
    }
  }
  await hub.setFaults(null);
  return rows;
}

/**
 * `vocab`: also the real-size vocabulary case (bench/gguf_vocab.mjs: the 6-quantization repo with Llama-3-sized
 * tokenizer arrays in every header, built in a temporary directory and served by its own fixture hub).
 */
export async function runGgufBench({ runs = 5, latencies = [0, 50], repos = GGUF_REPOS, vocab = true, log = () => {} } = {}) {
  const hub = await startHubWorker();
  const labels = sides(hub.url);
  let rows = [];
  let oursSkipped;
  let vocabCase;
  try {
    oursSkipped = await oursSupportsGguf(hub.url, GGUF_REPOS[0]);
    if (oursSkipped) log(`gguf: ours not measured: ${oursSkipped}`);
    const names = oursSkipped ? ['ref'] : ['ours', 'ref'];
    rows = await measureRepos(hub, names, repos, latencies, runs, log);
    if (vocab) {
      const repo = buildVocabRepo();
      vocabCase = repo.vocab;
      log(`gguf real-size vocabulary: ${repo.vocab.note}`);
      const vhub = await startHubWorker(repo.root);
      try {
        rows.push(...(await measureRepos(vhub, names, [repo], latencies, runs, log)));
      } finally {
        await vhub.close();
        repo.cleanup();
      }
    }
  } finally {
    await hub.setFaults(null);
    await hub.close();
  }
  return {
    sides: Object.fromEntries(Object.entries(labels).map(([n, s]) => [n, s.label])),
    reference: `@huggingface/gguf ${REFERENCE_VERSION}`,
    ...(oursSkipped && { oursSkipped }),
    ...(vocabCase && { vocabCase }),
    rows,
  };
}

// Alone: `node bench/gguf_bench.mjs [--runs N]` measures and writes its block of RESULTS.md.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const { loadavg } = await import('node:os');
  const { execFileSync } = await import('node:child_process');
  const { writeFileSync, existsSync } = await import('node:fs');
  const { renderBlocks } = await import('./report.mjs');
  const { writeBlocks } = await import('./results_md.mjs');
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  const load = () => loadavg().map((x) => Number(x.toFixed(2)));
  const start = load();
  const log = (l) => process.stderr.write(`bench: ${l}\n`);
  const gguf = await runGgufBench({ runs, log });
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {}
  const part = { ...gguf, generatedAt: new Date().toISOString(), commit, runs, loadAverage: { start, end: load() } };
  const resultsPath = join(ROOT, 'bench/results.json');
  const results = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  results.gguf = part;
  writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
  const blocks = renderBlocks({ ...results, environment: results.environment ?? {} }, new Set(['gguf']));
  writeBlocks({ 'gguf-bench': blocks['gguf-bench'] });
  log('wrote bench/results.json (gguf) and the gguf-bench block of bench/RESULTS.md');
}
