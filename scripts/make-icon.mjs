// Draws images/icon.png (128x128): three image layers that shrink from bottom to top on a
// blue tile, with a green check. Pure Node (zlib) so it runs anywhere: node scripts/make-icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges

function roundedRect(x, y, left, top, width, height, radius) {
  const cx = Math.max(left + radius, Math.min(x, left + width - radius));
  const cy = Math.max(top + radius, Math.min(y, top + height - radius));
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 && x >= left && x <= left + width && y >= top && y <= top + height;
}

function nearSegment(x, y, [x1, y1], [x2, y2], halfWidth) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= halfWidth ** 2;
}

// Layers first; later shapes paint over earlier ones.
const shapes = [
  { color: [255, 255, 255], inside: (x, y) => roundedRect(x, y, 20, 86, 88, 18, 5) },
  { color: [255, 255, 255], inside: (x, y) => roundedRect(x, y, 20, 62, 64, 18, 5) },
  { color: [255, 255, 255], inside: (x, y) => roundedRect(x, y, 20, 38, 40, 18, 5) },
  { color: [46, 204, 113], inside: (x, y) => (x - 92) ** 2 + (y - 40) ** 2 <= 22 ** 2 },
  { color: [255, 255, 255], inside: (x, y) => nearSegment(x, y, [81, 40], [89, 49], 3.2) || nearSegment(x, y, [89, 49], [103, 31], 3.2) },
];

function pixel(x, y) {
  const tile = roundedRect(x, y, 0, 0, SIZE, SIZE, 22);
  if (!tile) return [0, 0, 0, 0];
  const shade = y / SIZE; // a light top-to-bottom gradient
  let color = [Math.round(29 - 10 * shade), Math.round(99 - 30 * shade), Math.round(237 - 50 * shade)];
  for (const shape of shapes) if (shape.inside(x, y)) color = shape.color;
  return [...color, 255];
}

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const [r, g, b, a] = pixel(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        sum[0] += r * a; sum[1] += g * a; sum[2] += b * a; sum[3] += a;
      }
    }
    const alpha = sum[3] / (SAMPLES * SAMPLES);
    const at = 1 + x * 4;
    for (let c = 0; c < 3; c++) row[at + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
    row[at + 3] = Math.round(alpha);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
console.log(`images/icon.png: ${png.length} bytes`);
