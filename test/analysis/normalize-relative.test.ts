// normalizeRelative's shortcut (paths without empty, `.` or `..` segments only lose their outer
// slashes) must give what the segment-by-segment walk gives, which is kept here as the reference.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRelative } from '../../server/src/analysis/dependency-installs';

function walked(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

/** Every path of up to four pieces from those where the walk has its cases. */
function paths(): string[] {
  const pieces = ['', '/', '.', '..', 'a', '.a', 'a.', '...', 'b.txt', '//', './', '../'];
  let found = [''];
  const all = new Set(found);
  for (let length = 0; length < 4; length++) {
    found = found.flatMap((path) => pieces.map((piece) => path + piece));
    for (const path of found) all.add(path);
  }
  return [...all];
}

describe('normalizeRelative', () => {
  it('gives what the segment walk gives for every path of up to four pieces', () => {
    const all = paths();
    assert.ok(all.length > 5_000);
    for (const path of all) assert.equal(normalizeRelative(path), walked(path), JSON.stringify(path));
  });

  it('drops the outer slashes, empty and `.` segments, and resolves `..` where it can', () => {
    assert.equal(normalizeRelative('/usr/src/app/'), 'usr/src/app');
    assert.equal(normalizeRelative('./app/../lib//x'), 'lib/x');
    assert.equal(normalizeRelative('../a'), '../a');
    assert.equal(normalizeRelative('/'), '');
  });
});
