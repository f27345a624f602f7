// `npm run bench`: how fast the engine is next to its floor and its peers, in one run.
//   1. In one process, over ../shared/corpus/real and ../shared/corpus/large: our full check
//      (every rule on) vs a dockerfile-ast parse alone (the floor) vs dockerfile-utils validate
//      vs dockerfilelint. Median time per round over several rounds, lines per ms, ratios.
//   2. Whole processes over corpus/real: our CLI (worker threads on every core, one thread, and
//      without its code cache) vs one Node process running dockerfile-utils' validator over the
//      same files.
//   3. Keystroke-to-diagnostics latency on the 5,000- and 20,000-line files: edits in a middle
//      stage, analyze() with a persistent ParseCache per document as the language server does,
//      timed from the change (no debounce).
// Prints a markdown report and writes it to BENCHMARKS.md with the machine's description.
// It runs bundled (dist/bench.js, built by `npm run bench`) like the shipped server and CLI:
//   npm run bench [-- --rounds N] [--edits N] [--no-write] [--latency-only] [--one-process-only]
// BENCH_ROUNDS=1 prints every round's time per tool (stderr), to see how steady a run was.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { effectiveLevel } from '../server/src/analysis/config';
import { analyze, analyzeModel, type AnalyzeOptions } from '../server/src/analysis/engine';
import { DockerfileModel, ParseCache } from '../server/src/analysis/model';
import { findShellcheck } from '../server/src/analysis/shellcheck';
import { CODE_CACHE_ENV } from '../server/src/cli/code-cache';
import { defaultThreads } from '../server/src/cli/pool';
import { SERVER_EXEC_ARGV } from '../server/src/lsp/node-options';
import { editableLines, insertAt } from './keystroke-edits';
import { allRules } from '../server/src/rules';

// The floor and dockerfile-utils run on dockerfile-ast as published, loaded from node_modules:
// a copy of its own, apart from the one bundled into this file, which our engine changes to keep
// each instruction's arguments (server/src/analysis/ast-arguments.ts). Switching one copy
// between the two ways before each tool, as this bench did until 2026-11-27, made V8 throw away
// the optimized code of the parse (and of our engine) at every switch: no tool ever ran warm.
const publishedAst = createRequire(__filename)('dockerfile-ast') as typeof import('dockerfile-ast');
if (publishedAst.DockerfileParser === DockerfileParser) {
  throw new Error('bench: run it bundled (npm run bench): the floor needs its own copy of dockerfile-ast');
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dockerfilelint = require('dockerfilelint') as { run(configPath: string, content: string): unknown[] };

const ROOT = resolve(__dirname, '..');
const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
const CLI = join(ROOT, 'dist', 'cli.js');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}
const ROUNDS = option('--rounds', 7);
const EDITS = option('--edits', 200);
const PROCESS_RUNS = option('--process-runs', 5);

interface Doc {
  name: string;
  path: string;
  text: string;
  lines: number;
}

function loadSet(dir: string): Doc[] {
  return readdirSync(dir)
    .filter((name) => name !== 'SOURCES.tsv' && !name.startsWith('.'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, path: join(dir, name), text, lines: text.split('\n').length };
    });
}

/** CPU time of this process (all its threads, GC included) in ms: what the work costs on a
 *  machine that other work keeps busy, where wall time also counts waiting for a core. */
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// ---- 1. one process ------------------------------------------------------------------------

const allOn: AnalyzeOptions = {
  rules: allRules,
  settings: [Object.fromEntries(allRules.map((rule) => [rule.meta.id, rule.meta.severity]))],
};

interface Tool {
  name: string;
  /** Returns false when the tool threw on this text (counted, and the file skipped). */
  run(text: string): boolean;
}

