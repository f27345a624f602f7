// Sizes as people read them: decimal units at three significant digits, as `docker history`
// and `docker images` print them (go-units' HumanSizeWithPrecision(size, 3): "524kB",
// "3.15MB") and as the extension's pages and inline sizes show them ("524 kB", "3.15 MB").
// Written here on its own, not taken from the extension, so that a wrong figure on a page
// cannot be matched by the same wrong formatter.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export interface ReadSize {
  value: number;
  unit: string;
}

/** "3.15 MB", "3.15MB", "0B" → { value, unit }; null for anything else. */
export function parseSize(text: string): ReadSize | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|kB|MB|GB|TB)\s*$/.exec(text);
  return match ? { value: Number(match[1]), unit: match[2] } : null;
}

/** Bytes at three significant digits with a decimal unit ("3.15 MB"). */
export function humanSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${UNITS[unit]}`;
}

/** Whether two shown sizes are the same figure (the same number in the same unit). */
export function sameSize(a: string, b: string): boolean {
  const x = parseSize(a);
  const y = parseSize(b);
  return x !== null && y !== null && x.unit === y.unit && x.value === y.value;
}
