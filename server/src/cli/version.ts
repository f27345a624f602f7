// The tool's version, read from the package.json next to the running code (dist/cli.js sits
// one folder below it, the TypeScript sources three), so it needs no build-time step.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const TOOL_NAME = 'dockerfile-optimizer';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached === undefined) {
    const root = packageRoot();
    let version: unknown;
    try {
      version = root ? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version : undefined;
    } catch {
      version = undefined;
    }
    cached = typeof version === 'string' ? version : '0.0.0';
  }
  return cached;
}

/** The folder of the package.json that describes this tool (where `examples/` is), or null. */
export function packageRoot(): string | null {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const data = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (data.name === TOOL_NAME) return dir;
    } catch {
      // keep looking upward
    }
    if (dirname(dir) === dir) return null;
  }
}
