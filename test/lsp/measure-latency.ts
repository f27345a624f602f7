// Measures keystroke-to-diagnostics latency of the bundled server on a large Dockerfile,
// with the debounce set to 0 (so the debounce is excluded; add it to get what a user waits).
// Not a test (no timing assertions in tests): run `node --import tsx test/lsp/measure-latency.ts [file]`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestServer } from './lsp-client';

const file = process.argv[2] ?? join(__dirname, '..', '..', '..', 'shared', 'corpus', 'large', 'large-5k.Dockerfile');
const KEYSTROKES = 200;

async function main(): Promise<void> {
  // PROFILE_DIR=/tmp/x writes a CPU profile of the server there.
  const nodeArgs = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
  const server = await TestServer.start({ settings: { debounceMs: 0 }, nodeArgs });
  const uri = pathToFileURL('/nonexistent/measure/Dockerfile').href;
  const original = readFileSync(file, 'utf8');
  const lines = original.split('\n');
  let started = performance.now();
  await server.open(uri, original, 1);
  await server.diagnosticsFor(uri, 1);
  console.log(`${file}: ${lines.length} lines; first check (cold) ${(performance.now() - started).toFixed(1)} ms`);

  // Type a word into a RUN line in the middle of the file, one character per version, then
  // delete it again: what editing one stage of a big file costs.
  const target = lines.findIndex((line, index) => index > lines.length / 2 && /^RUN /.test(line));
  const word = 'curl ';
  const samples: number[] = [];
  let text = original;
  for (let version = 2; version < KEYSTROKES + 2; version++) {
    const step = (version - 2) % (word.length * 2);
    const typed = step < word.length ? word.slice(0, step + 1) : word.slice(0, word.length * 2 - step - 1);
    const edited = [...lines];
    edited[target] = lines[target].replace(/^RUN /, 'RUN ' + typed);
    text = edited.join('\n');
    started = performance.now();
    await server.change(uri, version, text);
    await server.diagnosticsFor(uri, version);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  console.log(`keystroke -> publishDiagnostics over JSON-RPC, debounce excluded (${samples.length} edits): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
  await server.stop();
}

void main();
