// Benchmarks of the container commands against the real engine (issue 3):
//   1. Layer analysis (`save` streamed into the archive reader + wasted space) of a large local
//      image against `docker save IMAGE > /dev/null` alone; peak memory of the analysis for a
//      small and a large image (flat in image size is the target).
//   2. The Build Context Report on a generated tree of 100,000 files (target: under 2 s).
//   3. A naive Dockerfile (examples/node-app) built before and after the engine's fixes.
// Timings are medians of several rounds; wall and CPU time are both given, since this machine
// is shared (the load average is printed).
// Writes BENCHMARKS-container.md (bench/bench.ts owns BENCHMARKS.md).
//   node --import tsx bench/container.ts [--rounds N] [--image-mb N] [--no-write]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCommand, runBuild, runProcess } from '../client/src/container/engine';
import { inspectImage, readSavedImage } from '../client/src/container/images';
import { analyzeLayers } from '../client/src/container/layer-efficiency';
import { resolveBuildContext, scanBuildContext } from '../server/src/analysis/build-context';
import { fixAll } from '../server/src/analysis/engine';
import { allRules } from '../server/src/rules';

const ROOT = resolve(__dirname, '..');
const DOCKER = process.env.DFO_DOCKER || '/usr/bin/docker';
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const ROUNDS = option('--rounds', 3);
const IMAGE_MB = option('--image-mb', 400);
const docker = { kind: 'docker' as const, executable: DOCKER };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const log = (text: string) => console.error(`[bench] ${text}`);

// ------------------------------------------------------------------------------ child mode
// `container.ts analyze IMAGE`: one analysis in a fresh process, for its peak memory.
async function analyzeChild(image: string): Promise<void> {
  const started = performance.now();
  const archive = await readSavedImage(docker, image);
  const report = analyzeLayers(archive.layers);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, totalBytes: report.totalBytes, wastedBytes: report.wastedBytes, layers: archive.layers.length }));
}