const tools: Tool[] = [
  {
    // The floor: what any engine on dockerfile-ast pays (FACTS: the parse plus one
    // getArguments() per instruction, which is where its time goes).
    name: 'dockerfile-ast parse (floor)',
    run(text) {
      for (const instruction of publishedAst.DockerfileParser.parse(text).getInstructions()) instruction.getArguments();
      return true;
    },
  },
  {
    // The same parse as our model makes it: the floor is measured without this, as published.
    name: 'dockerfile-ast parse, arguments read once (ours)',
    run(text) {
      for (const instruction of DockerfileParser.parse(text).getInstructions()) instruction.getArguments();
      return true;
    },
  },
  {
    name: `dockerfile-optimizer check, all ${allRules.length} rules forced on`,
    run(text) {
      analyze(text, allOn);
      return true;
    },
  },
  {
    // What a user gets without a config file: rules that are off by default (or wait for an
    // option such as pinVersions) stay off.
    name: `dockerfile-optimizer check, default levels (${allRules.filter((rule) => effectiveLevel(rule.meta, []) !== 'off').length} rules on)`,
    run(text) {
      analyze(text, { rules: allRules });
      return true;
    },
  },
  {
    name: 'dockerfile-utils validate',
    run(text) {
      validate(text);
      return true;
    },
  },
  {
    name: 'dockerfilelint',
    run(text) {
      try {
        dockerfilelint.run(CORPUS, text);
        return true;
      } catch {
        return false;
      }
    },
  },
];

interface ToolResult {
  tool: string;
  /** The warm-up round: code not yet optimized, as in a short-lived process. */
  firstRoundMs: number;
  medianMs: number;
  medianCpuMs: number;
  linesPerMs: number;
  skipped: number;
  lines: number;
}

function measureSet(docs: Doc[]): ToolResult[] {
  const times = tools.map(() => [] as number[]);
  const firstRound = tools.map(() => 0);
  const cpu = tools.map(() => [] as number[]);
  const skipped = tools.map(() => new Set<string>());
  // Warm-up round (JIT), then interleaved rounds so background load hits every tool alike.
  // No forced collection between tools: a full GC while none of a tool's objects are alive cost
  // every tool here 1.6x to 2.3x its CPU time in the next round: V8 deoptimizes the code that
  // embeds the object shapes that died (--trace-deopt: "weak objects"). No real process does that.
  for (let round = -1; round < ROUNDS; round++) {
    tools.forEach((tool, t) => {
      const start = performance.now();
      const startCpu = cpuMs();
      for (const doc of docs) if (!tool.run(doc.text)) skipped[t].add(doc.name);
      if (round < 0) firstRound[t] = performance.now() - start;
      if (round >= 0) {
        times[t].push(performance.now() - start);
        cpu[t].push(cpuMs() - startCpu);
      }
    });
  }
  if (process.env.BENCH_ROUNDS) tools.forEach((tool, t) => process.stderr.write(`${tool.name}: ${times[t].map((ms) => fmt(ms, 0)).join(' ')}\n`));
  return tools.map((tool, t) => {
    // Lines of the files the tool actually checked: a tool that throws early is not credited.
    const lines = docs.filter((doc) => !skipped[t].has(doc.name)).reduce((sum, doc) => sum + doc.lines, 0);
    const ms = median(times[t]);
    return { tool: tool.name, firstRoundMs: firstRound[t], medianMs: ms, medianCpuMs: median(cpu[t]), linesPerMs: lines / ms, skipped: skipped[t].size, lines };
  });
}

// ---- 2. whole processes --------------------------------------------------------------------

interface ProcessResult {
  name: string;
  medianMs: number;
  ok: boolean;
}

const DOCKERFILE_UTILS_PROCESS = 'dockerfile-utils validate, one process';

