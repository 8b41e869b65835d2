// Unified diffs (js/targets/diff.ts): hunks with context, `-` before `+`, applying the diff to the old
// text gives the new text, and a 6,000-line change is fast. The applier below is independent of the
// code under test: it checks every context and removed line against the old text.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { ROOT } from './helpers.mjs';

const { unifiedDiff } = await import(join(ROOT, 'dist/js/targets/diff.js'));

/** Applies a unified diff to `before`; throws on any mismatch. Handles "\ No newline at end of file". */
function applyPatch(before, diff) {
  if (diff === '') return before;
  const old = before === '' ? [] : before.split(/(?<=\n)/);
  const lines = diff.split('\n');
  assert.match(lines[0], /^--- /);
  assert.match(lines[1], /^\+\+\+ /);
  const out = [];
  let pos = 0;
  let k = 2;
  while (k < lines.length && lines[k] !== '') {
    const m = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(lines[k]);
    assert.ok(m, `hunk header: ${lines[k]}`);
    const [oldStart, oldLen, , newLen] = m.slice(1).map(Number);
    const startIdx = oldLen === 0 ? oldStart : oldStart - 1;
    assert.ok(startIdx >= pos, 'hunks in order');
    out.push(...old.slice(pos, startIdx));
    pos = startIdx;
    k++;
    let seenOld = 0;
    let seenNew = 0;
    while (k < lines.length && /^[ +\-\\]/.test(lines[k])) {
      const l = lines[k];
      const noNl = lines[k + 1] === '\\ No newline at end of file';
      const text = l.slice(1) + (noNl ? '' : '\n');
      if (l[0] === ' ' || l[0] === '-') {
        assert.equal(old[pos], text, `line ${pos + 1} of the old text`);
        pos++;
        seenOld++;
      }
      if (l[0] === ' ' || l[0] === '+') {
        out.push(text);
        seenNew++;
      }
      k += noNl ? 2 : 1;
    }
    assert.equal(seenOld, oldLen, 'old length in the hunk header');
    assert.equal(seenNew, newLen, 'new length in the hunk header');
  }
  out.push(...old.slice(pos));
  return out.join('');
}

/** Within every run of changed lines, no `-` follows a `+`. */
function assertMinusBeforePlus(diff) {
  let sawPlus = false;
  for (const l of diff.split('\n')) {
    if (l.startsWith('+++') || l.startsWith('---')) continue;
    if (l.startsWith('+')) sawPlus = true;
    else if (l.startsWith('-')) assert.ok(!sawPlus, `a - line after a + line: ${l}`);
    else sawPlus = false;
  }
}

const numbered = (n, f) => Array.from({ length: n }, (_, i) => f(i) + '\n').join('');

describe('unifiedDiff', () => {
  test('an inserted block: one hunk with 3 lines of context each side', () => {
    const a = numbered(20, (i) => `line ${i}`);
    const b = a.replace('line 10\n', 'new A\nnew B\nline 10\n');
    const d = unifiedDiff(a, b, 'models.ts');
    assert.equal(d, ['--- a/models.ts', '+++ b/models.ts', '@@ -8,6 +8,8 @@', ' line 7', ' line 8', ' line 9', '+new A', '+new B', ' line 10', ' line 11', ' line 12', ''].join('\n'));
    assert.equal(applyPatch(a, d), b);
  });

  test('a changed line: - before +, and two far-apart changes make two hunks', () => {
    const a = numbered(40, (i) => `line ${i}`);
    const b = a.replace('line 5\n', 'five\n').replace('line 30\n', 'thirty\n');
    const d = unifiedDiff(a, b);
    assert.equal((d.match(/^@@ /gm) ?? []).length, 2);
    assert.match(d, /^-line 5\n\+five$/m);
    assertMinusBeforePlus(d);
    assert.equal(applyPatch(a, d), b);
  });

  test('equal texts: empty diff; missing final newline is marked', () => {
    assert.equal(unifiedDiff('a\nb\n', 'a\nb\n'), '');
    const d = unifiedDiff('a\nb\n', 'a\nb');
    assert.match(d, /\\ No newline at end of file/);
    assert.equal(applyPatch('a\nb\n', d), 'a\nb');
    assert.equal(applyPatch('', unifiedDiff('', 'x\ny\n')), 'x\ny\n');
  });

  test('random edits apply back exactly, - always before +', () => {
    let seed = 7;
    const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rnd(40) }, () => `l${rnd(8)}\n`);
      const b = [...a];
      for (let e = rnd(6); e > 0; e--) {
        const op = rnd(3);
        if (op === 0) b.splice(rnd(b.length + 1), 0, `n${rnd(8)}\n`);
        else if (op === 1 && b.length) b.splice(rnd(b.length), 1);
        else if (b.length) b[rnd(b.length)] = `c${rnd(8)}\n`;
      }
      const d = unifiedDiff(a.join(''), b.join(''));
      assertMinusBeforePlus(d);
      assert.equal(applyPatch(a.join(''), d), b.join(''), `round ${round}`);
    }
  });

  test('6,000 changed lines: correct and under 100 ms', () => {
    const a = numbered(6000, (i) => `  { id: "old-${i}", count: ${i} },`);
    const b = numbered(6000, (i) => `  { id: "new-${i}", count: ${i} },`);
    // The best of 3 runs: the machine is shared, and the first run pays for the JIT.
    let d = '';
    let ms = Infinity;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      d = unifiedDiff(a, b, 'models.ts');
      ms = Math.min(ms, performance.now() - t0);
    }
    assert.equal(applyPatch(a, d), b);
    assert.equal((d.match(/^-/gm) ?? []).length, 6001); // 6,000 lines and the --- header
    assertMinusBeforePlus(d);
    assert.ok(ms < 100, `6,000-line diff took ${ms.toFixed(1)} ms`);
    // Shuffled common lines (the costly case for LCS) stay bounded too.
    const c = numbered(6000, (i) => `x${(i * 7919) % 6000}`);
    const t1 = performance.now();
    const d2 = unifiedDiff(numbered(6000, (i) => `x${i}`), c);
    const ms2 = performance.now() - t1;
    assert.equal(applyPatch(numbered(6000, (i) => `x${i}`), d2), c);
    assert.ok(ms2 < 1000, `shuffled 6,000-line diff took ${ms2.toFixed(1)} ms`);
  });
});