function analyzeInChild(image: string): { ms: number; maxRssKb: number; totalBytes: number; wastedBytes: number; layers: number } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'analyze', image], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`analysis failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `docker save IMAGE > /dev/null`, the engine's own floor (no Node in the data path). */
function plainSave(image: string): Promise<number> {
  return new Promise((done, fail) => {
    const devNull = openSync('/dev/null', 'w');
    const started = performance.now();
    const child = spawn(DOCKER, ['save', image], { stdio: ['ignore', devNull, 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => {
      closeSync(devNull);
      if (code === 0) done(performance.now() - started);
      else fail(new Error(`docker save exited ${code}`));
    });
  });
}

async function build(dockerfile: string, files: Record<string, string>, tag: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dfo-bench-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    const result = await runBuild(buildCommand(docker, 'buildkit', { dockerfile: join(dir, 'Dockerfile'), contextDir: dir, tag }), { timeoutMs: 30 * 60_000 });
    if (result.exitCode !== 0) throw new Error(`build of ${tag} failed:\n${result.output.slice(-3000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A large image from generated files in few layers (vfs copies whole layers): many 1 MB files,
// one big file, and a later layer that deletes the big file (known waste).
function largeImageDockerfile(totalMb: number): string {
  const files = Math.max(1, Math.round(totalMb * 0.6));
  const big = Math.max(1, Math.round(totalMb * 0.4));
  return `FROM busybox:1.36
RUN mkdir /data && i=0 && while [ $i -lt ${files} ]; do dd if=/dev/urandom of=/data/f$i bs=1048576 count=1 2>/dev/null; i=$((i+1)); done
RUN dd if=/dev/zero of=/big bs=1048576 count=${big} 2>/dev/null
RUN rm /big
`;
}

async function layerAnalysis(lines: string[]): Promise<void> {
  const large = `dfo-bench-large:${IMAGE_MB}`;
  const small = 'dfo-bench-small:20';
  for (const [tag, size] of [[large, IMAGE_MB], [small, 20]] as const) {
    if ((await runProcess(DOCKER, ['image', 'inspect', tag])).exitCode !== 0) {
      log(`building ${tag} (${size} MB of generated files)`);
      await build(largeImageDockerfile(size), {}, tag);
    }
  }
  const facts = await inspectImage(docker, large);
  const saves: number[] = [];
  const analyses: number[] = [];
  let child = analyzeInChild(small);
  for (let round = 0; round < ROUNDS; round++) {
    saves.push(await plainSave(large));
    child = analyzeInChild(large);
    analyses.push(child.ms);
    log(`round ${round + 1}: save ${saves[round].toFixed(0)} ms, analysis ${analyses[round].toFixed(0)} ms`);
  }
  const smallChild = analyzeInChild(small);
  const smallFacts = await inspectImage(docker, small);
  // The same in-process, for the wasted bytes check.
  const archive = await readSavedImage(docker, large);
  const report = analyzeLayers(archive.layers);
  const expectedWaste = Math.round(IMAGE_MB * 0.4) * 1048576;
  lines.push(
    '## Layer analysis (Show Layer Sizes)',
    '',
    `Image ${large}: ${mb(facts.size)} in ${facts.layerCount} layers; wasted bytes found ${mb(report.wastedBytes)} (the deleted file: ${mb(expectedWaste)}, ${report.wastedBytes === expectedWaste ? 'exact' : 'MISMATCH'}).`,
    '',
    '| | median of ' + ROUNDS + ' | ratio |',
    '|---|---|---|',
    `| \`docker save IMAGE > /dev/null\` | ${median(saves).toFixed(0)} ms | 1.00x |`,
    `| \`docker save\` streamed into the archive reader + wasted space | ${median(analyses).toFixed(0)} ms | ${(median(analyses) / median(saves)).toFixed(2)}x (target ≤ 1.2x) |`,
    '',
    '| image | size | peak RSS of the analysis process |',
    '|---|---|---|',
    `| ${small} | ${mb(smallFacts.size)} | ${(smallChild.maxRssKb / 1024).toFixed(0)} MiB |`,
    `| ${large} | ${mb(facts.size)} | ${(child.maxRssKb / 1024).toFixed(0)} MiB |`,
    '',
  );
}

async function contextReport(lines: string[]): Promise<void> {
  const root = join(tmpdir(), 'dfo-bench-context-100k');
  if (!existsSync(join(root, 'Dockerfile'))) {
    log('generating a 100,000-file tree');
    rmSync(root, { recursive: true, force: true });
    let n = 0;
    for (let a = 0; a < 100; a++) {
      for (let b = 0; b < 10; b++) {
        const dir = join(root, a % 10 === 0 ? `node_modules/p${a}` : `src/m${a}`, `d${b}`);
        mkdirSync(dir, { recursive: true });
        for (let c = 0; c < 100; c++, n++) writeFileSync(join(dir, `f${c}.${c % 7 === 0 ? 'log' : 'js'}`), 'x'.repeat(c * 10));
      }
    }
    writeFileSync(join(root, '.dockerignore'), '**/node_modules\n**/*.log\n!src/m1/d1/f0.log\n.git\n');
    writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
  }
  const walls: number[] = [];
  const cpu: number[] = [];
  let last;
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    const started = performance.now();
    last = await scanBuildContext(resolveBuildContext(join(root, 'Dockerfile')));
    walls.push(performance.now() - started);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  lines.push(
    '## Build Context Report',
    '',
    `A generated tree of ${last!.all.files.toLocaleString('en')} files (10% under node_modules, every 7th a .log), .dockerignore with an exception: ${last!.sent.files.toLocaleString('en')} files sent.`,
    '',
    `| | median of ${ROUNDS} |`,
    '|---|---|',
    `| wall time | ${median(walls).toFixed(0)} ms (target < 2000 ms) |`,
    `| CPU time | ${median(cpu).toFixed(0)} ms |`,
    '',
  );
}

async function naiveFixture(lines: string[]): Promise<void> {
  const dir = join(ROOT, 'examples', 'node-app');
  const original = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const fixed = fixAll(original, { rules: allRules }).text;
  const files: Record<string, string> = {};
  for (const name of ['package.json', 'package-lock.json', 'server.js']) files[name] = readFileSync(join(dir, name), 'utf8');
  const sizes: number[] = [];
  for (const [text, tag] of [[original, 'dfo-bench-naive:before'], [fixed, 'dfo-bench-naive:after']] as const) {
    await build(text, files, tag);
    sizes.push((await inspectImage(docker, tag)).size);
    await runProcess(DOCKER, ['rmi', '-f', tag]);
  }
  lines.push(
    '## A naive Dockerfile before and after the fixes',
    '',
    'examples/node-app/Dockerfile, built for real (base images are the local BusyBox stand-ins of scripts/ci/engine.sh, so absolute sizes are small; the difference is what the fixes change):',
    '',
    '| | image size |',
    '|---|---|',
    `| before | ${sizes[0].toLocaleString('en')} B |`,
    `| after \`fix --all\` | ${sizes[1].toLocaleString('en')} B |`,
    '',
    '```dockerfile',
    fixed.trimEnd(),
    '```',
    '',
  );
}

async function main(): Promise<void> {
  if (argv[0] === 'analyze') return analyzeChild(argv[1]);
  const version = await runProcess(DOCKER, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 5000 });
  if (version.exitCode !== 0) {
    console.log(`SKIP container benchmarks: no engine (${DOCKER} version failed; run scripts/ci/engine.sh)`);
    return;
  }
  const lines = [
    '# Container commands: benchmarks',
    '',
    `Engine ${version.stdout.trim()} (vfs), ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average at start ${loadavg()[0].toFixed(1)}. Written by \`node --import tsx bench/container.ts\`.`,
    '',
  ];
  await contextReport(lines);
  await layerAnalysis(lines);
  await naiveFixture(lines);
  const text = lines.join('\n');
  console.log(text);
  if (!argv.includes('--no-write')) writeFileSync(join(ROOT, 'BENCHMARKS-container.md'), text);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