function measureProcesses(docs: Doc[]): ProcessResult[] {
  const files = docs.map((doc) => doc.path);
  // Like for like: the target compares the JavaScript lints, so ShellCheck (an outside program
  // our CLI runs on every RUN script when it is installed) is off in the first rows through a
  // config file; the last row shows what it adds, measured once (it is slow).
  const noShellcheck = join(mkdtempSync(join(tmpdir(), 'dfo-bench-')), 'no-shellcheck.json');
  writeFileSync(noShellcheck, JSON.stringify({ rules: { shellcheck: 'off' } }));
  const cores = availableParallelism();
  const threads = defaultThreads(files.length, docs.reduce((sum, doc) => sum + Buffer.byteLength(doc.text), 0));
  const threadWords = (n: number) => (n === 1 ? 'one thread' : `${n} threads`);
  // The second row is the other way: the pool where the default is one thread, else one thread.
  const other = threads === 1 ? Math.max(2, cores) : 1;
  // The CLI's code cache lives in a folder of this run's own: the warm-up run writes it, as a
  // machine's first check does; one row shows the CLI without it.
  const codeCache = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'dfo-bench-cache-')) };
  const noCodeCache = { ...codeCache, [CODE_CACHE_ENV]: 'off' };
  const commands: { name: string; args: string[]; env?: NodeJS.ProcessEnv; once?: boolean }[] = [
    { name: `dockerfile-optimizer CLI as run by default (${threadWords(threads)} on ${cores} cores)`, args: [CLI, 'check', '--format', 'json', '--config', noShellcheck, ...files], env: codeCache },
    { name: `dockerfile-optimizer CLI, --jobs ${other} (${threadWords(other)})`, args: [CLI, 'check', '--format', 'json', '--jobs', String(other), '--config', noShellcheck, ...files], env: codeCache },
    { name: `dockerfile-optimizer CLI as run by default, without its code cache (a machine's first run)`, args: [CLI, 'check', '--format', 'json', '--config', noShellcheck, ...files], env: noCodeCache },
    { name: DOCKERFILE_UTILS_PROCESS, args: [join(ROOT, 'bench', 'dockerfile-utils-process.cjs'), ...files] },
  ];
  if (findShellcheck()) {
    commands.push({ name: `dockerfile-optimizer CLI with ShellCheck, as run by default, one run`, args: [CLI, 'check', '--format', 'json', ...files], env: codeCache, once: true });
  }
  const times = commands.map(() => [] as number[]);
  const ok = commands.map(() => true);
  for (let run = -1; run < PROCESS_RUNS; run++) {
    commands.forEach((command, c) => {
      if (command.once && run !== 0) return;
      const start = performance.now();
      const env: NodeJS.ProcessEnv = { ...process.env, ...command.env };
      // Node reads this certificate bundle at every start, whatever the program (about 90 ms on
      // this machine's bundle): the same for every process timed here, and part of none of them.
      delete env.NODE_EXTRA_CA_CERTS;
      const result = spawnSync(process.execPath, command.args, { cwd: ROOT, env, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
      const elapsed = performance.now() - start;
      // Exit 1 means error-severity findings: a normal outcome of a check.
      if (result.status !== 0 && result.status !== 1) ok[c] = false;
      if (run >= 0) times[c].push(elapsed);
    });
  }
  for (const dir of [dirname(noShellcheck), codeCache.XDG_CACHE_HOME]) rmSync(dir, { recursive: true, force: true });
  return commands.map((command, c) => ({ name: command.name, medianMs: median(times[c]), ok: ok[c] }));
}

// ---- 3. keystroke latency ------------------------------------------------------------------

interface LatencyResult {
  name: string;
  lines: number;
  stages: number;
  coldMs: number;
  typing: { p50: number; p95: number; max: number };
  newLine: { p50: number; p95: number; max: number };
  all: { p50: number; p95: number };
  /** CPU time of each edit (see cpuMs). */
  cpu: { p50: number; p95: number };
  /** The two halves of each edit: building the model (incremental parse) and running the rules. */
  model: { p50: number; p95: number };
  rules: { p50: number; p95: number };
}

const LATENCY_CHILD = '--latency-child';

/**
 * The keystroke figures come from a child process started with the Node options the client
 * gives the language server (server/src/lsp/node-options.ts), so that the engine runs as it
 * does in the editor.
 */
function latencyAsTheServerRuns(): LatencyResult[] {
  const child = spawnSync(process.execPath, [...SERVER_EXEC_ARGV, __filename, LATENCY_CHILD, '--edits', String(EDITS)], {
    cwd: ROOT,
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`bench: the keystroke measurement failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout.toString()) as LatencyResult[];
}

function measureLatency(doc: Doc): LatencyResult {
  // As the language server does: every rule at its default level (no config file, default
  // editor settings), one ParseCache per open document kept across edits, and `incremental` set
  // so that stage-scoped rules keep their findings for unchanged stages.
  const cache = new ParseCache();
  const options: AnalyzeOptions = { rules: allRules, settings: [], cache, incremental: 1 };
  // No forced collection before the file (the language server never forces one): a full GC
  // while none of the engine's objects were alive made V8 drop optimized code, as in the
  // one-process rounds (--trace-deopt over this child: 140 "weak objects" deoptimizations with
  // it, 8 without), and the edits of the next file paid for it. (Its RUNs are parsed into the
  // document's own ParseCache, which starts empty: no process-wide cache to clear.)
  let start = performance.now();
  let text = doc.text;
  analyze(text, options); // the document is opened
  const coldMs = performance.now() - start;
  const lines = editableLines(text);
  const typing: number[] = [];
  const newLine: number[] = [];
  const modelMs: number[] = [];
  const allCpu: number[] = [];
  const rulesMs: number[] = [];
  for (let edit = 0; edit < EDITS; edit++) {
    // Mostly typing (one character at the end of a line), every fifth edit a new `COPY . .` line.
    // Lines only grow downwards from the edited point, so the later candidate lines are
    // shifted by the inserted lines: recompute them after each insertion.
    const line = lines[edit % lines.length];
    const isNewLine = edit % 5 === 4;
    text = isNewLine ? insertAt(text, line, 'next-line', 'COPY . .\n') : insertAt(text, line, 'end', 'x');
    // analyze() is exactly these two steps; timing them apart shows where the time goes.
    const startCpu = cpuMs();
    start = performance.now();
    const model = new DockerfileModel(text, cache);
    const built = performance.now();
    analyzeModel(model, options);
    const done = performance.now();
    allCpu.push(cpuMs() - startCpu);
    (isNewLine ? newLine : typing).push(done - start);
    modelMs.push(built - start);
    rulesMs.push(done - built);
    if (isNewLine) lines.splice(0, lines.length, ...editableLines(text));
  }
  const original = new DockerfileModel(doc.text);
  const all = [...typing, ...newLine];
  const stats = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });
  return {
    name: doc.name,
    lines: doc.lines,
    stages: original.stages.length,
    model: { p50: percentile(modelMs, 50), p95: percentile(modelMs, 95) },
    rules: { p50: percentile(rulesMs, 50), p95: percentile(rulesMs, 95) },
    coldMs,
    typing: stats(typing),
    newLine: stats(newLine),
    all: { p50: percentile(all, 50), p95: percentile(all, 95) },
    cpu: { p50: percentile(allCpu, 50), p95: percentile(allCpu, 95) },
  };
}

// ---- 4. where the time goes -----------------------------------------------------------------

interface Cost {
  part: string;
  medianMs: number;
}

/**
 * The full check taken apart over a set of files: the dockerfile-ast floor, building our model,
 * parsing every RUN's shell script, each rule alone, and the engine's own work. Each rule runs
 * on fresh models whose RUNs are already parsed, so it is charged for its own work and for the
 * shared per-model helpers it uses (rules that share one pay it once together: the sum of the
 * rules can exceed "all rules together").
 */
function breakdown(docs: Doc[]): Cost[] {
  const rounds = Math.max(3, Math.ceil(ROUNDS / 2));
  const settings = allOn.settings;
  // Fresh model objects (so no per-model memo of another rule helps) built from cached chunk
  // parses (so building them is cheap), with every RUN already parsed.
  const caches = docs.map(() => new ParseCache());
  const freshModels = () => {
    const models = docs.map((doc, i) => new DockerfileModel(doc.text, caches[i]));
    for (const model of models) for (const run of model.runInstructions()) model.run(run);
    return models;
  };
  const time = (work: () => void): number => {
    const start = performance.now();
    work();
    return performance.now() - start;
  };
  const samples = new Map<string, number[]>();
  const add = (part: string, ms: number) => samples.set(part, [...(samples.get(part) ?? []), ms]);
  for (let round = -1; round < rounds; round++) {
    const record = round >= 0 ? add : () => undefined;
    record(tools[0].name, time(() => docs.forEach((doc) => tools[0].run(doc.text))));
    record(tools[1].name, time(() => docs.forEach((doc) => tools[1].run(doc.text))));
    // Built and dropped one by one, as a check does (holding 646 models would bill extra
    // garbage-collection work to this line); then built again, untimed, for the next lines.
    record('build the model (parse included)', time(() => docs.forEach((doc) => new DockerfileModel(doc.text))));
    const models = docs.map((doc) => new DockerfileModel(doc.text));
    record('parse every RUN script (shell reader)', time(() => models.forEach((model) => model.runInstructions().forEach((run) => model.run(run)))));
    record('engine alone (no rules: suppressions, sorting)', time(() => models.forEach((model) => analyzeModel(model, { rules: [], settings }))));
    const together = freshModels();
    record('all rules together', time(() => together.forEach((model) => analyzeModel(model, { rules: allRules, settings }))));
    // Each rule alone: three samples are enough next to the engine's own cost, and the warm-up
    // round of "all rules together" has compiled their code.
    if (round >= rounds - 3) {
      for (const rule of allRules) {
        const mine = freshModels();
        record(`rule ${rule.meta.id}`, time(() => mine.forEach((model) => analyzeModel(model, { rules: [rule], settings }))));
      }
    }
  }
  const costs = [...samples].map(([part, values]) => ({ part, medianMs: median(values) }));
  // A rule's own cost: its run minus the engine's work that every run does (pragmas, sorting).
  const engine = costs.find((c) => c.part.startsWith('engine alone'))!.medianMs;
  const overall = costs.filter((c) => !c.part.startsWith('rule '));
  const rules = costs
    .filter((c) => c.part.startsWith('rule '))
    .map((c) => ({ part: c.part, medianMs: Math.max(0, c.medianMs - engine) }))
    .sort((a, b) => b.medianMs - a.medianMs);
  const shown = rules.slice(0, 15);
  const rest = rules.slice(15);
  const restTotal = rest.reduce((sum, c) => sum + c.medianMs, 0);
  return [...overall, ...shown, ...(rest.length > 0 ? [{ part: `the other ${rest.length} rules, each alone, added up`, medianMs: restTotal }] : [])];
}

// ---- report --------------------------------------------------------------------------------

const loadAtStart = loadavg()[0];

function machine(): string[] {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: os.cpus() it is
  }
  return [
    `- CPU: ${cpu}, ${availableParallelism()} cores available`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js ${process.version} on ${process.platform}-${process.arch}`,
    `- Date: ${new Date().toISOString().slice(0, 10)}; ${ROUNDS} timed rounds after one warm-up round, medians; ${PROCESS_RUNS} process runs after one warm-up`,
    // Other work on the machine slows every tool alike within a round, but not the latency
    // figures or the process runs: say how busy the machine was.
    `- Load average (1 min) at the start and end of the run: ${fmt(loadAtStart, 2)} and ${fmt(loadavg()[0], 2)}, on ${availableParallelism()} cores`,
  ];
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

function setTable(title: string, docs: Doc[], results: ToolResult[]): string[] {
  const floor = results[0].medianMs;
  const lines = docs.reduce((sum, doc) => sum + doc.lines, 0);
  const out = [
    `### ${title}: ${docs.length} files, ${lines.toLocaleString('en-US')} lines`,
    '',
    '| tool | median per round (ms) | lines/ms | x parse alone | CPU ms | x parse alone (CPU) | first round (ms) | x parse alone (first round) | files skipped (threw) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const floorCpu = results[0].medianCpuMs;
  for (const r of results) {
    out.push(
      `| ${r.tool} | ${fmt(r.medianMs)} | ${fmt(r.linesPerMs, 0)} | ${fmt(r.medianMs / floor, 2)} | ${fmt(r.medianCpuMs)} | ${fmt(r.medianCpuMs / floorCpu, 2)} | ${fmt(r.firstRoundMs)} | ${fmt(r.firstRoundMs / results[0].firstRoundMs, 2)} | ${r.skipped} |`,
    );
  }
  return out;
}

function main(): void {
  if (!existsSync(join(CORPUS, 'real'))) {
    process.stderr.write(`bench: the shared corpus is absent (${CORPUS}); it must sit next to the repository\n`);
    process.exitCode = 2;
    return;
  }
  if (!existsSync(CLI)) {
    process.stderr.write('bench: dist/cli.js is missing; run `npm run build` (npm run bench does)\n');
    process.exitCode = 2;
    return;
  }
  const real = loadSet(join(CORPUS, 'real'));
  const large = existsSync(join(CORPUS, 'large')) ? loadSet(join(CORPUS, 'large')) : [];
  if (process.argv.includes(LATENCY_CHILD)) {
    process.stdout.write(JSON.stringify(large.filter((doc) => /5k|20k/.test(doc.name)).map(measureLatency)));
    return;
  }
  if (process.argv.includes('--latency-only')) {
    // A quick look while working on the editor path; the report needs the full run.
    for (const l of latencyAsTheServerRuns()) {
      process.stdout.write(`${l.name}: all p50 ${fmt(l.all.p50)} p95 ${fmt(l.all.p95)} ms; model p95 ${fmt(l.model.p95)}, rules p95 ${fmt(l.rules.p95)}, CPU p95 ${fmt(l.cpu.p95)}\n`);
    }
    return;
  }

  process.stderr.write(`one process: corpus/real (${ROUNDS} rounds)...\n`);
  const realResults = measureSet(real);
  if (process.argv.includes('--one-process-only')) {
    // A quick look while working on the engine; the report needs the full run.
    process.stdout.write(setTable('corpus/real', real, realResults).join('\n') + '\n');
    return;
  }
  process.stderr.write('one process: corpus/large...\n');
  const largeResults = large.length > 0 ? measureSet(large) : [];
  process.stderr.write(`whole processes (${PROCESS_RUNS} runs)...\n`);
  const processes = measureProcesses(real);
  process.stderr.write(`keystroke latency (${EDITS} edits per file)...\n`);
  const latency = large.length > 0 ? latencyAsTheServerRuns() : [];
  process.stderr.write('where the time goes...\n');
  const costs = breakdown(real);

  const ours = (results: ToolResult[], row = 2) => results[row].medianMs / results[0].medianMs;
  const utilsProcess = processes.find((p) => p.name === DOCKERFILE_UTILS_PROCESS)!;
  const cliVsUtils = utilsProcess.medianMs / processes[0].medianMs;
  const at5k = latency.find((l) => l.name.includes('5k'));
  const p95At5k = at5k?.all.p95;
  const oursCpu = (results: ToolResult[], row = 2) => results[row].medianCpuMs / results[0].medianCpuMs;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

  const report: string[] = [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (bench/bench.ts) in one run on this machine; the figures move',
    'with the machine and its load, the ratios much less. Corpus: `../shared/corpus` (real-world',
    'Dockerfiles and three synthetic large ones).',
    '',
    '## Machine',
    '',
    ...machine(),
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    `| full check at most 1.5x the dockerfile-ast parse alone (corpus/real), all rules forced on | ${fmt(ours(realResults), 2)}x (CPU time: ${fmt(oursCpu(realResults), 2)}x) | ${verdict(ours(realResults) <= 1.5)} |`,
    `| same, default rule levels | ${fmt(ours(realResults, 3), 2)}x (CPU time: ${fmt(oursCpu(realResults, 3), 2)}x) | ${verdict(ours(realResults, 3) <= 1.5)} |`,
    ...(largeResults.length > 0
      ? [`| same, corpus/large, all rules forced on | ${fmt(ours(largeResults), 2)}x (CPU time: ${fmt(oursCpu(largeResults), 2)}x) | ${verdict(ours(largeResults) <= 1.5)} |`]
      : []),
    `| CLI (ShellCheck off) at least 2x faster than a dockerfile-utils process (corpus/real) | ${fmt(cliVsUtils, 2)}x faster | ${verdict(cliVsUtils >= 2)} |`,
    ...(at5k && p95At5k !== undefined
      ? [`| keystroke to diagnostics p95 at most 16 ms at 5,000 lines | ${fmt(p95At5k)} ms (CPU time: ${fmt(at5k.cpu.p95)} ms) | ${verdict(p95At5k <= 16)} |`]
      : []),
    '',
    '## One process',
    '',
    'Every tool checks every file once per round; the floor is `DockerfileParser.parse` plus one',
    '`getArguments()` per instruction, on dockerfile-ast as published. dockerfile-ast rescans an',
    "instruction's text on every `getArguments()`, also from its own constructors; our engine",
    'reads the arguments once per instruction and keeps them (server/src/analysis/ast-arguments.ts,',
    'proven equal on the corpus), and the second row shows that parse: it is part of every check',
    'of ours. The floor and dockerfile-utils run on their own, unchanged copy of dockerfile-ast',
    '(loaded from node_modules, apart from the bundled copy our engine uses). Our check runs twice:',
    'every rule forced on (those off by default too, through a settings layer naming each rule),',
    'then at default levels; each model parses its own RUNs. dockerfilelint is a line scanner that',
    'checks far less; it is context, not a target. Files a tool throws on are skipped and not',
    'counted in its lines/ms.',
    '',
    'The medians are warm: the same code has run before, as in the language server. "First round"',
    "is the warm-up round, each tool's first pass over the files in this process, with its code",
    'not yet optimized: that is what a short CLI run pays (see the whole processes below). No',
    'collection is forced between tools: a full GC while none of a tool\'s objects are alive made',
    'V8 deoptimize the code built for their shapes, and cost every tool 1.6x to 2.3x in the next',
    'round (this bench did that until 2026-11-27, and switched one copy of dockerfile-ast between',
    'its two ways before each tool, which also threw optimized code away).',
    '',
    ...setTable('corpus/real', real, realResults),
    '',
    ...(largeResults.length > 0 ? [...setTable('corpus/large', large, largeResults), ''] : []),
    '## Whole processes over corpus/real',
    '',
    `Wall time of \`node\` from start to exit, ${real.length} files named on the command line, JSON output`,
    'to a pipe. The dockerfile-utils process is bench/dockerfile-utils-process.cjs: one Node',
    'process validating every file (its own CLI takes one file per process). Our CLI runs every',
    'rule at its default level with ShellCheck turned off (`--config` with `"shellcheck": "off"`),',
    'so that both sides are JavaScript lints; the last row, when ShellCheck is installed, is the',
    "CLI as it runs by default, ShellCheck included. The CLI uses worker threads by default",
    '(server/src/cli/pool.ts); each thread warms V8 up on its own, so the pool costs more CPU;',
    'the second row is the other choice, for comparison. The CLI keeps V8\'s code cache of its',
    'program in the user\'s cache folder (server/src/cli/code-cache.ts), written by the first check',
    'on a machine (here the warm-up run); the third row is a run without it. Every process runs',
    'without `NODE_EXTRA_CA_CERTS`, which makes Node read a certificate bundle at start (about',
    '90 ms per process here, for every tool alike; none of them makes a connection).',
    '',
    '| process | median wall time (ms) | x faster than dockerfile-utils |',
    '| --- | ---: | ---: |',
    ...processes.map((p) => `| ${p.name}${p.ok ? '' : ' (FAILED)'} | ${fmt(p.medianMs, 0)} | ${fmt(utilsProcess.medianMs / p.medianMs, 2)} |`),
    '',
    '## Keystroke to diagnostics',
    '',
    `${EDITS} edits per file in its middle stage: four of five type one character at the end of an`,
    'instruction line, every fifth adds a line `COPY . .`. Each edit is timed from the new text to',
    'the findings: `analyze()` with the persistent `ParseCache` of the document, `incremental` on',
    'and every rule at its default level (what the language server does on a change: stage-scoped',
    'rules re-run on the edited stage only; its debounce is not included). "open" is the first',
    `check of the file. The edits run in a process started with the language server's Node options`,
    `(\`${SERVER_EXEC_ARGV.join(' ')}\`: a young generation that keeps most keystrokes free of a`,
    'collection; server/src/lsp/node-options.ts), one after the other without pause.',
    '',
    '| file | lines | stages | open (ms) | typing p50 | typing p95 | new line p50 | new line p95 | all p50 | all p95 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...latency.map(
      (l) =>
        `| ${l.name} | ${l.lines.toLocaleString('en-US')} | ${l.stages} | ${fmt(l.coldMs)} | ${fmt(l.typing.p50)} | ${fmt(l.typing.p95)} | ${fmt(l.newLine.p50)} | ${fmt(l.newLine.p95)} | ${fmt(l.all.p50)} | ${fmt(l.all.p95)} |`,
    ),
    '',
    'Each edit split in its two steps (wall ms): building the model (only the edited stage is re-parsed)',
    'and running the rules (stage-scoped rules on the edited stage, the others over the whole model);',
    'then the CPU time of the whole edit, which waiting for a core on a busy machine does not inflate.',
    '',
    '| file | model p50 | model p95 | rules p50 | rules p95 | CPU time p50 | CPU time p95 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...latency.map(
      (l) => `| ${l.name} | ${fmt(l.model.p50)} | ${fmt(l.model.p95)} | ${fmt(l.rules.p50)} | ${fmt(l.rules.p95)} | ${fmt(l.cpu.p50)} | ${fmt(l.cpu.p95)} |`,
    ),
    '',
    '## Where the time of a full check goes (corpus/real)',
    '',
    'Medians per round over every file of corpus/real, relative to the dockerfile-ast floor. Each',
    'rule alone runs on fresh models whose RUN scripts are already parsed, and is shown without',
    "the engine's own work (which every run repeats); it pays for the shared per-model helpers it",
    'uses, so the rules can add up to more than "all rules together". The 15 costliest rules:',
    '',
    '| part | ms | x parse alone |',
    '| --- | ---: | ---: |',
    ...costs.map((c) => `| ${c.part} | ${fmt(c.medianMs)} | ${fmt(c.medianMs / costs[0].medianMs, 3)} |`),
    '',
  ];
  const markdown = report.join('\n');
  process.stdout.write(markdown);
  if (!process.argv.includes('--no-write')) {
    const path = join(ROOT, 'BENCHMARKS.md');
    writeFileSync(path, markdown + carriedSections(existsSync(path) ? readFileSync(path, 'utf8') : ''));
    process.stderr.write('wrote BENCHMARKS.md\n');
  }
}

/**
 * Sections of BENCHMARKS.md that other runs write (the workbench figures of `npm run test:e2e`),
 * kept as they are: they start at a heading marked `<!-- carried -->` and run to the end.
 */
function carriedSections(previous: string): string {
  const start = previous.search(/^## .*<!-- carried -->/m);
  return start < 0 ? '' : `\n${previous.slice(start).trimEnd()}\n`;
}

main();
