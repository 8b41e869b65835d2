// Unified diffs of two texts (what --dry-run and the confirmation prompt show).
// Pure (no Node imports), so the web page can use the same code.
//
// Linear-ish: after trimming the common prefix and suffix, lines that occur on one side only are
// changes by definition and are set aside (GNU diff's "discard confusing lines"); Myers' O(ND)
// algorithm runs on what remains, with a cap on D. Past the cap the remaining region is shown as
// removed then added: still a correct diff, just not a minimal one.

/** Context lines around each change (the unified-diff default). */
const CONTEXT = 3;
/** Largest edit distance searched exactly by Myers (cost O((N + M) * D), memory O(D^2)). */
const MAX_EDIT_DISTANCE = 2000;

interface Lines {
  /** Line text without its terminator. */
  text: string[];
  /** False only for a last line with no newline after it. */
  terminated: boolean[];
}

function splitLines(s: string): Lines {
  const text: string[] = [];
  const terminated: boolean[] = [];
  let start = 0;
  while (start < s.length) {
    const nl = s.indexOf('\n', start);
    if (nl < 0) {
      text.push(s.slice(start));
      terminated.push(false);
      break;
    }
    text.push(s.slice(start, nl));
    terminated.push(true);
    start = nl + 1;
  }
  return { text, terminated };
}

/** Myers' shortest edit script on int sequences; returns the matched (i, j) pairs, or undefined past maxD. */
function myersMatches(a: Int32Array, b: Int32Array, maxD: number): Array<[number, number]> | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d - 1, offset + d + 2));
  }
  if (found < 0) return undefined;
  // Walk back through the saved frontiers; trace[d] covers k in [-d-1, d+1].
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const k = x - y;
    const at = (dd: number, kk: number) => trace[dd]![kk + dd + 1]!;
    let prevK: number;
    if (d === 0) prevK = 0;
    else prevK = k === -d || (k !== d && at(d - 1, k - 1) < at(d - 1, k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(d - 1, prevK);
    const prevY = prevX - prevK;
    const startX = d === 0 ? 0 : prevK === k + 1 ? prevX : prevX + 1;
    const startY = startX - k;
    while (x > startX && y > startY) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  return pairs.reverse();
}

/**
 * Marks which lines of `a` are removed and which of `b` are added, so that the kept lines of both
 * are equal in order.
 */
function changedLines(a: string[], b: string[]): { removed: Uint8Array; added: Uint8Array } {
  const removed = new Uint8Array(a.length);
  const added = new Uint8Array(b.length);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const aEnd = a.length - suf;
  const bEnd = b.length - suf;
  // Lines as ints; a line on one side only is a change.
  const ids = new Map<string, number>();
  const idOf = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
  const aIds = new Int32Array(aEnd - pre);
  const bIds = new Int32Array(bEnd - pre);
  for (let i = pre; i < aEnd; i++) aIds[i - pre] = idOf(a[i]!);
  const inA = new Uint8Array(ids.size + (bEnd - pre));
  for (const id of aIds) inA[id] = 1;
  const inB = new Uint8Array(inA.length);
  for (let j = pre; j < bEnd; j++) inB[(bIds[j - pre] = idOf(b[j]!))] = 1;
  const keptA: number[] = [];
  const keptB: number[] = [];
  for (let i = 0; i < aIds.length; i++) if (inB[aIds[i]!]) keptA.push(i);
  else removed[pre + i] = 1;
  for (let j = 0; j < bIds.length; j++) if (inA[bIds[j]!]) keptB.push(j);
  else added[pre + j] = 1;
  const ka = Int32Array.from(keptA, (i) => aIds[i]!);
  const kb = Int32Array.from(keptB, (j) => bIds[j]!);
  const pairs = myersMatches(ka, kb, MAX_EDIT_DISTANCE);
  const matchedA = new Uint8Array(ka.length);
  const matchedB = new Uint8Array(kb.length);
  for (const [i, j] of pairs ?? []) {
    matchedA[i] = 1;
    matchedB[j] = 1;
  }
  for (let i = 0; i < ka.length; i++) if (!matchedA[i]) removed[pre + keptA[i]!] = 1;
  for (let j = 0; j < kb.length; j++) if (!matchedB[j]) added[pre + keptB[j]!] = 1;
  return { removed, added };
}

type Op = { kind: ' ' | '-' | '+'; line: number };

/** A unified diff of `before` and `after` (hunks with 3 context lines, `-` before `+`), or '' when equal. */
export function unifiedDiff(before: string, after: string, name = 'file'): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const { removed, added } = changedLines(a.text, b.text);
  // The edit script: within each change, removals first.
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.text.length || j < b.text.length) {
    if (i < a.text.length && removed[i]) ops.push({ kind: '-', line: i++ });
    else if (j < b.text.length && added[j]) ops.push({ kind: '+', line: j++ });
    else {
      // Equal text but a different line ending (the newline added or removed at the end) is a change.
      if (a.terminated[i] !== b.terminated[j]) {
        ops.push({ kind: '-', line: i++ }, { kind: '+', line: j++ });
      } else {
        ops.push({ kind: ' ', line: i++ });
        j++;
      }
    }
  }
  fixOrder(ops);
  const out = [`--- a/${name}`, `+++ b/${name}`];
  // Old and new line numbers before each op.
  const oldAt = new Int32Array(ops.length + 1);
  const newAt = new Int32Array(ops.length + 1);
  for (let k = 0; k < ops.length; k++) {
    oldAt[k + 1] = oldAt[k]! + (ops[k]!.kind === '+' ? 0 : 1);
    newAt[k + 1] = newAt[k]! + (ops[k]!.kind === '-' ? 0 : 1);
  }
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]!.kind === ' ') k++;
    if (k >= ops.length) break;
    const start = Math.max(0, k - CONTEXT);
    // Extend the hunk while the next change is within 2 * CONTEXT equal lines.
    let end = k;
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else {
        end = Math.min(ops.length, end + CONTEXT);
        break;
      }
    }
    const oldLen = oldAt[end]! - oldAt[start]!;
    const newLen = newAt[end]! - newAt[start]!;
    const oldStart = oldLen === 0 ? oldAt[start]! : oldAt[start]! + 1;
    const newStart = newLen === 0 ? newAt[start]! : newAt[start]! + 1;
    out.push(`@@ -${oldStart},${oldLen} +${newStart},${newLen} @@`);
    for (let t = start; t < end; t++) {
      const op = ops[t]!;
      const side = op.kind === '+' ? b : a;
      out.push(op.kind + side.text[op.line]!);
      if (!side.terminated[op.line]) out.push('\\ No newline at end of file');
    }
    k = end;
  }
  return out.join('\n') + '\n';
}

/** Within each run of changes, puts every `-` before every `+` (a line-ending change can interleave them). */
function fixOrder(ops: Op[]): void {
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      k++;
      continue;
    }
    let end = k;
    while (end < ops.length && ops[end]!.kind !== ' ') end++;
    const run = ops.slice(k, end);
    const sorted = [...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+')];
    for (let t = 0; t < sorted.length; t++) ops[k + t] = sorted[t]!;
    k = end;
  }
}
