// The fixture hub serves the GGUF repos (tests/fixtures/repos/hfmi-gguf): the model info lists every .gguf
// file, and each one answers Range requests as its generated header followed by zeros, at the real size that
// gguf.json gives. Expected values come from gguf.json and the .head files (the generator's output).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFixtureHub } from '../../dist/js/fixture-hub/server.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GGUF = join(ROOT, 'tests/fixtures/repos/hfmi-gguf');

let hub;
before(async () => {
  hub = await startFixtureHub({});
});
after(async () => {
  await hub.close();
});

for (const repo of ['Llama-3.1-8B-Instruct-GGUF', 'Llama-3.1-8B-Instruct-Q8_0-split-GGUF']) {
  describe(`hfmi-gguf/${repo}`, () => {
    const spec = JSON.parse(readFileSync(join(GGUF, repo, 'gguf.json'), 'utf8'));
    test('the model info lists every .gguf file', async () => {
      const info = await (await fetch(`${hub.url}/api/models/hfmi-gguf/${repo}`)).json();
      const listed = info.siblings.map((s) => s.rfilename).filter((f) => f.endsWith('.gguf')).sort();
      assert.deepEqual(listed, Object.keys(spec.files).sort());
    });
    test('each file: the header by Range, the real size in Content-Range, zeros after the header', async () => {
      for (const [file, f] of Object.entries(spec.files)) {
        const head = readFileSync(join(GGUF, repo, `${file}.head`));
        const res = await fetch(`${hub.url}/hfmi-gguf/${repo}/resolve/main/${file}`, {
          headers: { Range: `bytes=0-${head.length + 63}` },
        });
        assert.equal(res.status, 206);
        assert.equal(res.headers.get('content-range'), `bytes 0-${head.length + 63}/${f.size}`);
        const body = new Uint8Array(await res.arrayBuffer());
        assert.equal(Buffer.from(body.subarray(0, 4)).toString('latin1'), 'GGUF');
        assert.deepEqual(Buffer.from(body.subarray(0, head.length)), head);
        assert.ok(body.subarray(head.length).every((b) => b === 0));
        assert.equal(f.header_bytes, head.length);
      }
    });
  });
}
