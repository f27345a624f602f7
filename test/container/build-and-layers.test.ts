// Real builds through the engine runner (docker with BuildKit and with the legacy builder,
// and podman for the engine setting `podman`): a failing build maps to its Dockerfile line,
// and layer rows read from `save` match the engine's `history` and the Dockerfile's lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { buildCommand, detectEngine, runBuild, DEFAULT_ENGINE_SETTINGS, type EngineInfo } from '../../client/src/container/engine';
import { buildKitRequirement, findFailingStep, squash } from '../../client/src/container/build-output';
import { inspectImage, layerSizes, lineSizes, readHistory, readSavedImage } from '../../client/src/container/images';
import type { BuilderKind } from '../../server/src/analysis/build-context';
import { DockerfileModel } from '../../server/src/analysis/model';
import { DOCKER, requireEngineOrSkip } from '../support/engine';

const FAILING = `FROM busybox:1.36 AS a
RUN touch /m
RUN echo checking && \\
    test -f /m

FROM busybox:1.36 AS b
COPY --from=a /m /from-a
WORKDIR /x
# the next RUN fails: /m exists only in stage a
RUN echo checking && \\
    # a comment line inside the continuation
    test -f /m
CMD ["sh"]
`;
const FAILING_LINE = 9; // zero-based line of the failing RUN in stage b (the same command passes in stage a)

const MISSING_COPY = `FROM busybox:1.36
WORKDIR /app
COPY present.txt ./
COPY missing.txt ./
`;

const KB = 1024;
const LAYERED = `FROM busybox:1.36 AS build
WORKDIR /app
COPY data.bin /app/data.bin
RUN dd if=/dev/zero of=/app/tmp.bin bs=1024 count=200
RUN rm /app/tmp.bin
ENV X=1

FROM build
RUN echo done > /done
CMD ["sh"]
`;

interface Built {
  ok: boolean;
  output: string;
  imageId: string;
}

async function build(engine: Pick<EngineInfo, 'kind' | 'executable'>, builder: BuilderKind, text: string, files: Record<string, string | Buffer>, tag: string): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'dfo-build-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), text);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const iid = join(dir, 'iid');
    const command = buildCommand(engine, builder, { dockerfile: join(dir, 'Dockerfile'), contextDir: dir, tag, iidFile: iid }, engine.kind === 'podman' ? ['--pull=never'] : []);
    const result = await runBuild(command, { timeoutMs: 240_000 });
    let imageId = '';
    try {
      imageId = readFileSync(iid, 'utf8').trim();
    } catch {
      // no image on failure
    }
    return { ok: result.exitCode === 0, output: result.output, imageId };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function podmanOrSkip(t: TestContext): Promise<EngineInfo | undefined> {
  const detection = await detectEngine({ ...DEFAULT_ENGINE_SETTINGS, path: 'podman' });
  if (detection.ok) return detection.engine;
  if (process.env.CI === 'true') assert.fail(`podman unavailable under CI=true: ${detection.message} (scripts/ci/engine.sh installs it with INSTALL_PODMAN=1)`);
  t.skip(`podman unavailable: ${detection.message}`);
  return undefined;
}

const docker = { kind: 'docker' as const, executable: DOCKER };
const removeImage = (program: string, tag: string) => spawnSync(program, ['rmi', '-f', tag], { stdio: 'ignore' });

