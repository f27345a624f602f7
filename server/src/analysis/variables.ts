// Variable references in Dockerfile words as BuildKit's word expansion reads them: `$name` and
// `${name}` / `${name:-default}` / `${name:+alt}`, not inside single quotes and not after a
// backslash. Also the build arguments BuildKit defines by itself, and a near-miss finder for
// "did you mean" hints.

export interface VariableRef {
  name: string;
  /** Offsets of `$...` in the text. */
  start: number;
  end: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Every variable the text refers to, in order. `escapeChar` escapes a `$`, like `\`. */
export function variableRefs(text: string, escapeChar = '\\'): VariableRef[] {
  const refs: VariableRef[] = [];
  if (!text.includes('$')) return refs;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escapeChar || c === '\\') {
      i++;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = null;
      continue;
    }
    if (c === "'" && quote === null) {
      quote = "'";
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? null : '"';
      continue;
    }
    if (c !== '$') continue;
    if (text[i + 1] === '{') {
      let j = i + 2;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      const name = text.slice(i + 2, j);
      let close = text.indexOf('}', j);
      if (close === -1) close = text.length - 1;
      if (name && NAME_START.test(name[0])) refs.push({ name, start: i, end: close + 1 });
      // A default or alternative word can refer to variables too: `${a:-$b}`.
      const inner = text.slice(j, close);
      for (const ref of variableRefs(inner, escapeChar)) refs.push({ name: ref.name, start: j + ref.start, end: j + ref.end });
      i = close;
    } else if (NAME_START.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      refs.push({ name: text.slice(i + 1, j), start: i, end: j });
      i = j - 1;
    }
  }
  return refs;
}

/** Build arguments BuildKit defines for every build, with the values a linux/amd64 build gets. */
export const AUTOMATIC_PLATFORM_ARGS: ReadonlyMap<string, string> = new Map([
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
  ['TARGETSTAGE', ''],
]);

/** Build arguments every RUN sees without an ARG line (proxies). */
export const PREDEFINED_ARGS: readonly string[] = [
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
];

/** The candidate closest to `name` (Damerau-Levenshtein), when it is close enough to be a typo. */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Case-only differences, one or two edits in names long enough for that to mean a typo.
  const limit = name.length <= 3 ? 0 : name.length < 10 ? 1 : 2;
  return best !== null && bestDistance <= limit ? best : null;
}

/** Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
