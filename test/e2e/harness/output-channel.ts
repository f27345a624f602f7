// The extension's output channel ("Dockerfile Optimizer"): the language client's errors
// ("[Error - 10:00:00] ...") and what the server logs ("Unexpected rejection: ...", "... failed: ...")
// land there. Read in full from the extension host's log folder (the Output view shows only what fits).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, type ScenarioContext } from './scenario';

export const CHANNEL = 'Dockerfile Optimizer';
export const ERROR_LINE = /\b(error|exception|failed|cannot|couldn't|rejection)\b/i;

export function channelLog(ctx: ScenarioContext): string[] {
  const logs = join(ctx.server.dirs.userData, 'logs');
  const files = existsSync(logs) ? readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith(`-${CHANNEL}.log`)) : [];
  assert(files.length > 0, `no "${CHANNEL}" output channel log under ${logs}`);
  return files.flatMap((path) => readFileSync(join(logs, path), 'utf8').split('\n'));
}

/** Fails with the channel's error lines (each distinct line once, with its count). */
export function assertNoChannelErrors(ctx: ScenarioContext): void {
  const counts = new Map<string, number>();
  for (const line of channelLog(ctx).filter((line) => ERROR_LINE.test(line))) counts.set(line, (counts.get(line) ?? 0) + 1);
  const shown = [...counts].map(([line, count]) => (count > 1 ? `${line}   (${count} times)` : line));
  assert(shown.length === 0, `the "${CHANNEL}" output channel logged errors:\n${shown.join('\n')}`);
}