describe('a failing build maps to its Dockerfile line', { timeout: 600_000 }, () => {
  const model = new DockerfileModel(FAILING);
  for (const builder of ['buildkit', 'legacy'] as BuilderKind[]) {
    it(`docker ${builder}: RUN with continuation and comment, same text passing in another stage`, async (t) => {
      if (!(await requireEngineOrSkip(t))) return;
      const result = await build(docker, builder, FAILING, {}, `dfo-fail-test:${process.pid}`);
      assert.equal(result.ok, false, result.output);
      const step = findFailingStep(result.output, model);
      assert.equal(step.line, FAILING_LINE, `${JSON.stringify(step)}\n${result.output}`);
      assert.match(step.reason, /exit code: 1|non-zero code: 1/);
      t.diagnostic(`${builder}: line ${step.line! + 1}: ${step.reason}`);
    });
  }
  it('docker buildkit and legacy: a COPY of a missing file', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const missing = new DockerfileModel(MISSING_COPY);
    for (const builder of ['buildkit', 'legacy'] as BuilderKind[]) {
      const result = await build(docker, builder, MISSING_COPY, { 'present.txt': 'here\n' }, `dfo-fail-test:${process.pid}`);
      assert.equal(result.ok, false);
      const step = findFailingStep(result.output, missing);
      assert.equal(step.line, 3, `${builder}: ${JSON.stringify(step)}\n${result.output}`);
      assert.match(step.reason, /missing\.txt/);
    }
  });
  it('docker buildkit and legacy: a parse error and a base image that cannot be pulled', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const parse = 'FROM busybox:1.36\nRUN true\nRUNN oops\n';
    const missingBase = 'FROM busybox:1.36 AS a\nRUN true\n\nFROM nope-image-dfo:1\nCOPY --from=a /bin/sh /sh\n';
    for (const builder of ['buildkit', 'legacy'] as BuilderKind[]) {
      const parsed = await build(docker, builder, parse, {}, `dfo-fail-test:${process.pid}`);
      const parseStep = findFailingStep(parsed.output, new DockerfileModel(parse));
      assert.equal(parseStep.line, 2, `${builder}: ${JSON.stringify(parseStep)}\n${parsed.output}`);
      assert.match(parseStep.reason, /unknown instruction: RUNN/);
      const pulled = await build(docker, builder, missingBase, {}, `dfo-fail-test:${process.pid}`);
      assert.equal(pulled.ok, false);
      const pullStep = findFailingStep(pulled.output, new DockerfileModel(missingBase));
      assert.equal(pullStep.line, 3, `${builder}: ${JSON.stringify(pullStep)}\n${pulled.output}`);
    }
  });
  it('podman: the same failing RUN', async (t) => {
    const podman = await podmanOrSkip(t);
    if (!podman) return;
    const text = FAILING.replaceAll('busybox:1.36', 'localhost/busybox:1.36');
    const result = await build(podman, 'podman', text, {}, `localhost/dfo-fail-test:${process.pid}`);
    assert.equal(result.ok, false, result.output);
    const step = findFailingStep(result.output, new DockerfileModel(text));
    assert.equal(step.line, FAILING_LINE, `${JSON.stringify(step)}\n${result.output}`);
  });
});

describe('failing-step parsing of other output forms', () => {
  it('uses `Dockerfile:N` when newer BuildKit prints it', () => {
    const output = '#9 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2\n------\n > [build 4/6] RUN make:\n------\nDockerfile:5\n--------------------\n   4 |     COPY . .\n   5 | >>> RUN make\n--------------------\nERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2\n';
    const step = findFailingStep(output, new DockerfileModel('FROM x AS build\nWORKDIR /a\nRUN make\nCOPY . .\nRUN make\n'));
    assert.equal(step.line, 4);
    assert.equal(step.reason, 'process "/bin/sh -c make" did not complete successfully: exit code: 2');
  });
  it('squashes continuations and comment lines like engines print them', () => {
    assert.equal(squash('RUN a && \\\n    # note\n    b'), 'RUN a && b');
  });
  it('names what needs BuildKit', () => {
    assert.equal(buildKitRequirement(new DockerfileModel('FROM x\nRUN --mount=type=cache,target=/c make\n')), 'line 2: RUN --mount');
    assert.equal(buildKitRequirement(new DockerfileModel('FROM x\nCOPY --link a b\n')), 'line 2: COPY --link');
    assert.equal(buildKitRequirement(new DockerfileModel('FROM x\nCOPY --chown=1 a b\nRUN make\n')), null);
  });
});

