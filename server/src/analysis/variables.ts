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
  // Case-only differences, one or two edits in names long enough for that to mean a typo.
  const limit = name.length <= 3 ? 0 : name.length < 10 ? 1 : 2;
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps).
 * Stops early and returns `cap` once the distance is known to reach it.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous2 = new Int32Array(b.length + 1);
  let previous = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= cap) return cap;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[b.length];
}
