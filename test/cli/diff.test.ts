// `fix --dry-run`'s unified diff: exact output for small cases, and for random edits of real-
// looking texts, the patch applies (with `git apply`, when git is installed) to the new text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unifiedDiff } from '../../server/src/cli/diff';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', 'a/x', 'b/x'), '');
  });

  it('keeps three lines of context and splits distant changes into hunks', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n';
    const after = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n';
    assert.equal(
      unifiedDiff(before, after, 'a/x', 'b/x'),
      ['--- a/x', '+++ b/x', '@@ -1,5 +1,5 @@', ' a', '-b', '+B', ' c', ' d', ' e', '@@ -9,3 +9,4 @@', ' i', ' j', ' k', '+l', ''].join('\n'),
    );
  });

  it('joins changes closer than twice the context into one hunk', () => {
    const before = '1\n2\n3\n4\n5\n6\n7\n8\n';
    const after = '1\nX\n3\n4\n5\n6\nY\n8\n';
    assert.equal(
      unifiedDiff(before, after, 'a/x', 'b/x'),
      ['--- a/x', '+++ b/x', '@@ -1,8 +1,8 @@', ' 1', '-2', '+X', ' 3', ' 4', ' 5', ' 6', '-7', '+Y', ' 8', ''].join('\n'),
    );
  });

  it('marks a missing newline at the end of file', () => {
    assert.equal(
      unifiedDiff('FROM a\nRUN x', 'FROM a\nRUN y', 'a/x', 'b/x'),
      ['--- a/x', '+++ b/x', '@@ -1,2 +1,2 @@', ' FROM a', '-RUN x', '\\ No newline at end of file', '+RUN y', '\\ No newline at end of file', ''].join('\n'),
    );
  });

  it('produces patches that git apply turns into the new text (random edits)', (t) => {
    if (spawnSync('git', ['--version']).error) return t.skip('git is not installed');
    const dir = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-diff-'));
    try {
      let seed = 42;
      const random = (n: number) => {
        // mulberry32: a small seeded generator, so failures reproduce
        seed = (seed + 0x6d2b79f5) | 0;
        let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
        return (((x ^ (x >>> 14)) >>> 0) / 4294967296) * n | 0;
      };
      const vocabulary = ['FROM node:20', 'RUN npm ci', 'COPY . .', 'WORKDIR /app', '', 'USER node', 'EXPOSE 3000', 'RUN apt-get update'];
      for (let round = 0; round < 200; round++) {
        const lines = Array.from({ length: 1 + random(40) }, () => vocabulary[random(vocabulary.length)]);
        const edited = [...lines];
        for (let e = random(6); e >= 0; e--) {
          const at = random(edited.length + 1);
          const kind = random(3);
          if (kind === 0) edited.splice(at, 0, `RUN echo ${round}-${e}`);
          else if (kind === 1 && edited.length > 1) edited.splice(Math.min(at, edited.length - 1), 1);
          else edited[Math.min(at, edited.length - 1)] += ' --changed';
        }
        const before = lines.join('\n') + (random(4) ? '\n' : '');
        const after = edited.join('\n') + (random(4) ? '\n' : '');
        writeFileSync(join(dir, 'Dockerfile'), before);
        const patch = unifiedDiff(before, after, 'a/Dockerfile', 'b/Dockerfile');
        if (before === after) continue;
        const git = spawnSync('git', ['apply', '--unidiff-zero', '-'], { cwd: dir, input: patch, encoding: 'utf8' });
        assert.equal(git.status, 0, `round ${round}: git apply failed: ${git.stderr}\n${patch}`);
        assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), after, `round ${round}\n${patch}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