describe('layer rows match the engine history and the Dockerfile lines', { timeout: 600_000 }, () => {
  const model = new DockerfileModel(LAYERED);
  const data = Buffer.alloc(10_000, 7);
  const lineOf = (prefix: string) => LAYERED.split('\n').findIndex((line) => line.startsWith(prefix));
  const tags: [string, string][] = [];
  after(() => tags.forEach(([program, tag]) => removeImage(program, tag)));

  for (const builder of ['buildkit', 'legacy'] as BuilderKind[]) {
    it(`docker ${builder}`, async (t) => {
      if (!(await requireEngineOrSkip(t))) return;
      const tag = `dfo-layers-test-${builder}:${process.pid}`;
      tags.push([DOCKER, tag]);
      const built = await build(docker, builder, LAYERED, { 'data.bin': data }, tag);
      assert.ok(built.ok, built.output);
      const archive = await readSavedImage(docker, tag);
      const report = layerSizes(tag, archive, model, model.finalStage);
      const history = await readHistory(docker, tag);
      const facts = await inspectImage(docker, tag);

      // Count and sizes: one row per history row, the same size in each.
      assert.equal(report.rows.length, history.length);
      assert.deepEqual(report.rows.map((row) => row.size), history.map((row) => row.size));
      assert.equal(report.total.layers, facts.layerCount);
      assert.equal(report.total.bytes, facts.size);
      // Lines.
      const line = (keyword: string) => report.rows.find((row) => row.createdBy.includes(keyword))?.line;
      assert.equal(line('dd if=/dev/zero'), lineOf('RUN dd'));
      assert.equal(line('rm /app/tmp.bin'), lineOf('RUN rm'));
      assert.equal(line('echo done'), lineOf('RUN echo done'));
      const copyRow = report.rows.find((row) => row.size === data.length);
      assert.equal(copyRow?.line, lineOf('COPY data.bin'));
      assert.deepEqual(report.rows.filter((row) => row.base).map((row) => row.line), [null]);
      assert.equal(report.base.layers, 1);
      // Wasted space: the 200 KiB written then removed.
      assert.equal(report.wastedBytes, 200 * KB);
      assert.equal(report.rows.find((row) => row.line === lineOf('RUN dd'))?.wastedBytes, 200 * KB);
      assert.deepEqual(report.rows.find((row) => row.line === lineOf('RUN dd'))?.largestFiles[0], { path: 'app/tmp.bin', size: 200 * KB });
      // Inline sizes from history alone agree with the rows.
      const inline = lineSizes(model, model.finalStage, history);
      assert.equal(inline.find((entry) => entry.line === lineOf('RUN dd'))?.bytes, 200 * KB);
      assert.equal(inline.find((entry) => entry.line === lineOf('COPY data.bin'))?.bytes, data.length);
    });
  }

  it('podman: build, history and save for the engine setting `podman`', async (t) => {
    const podman = await podmanOrSkip(t);
    if (!podman) return;
    assert.equal(podman.kind, 'podman');
    const text = LAYERED.replaceAll('busybox:1.36', 'localhost/busybox:1.36');
    const podmanModel = new DockerfileModel(text);
    const tag = `localhost/dfo-layers-test:${process.pid}`;
    tags.push([podman.executable, tag]);
    const built = await build(podman, 'podman', text, { 'data.bin': data }, tag);
    assert.ok(built.ok, built.output);
    const archive = await readSavedImage(podman, tag);
    const report = layerSizes(tag, archive, podmanModel, podmanModel.finalStage);
    const history = await readHistory(podman, tag);
    assert.equal(report.rows.length, history.length);
    // Podman reports each layer's tar size (headers and padding included): at least the file
    // bytes, and at most a few blocks more per entry.
    report.rows.forEach((row, i) => {
      assert.ok(history[i].size >= row.size, `row ${i}: podman ${history[i].size} < files ${row.size}`);
      assert.ok(history[i].size <= row.size + (row.fileCount + 8) * 1536 + 10240, `row ${i}: podman ${history[i].size} vs files ${row.size}`);
    });
    const line = (keyword: string) => report.rows.find((row) => row.createdBy.includes(keyword))?.line;
    assert.equal(line('dd if=/dev/zero'), lineOf('RUN dd'));
    assert.equal(line('echo done'), lineOf('RUN echo done'));
    assert.equal(report.rows.find((row) => row.size === data.length)?.line, lineOf('COPY data.bin'));
    assert.equal(report.wastedBytes, 200 * KB);
  });
});
