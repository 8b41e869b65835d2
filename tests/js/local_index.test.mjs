// --local with an index beside config.json: the CLI reads it and the core reconciles its metadata.total_size
// (with the headers' tensor bytes, or config-only with the estimate in the config's dtype). Expected numbers
// come from the index files themselves and tests/fixtures/structure/PROVENANCE.md.
import assert from 'node:assert/strict';
import { copyFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { FIXTURES, runCli, startHub, tempDir } from './helpers.mjs';

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub.close();
});

describe('--local reads the index beside config.json', () => {
  test('config-only falcon-40b (.bin index): total_size / 2 is the implied count, a >1% gap is an issue', async () => {
    const dir = await tempDir();
    const src = join(FIXTURES, 'structure/tiiuae__falcon-40b');
    await copyFile(join(src, 'config.json'), join(dir, 'config.json'));
    await copyFile(join(src, 'pytorch_model.bin.index.json'), join(dir, 'pytorch_model.bin.index.json'));
    const totalSize = JSON.parse(await readFile(join(src, 'pytorch_model.bin.index.json'), 'utf8')).metadata.total_size;
    const r = await runCli(['--local', dir, '--model', 'tiiuae/falcon-40b', '--json', '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    const ix = a.parameters.index;
    assert.equal(ix.basis, 'config');
    assert.equal(ix.dtype, 'bfloat16'); // the config's torch_dtype
    assert.equal(ix.total_size, totalSize);
    assert.equal(ix.implied_parameters, totalSize / 2); // 41,835,970,560: the .bin stores lm_head and the embedding
    assert.equal(ix.expected_bytes, a.parameters.total * 2);
    const gap = Math.abs(ix.expected_bytes - totalSize) / Math.max(ix.expected_bytes, totalSize);
    assert.equal(ix.agree, gap <= 0.01);
  });

  test('Llama-3.1-8B with its shards: the header bytes per dtype equal total_size', async () => {
    const dir = await tempDir();
    const model = 'meta-llama/Llama-3.1-8B';
    const repo = join(FIXTURES, 'repos', model);
    await copyFile(join(repo, 'config.json'), join(dir, 'config.json'));
    await copyFile(join(repo, 'model.safetensors.index.json'), join(dir, 'model.safetensors.index.json'));
    const totalSize = JSON.parse(await readFile(join(repo, 'model.safetensors.index.json'), 'utf8')).metadata.total_size;
    const info = await (await fetch(`${hub.url}/api/models/${model}`)).json();
    for (const name of info.siblings.map((s) => s.rfilename).filter((n) => n.endsWith('.safetensors'))) {
      const url = `${hub.url}/${model}/resolve/main/${name}`;
      const first = await fetch(url, { headers: { range: 'bytes=0-7' } });
      const total = Number((first.headers.get('content-range') ?? '').split('/')[1]);
      const n = Number(Buffer.from(await first.arrayBuffer()).readBigUInt64LE(0));
      const head = await fetch(url, { headers: { range: `bytes=0-${8 + n - 1}` } });
      await writeFile(join(dir, name), Buffer.from(await head.arrayBuffer()));
      await truncate(join(dir, name), total);
    }
    const r = await runCli(['--local', dir, '--model', model, '--json', '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(r.code, 0, r.stderr);
    const ix = JSON.parse(r.stdout).parameters.index;
    assert.equal(ix.basis, 'headers');
    assert.equal(ix.expected_bytes, totalSize);
    assert.equal(ix.bytes_by_dtype.BF16, totalSize);
    assert.equal(ix.agree, true);
  });
});
