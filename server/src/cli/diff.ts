// A unified diff of two texts, line by line (Myers' O(ND) algorithm: fixes change few lines,
// so this stays fast on 20,000-line files), with three lines of context like `diff -u`.
// `git apply` accepts the output of `fix --dry-run`.

type Op = { kind: ' ' | '-' | '+'; line: string };

// A last line without a line break differs from the same text with one: it carries this
// marker while lines are compared, and is printed with "\ No newline at end of file".
const NO_EOL = '\u0000no-eol';

export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const hunk of hunks(ops, context)) {
    out.push(hunk.header);
    for (const op of hunk.ops) {
      if (op.line.endsWith(NO_EOL)) out.push(op.kind + op.line.slice(0, -NO_EOL.length), '\\ No newline at end of file');
      else out.push(op.kind + op.line);
    }
  }
  return out.join('\n') + '\n';
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  if (text.endsWith('\n')) return text.slice(0, -1).split('\n');
  const lines = text.split('\n');
  lines[lines.length - 1] += NO_EOL;
  return lines;
}

/** The shortest edit script from `a` to `b`. */
function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[-d-1 .. d+1] as it was before step d: O(D^2) memory, not O(D * (n + m)).
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the path.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const at = (k: number) => vd[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y] });
      else ops.push({ kind: '-', line: a[--x] });
    }
  }
  return ops.reverse();
}

interface IndexedOp extends Op {
  /** Line index in `a` (for ' ' and '-') and in `b` (for ' ' and '+'). */
  index: number;
  indexB: number;
}

function hunks(ops: Op[], context: number): { header: string; ops: IndexedOp[] }[] {
  const indexed: IndexedOp[] = [];
  let ia = 0;
  let ib = 0;
  for (const op of ops) {
    indexed.push({ ...op, index: ia, indexB: ib });
    if (op.kind !== '+') ia++;
    if (op.kind !== '-') ib++;
  }
  const result: { header: string; ops: IndexedOp[] }[] = [];
  let i = 0;
  while (i < indexed.length) {
    if (indexed[i].kind === ' ') {
      i++;
      continue;
    }
    // A change: extend the hunk while the next change is within 2 * context lines.
    const start = Math.max(0, i - context);
    let end = i;
    while (end < indexed.length) {
      if (indexed[end].kind !== ' ') {
        end++;
        continue;
      }
      let run = end;
      while (run < indexed.length && indexed[run].kind === ' ') run++;
      if (run < indexed.length && run - end <= 2 * context) end = run;
      else break;
    }
    const stop = Math.min(indexed.length, end + context);
    const slice = indexed.slice(start, stop);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = oldCount === 0 ? slice[0].index : slice[0].index + 1;
    const newStart = newCount === 0 ? slice[0].indexB : slice[0].indexB + 1;
    result.push({ header: `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ops: slice });
    i = stop;
  }
  return result;
}
