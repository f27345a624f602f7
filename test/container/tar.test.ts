import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TarReader, type TarEntry } from '../../client/src/container/tar';

// Archives made by GNU tar in its three header styles, read back in chunks of every size.
function makeTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dfo-tar-'));
  const longDir = join(dir, 'tree', 'a'.repeat(60), 'b'.repeat(60));
  mkdirSync(longDir, { recursive: true });
  writeFileSync(join(longDir, 'c'.repeat(40) + '.txt'), 'x'.repeat(1000));
  writeFileSync(join(dir, 'tree', 'small'), 'hi');
  writeFileSync(join(dir, 'tree', 'empty'), '');
  symlinkSync('small', join(dir, 'tree', 'link'));
  return dir;
}

function read(archive: Buffer, chunkSize: number) {
  const entries: (TarEntry & { content: number })[] = [];
  const reader = new TarReader({
    onEntry: (entry) => entries.push({ ...entry, content: 0 }),
    onData: (chunk) => (entries[entries.length - 1].content += chunk.length),
  });
  for (let at = 0; at < archive.length; at += chunkSize) reader.write(archive.subarray(at, at + chunkSize));
  assert.ok(reader.finished, 'end-of-archive seen');
  return entries;
}

describe('TarReader', () => {
  const dir = makeTree();
  for (const format of ['gnu', 'pax', 'ustar']) {
    it(`reads ${format} archives with long names, links and empty files in any chunking`, () => {
      const archive = execFileSync('tar', ['-C', dir, `--format=${format}`, '-cf', '-', 'tree']);
      for (const size of [1, 7, 511, 512, 513, 4096, archive.length]) {
        const entries = read(archive, size);
        const long = entries.find((e) => e.path.endsWith('.txt'))!;
        assert.equal(long.path, `tree/${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(40)}.txt`);
        assert.equal(long.size, 1000);
        assert.equal(long.content, 1000);
        assert.equal(entries.find((e) => e.path === 'tree/small')!.content, 2);
        assert.equal(entries.find((e) => e.path === 'tree/empty')!.size, 0);
        const link = entries.find((e) => e.path === 'tree/link')!;
        assert.equal(link.type, '2');
        assert.equal(link.linkName, 'small');
      }
    });
  }
  it('cleans up', () => rmSync(dir, { recursive: true, force: true }));
});
