// The fixes of the hadolint/BuildKit parity rules, built for real: each fixed Dockerfile builds
// and gives the image the original meant (same command, labels, environment, working
// directory), and where the fix is meant to change the outcome (pipefail, a COPY that could not
// build) the real build shows it. Needs the local Docker engine (bash scripts/ci/engine.sh):
// skips without it, fails under CI=true.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '../../server/src/analysis/rule';
import { cdInsteadOfWorkdir } from '../../server/src/rules/cd-instead-of-workdir';
import { copyDestSlash } from '../../server/src/rules/copy-dest-slash';
import { exposeInvalidFormat } from '../../server/src/rules/expose-invalid-format';
import { legacyKeyValue } from '../../server/src/rules/legacy-key-value';
import { maintainerDeprecated } from '../../server/src/rules/maintainer-deprecated';
import { multipleInstructions } from '../../server/src/rules/multiple-instructions';
import { noSudo } from '../../server/src/rules/no-sudo';
import { pipefail } from '../../server/src/rules/pipefail';
import { redundantTargetPlatform } from '../../server/src/rules/redundant-target-platform';
import { stageNameCasing } from '../../server/src/rules/stage-name-casing';
import { useraddLargeUid } from '../../server/src/rules/useradd-large-uid';
import { buildDockerfile, requireEngineOrSkip, type BuildResult } from '../support/engine';
import { fixWith } from '../support/rule-tester';

async function buildBoth(t: Parameters<typeof requireEngineOrSkip>[0], rule: Rule, dockerfile: string, files: Record<string, string> = {}) {
  const fixed = fixWith(rule, dockerfile);
  assert.notEqual(fixed, dockerfile, 'a fix is offered');
  if (!(await requireEngineOrSkip(t))) return null;
  const [before, after] = [await buildDockerfile(dockerfile, files), await buildDockerfile(fixed, files)];
  return { fixed, before, after };
}

const built = (result: BuildResult) => assert.ok(result.ok, result.output.slice(-3000));

describe('parity fixes, built with a real engine', () => {
  it('pipefail: a failing command before a pipe now fails the build; other instructions keep /bin/sh', async (t) => {
    const both = await buildBoth(t, pipefail, 'FROM debian:bookworm\nRUN false | cat\nCMD echo done\n');
    if (!both) return;
    built(both.before);
    assert.equal(both.after.ok, false, 'with pipefail the hidden failure stops the build');
    const good = await buildDockerfile(fixWith(pipefail, 'FROM debian:bookworm\nRUN echo ok | cat > /ok\nCMD echo done\n'));
    built(good);
    assert.deepEqual(good.config?.Shell ?? null, ['/bin/sh', '-c'], 'the image keeps /bin/sh for its CMD');
    assert.deepEqual(good.config?.Cmd, ['/bin/sh', '-c', 'echo done']);
  });

  it('pipefail on Alpine uses ash', async (t) => {
    const both = await buildBoth(t, pipefail, 'FROM alpine:3.20 AS build\nRUN false | cat\n');
    if (!both) return;
    built(both.before);
    assert.equal(both.after.ok, false);
  });

  it('cd-instead-of-workdir: the command runs in the same directory, the image keeps its WORKDIR', async (t) => {
    const both = await buildBoth(t, cdInsteadOfWorkdir, 'FROM debian:bookworm\nWORKDIR /app\nRUN cd /tmp && test "$(pwd)" = /tmp && touch marker\nRUN test -f /tmp/marker && test "$(pwd)" = /app\n');
    if (!both) return;
    built(both.before);
    built(both.after);
    assert.equal(both.after.config?.WorkingDir, '/app');
    assert.equal(both.before.config?.WorkingDir, '/app');
  });

  it('maintainer-deprecated: the author moves to the OCI label', async (t) => {
    const both = await buildBoth(t, maintainerDeprecated, 'FROM busybox:1.36\nMAINTAINER Jane Doe <jane@example.com>\n');
    if (!both) return;
    built(both.after);
    assert.equal(both.after.config?.Labels?.['org.opencontainers.image.authors'], 'Jane Doe <jane@example.com>');
  });

  it('legacy-key-value: the same values, spaces included', async (t) => {
    const both = await buildBoth(t, legacyKeyValue, 'FROM busybox:1.36\nENV GREETING hello   big world\nLABEL description a label\n');
    if (!both) return;
    built(both.before);
    built(both.after);
    const env = (r: BuildResult) => r.config?.Env?.find((e) => e.startsWith('GREETING='));
    assert.equal(env(both.after), env(both.before));
    assert.equal(both.after.config?.Labels?.description, both.before.config?.Labels?.description);
  });

  it('multiple-instructions: the image keeps the CMD and HEALTHCHECK that were in effect', async (t) => {
    const both = await buildBoth(t, multipleInstructions, 'FROM busybox:1.36\nCMD ["first"]\nHEALTHCHECK CMD ["a"]\nCMD ["second"]\nHEALTHCHECK CMD ["b"]\n');
    if (!both) return;
    built(both.after);
    assert.deepEqual(both.after.config?.Cmd, both.before.config?.Cmd);
    assert.deepEqual(both.after.config?.Healthcheck, both.before.config?.Healthcheck);
  });

  it('expose-invalid-format: the same exposed port', async (t) => {
    const both = await buildBoth(t, exposeInvalidFormat, 'FROM busybox:1.36\nEXPOSE 8080:80/udp\n');
    if (!both) return;
    built(both.after);
    assert.deepEqual(Object.keys(both.after.config?.ExposedPorts ?? {}), ['80/udp']);
    if (both.before.ok) assert.deepEqual(both.after.config?.ExposedPorts, both.before.config?.ExposedPorts);
  });

  it('copy-dest-slash: a COPY of several files that could not build now does', async (t) => {
    const both = await buildBoth(t, copyDestSlash, 'FROM busybox:1.36\nCOPY a.txt b.txt /app\nRUN test -f /app/a.txt && test -f /app/b.txt\n', { 'a.txt': 'a', 'b.txt': 'b' });
    if (!both) return;
    assert.equal(both.before.ok, false);
    built(both.after);
  });

  it('no-sudo: a root step without sudo installed now builds', async (t) => {
    const both = await buildBoth(t, noSudo, 'FROM debian:bookworm\nRUN sudo mkdir /data\n');
    if (!both) return;
    assert.equal(both.before.ok, false, 'the base has no sudo');
    built(both.after);
  });

  it('useradd-large-uid: the user is created the same', async (t) => {
    const both = await buildBoth(t, useraddLargeUid, 'FROM debian:bookworm\nRUN useradd -u 1000000 app\nUSER app\n');
    if (!both) return;
    built(both.before);
    built(both.after);
    assert.equal(both.after.config?.User, 'app');
  });

  it('redundant-target-platform and stage-name-casing: the same image from the renamed stages', async (t) => {
    const dockerfile = 'FROM --platform=$TARGETPLATFORM busybox:1.36 AS Build\nRUN echo built > /out\nFROM busybox:1.36\nCOPY --from=Build /out /out\n';
    const fixed = fixWith(stageNameCasing, fixWith(redundantTargetPlatform, dockerfile));
    assert.equal(fixed, 'FROM busybox:1.36 AS build\nRUN echo built > /out\nFROM busybox:1.36\nCOPY --from=build /out /out\n');
    if (!(await requireEngineOrSkip(t))) return;
    built(await buildDockerfile(fixed));
  });
});
