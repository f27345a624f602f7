// Rule severities: a rule's default, then `.dockerfile-optimizer.json`, then the editor's
// settings. Keys may be rule ids or aliases (a hadolint code or BuildKit check name).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RuleMeta } from './rule';
import type { SeverityOrOff } from './types';

export const CONFIG_FILE_NAME = '.dockerfile-optimizer.json';

export type RuleSettings = Record<string, SeverityOrOff>;

const LEVELS = new Set<SeverityOrOff>(['off', 'error', 'warning', 'info', 'hint']);

export class ConfigError extends Error {}

/** Accepts `{ "rules": { id: level } }` or a plain `{ id: level }` map. */
export function parseConfig(text: string, source: string): RuleSettings {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${source}: expected an object of rule ids to off|error|warning|info|hint`);
  }
  const rules = 'rules' in data ? (data as { rules: unknown }).rules : data;
  if (typeof rules !== 'object' || rules === null) throw new ConfigError(`${source}: "rules" must be an object`);
  const settings: RuleSettings = {};
  for (const [key, level] of Object.entries(rules)) {
    if (!LEVELS.has(level as SeverityOrOff)) {
      throw new ConfigError(`${source}: rule "${key}" has level ${JSON.stringify(level)}; use off, error, warning, info or hint`);
    }
    settings[key] = level as SeverityOrOff;
  }
  return settings;
}

/** The nearest config file from `startDir` upwards, or null. */
export function findConfigFile(startDir: string): string | null {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

export function loadConfigFile(path: string): RuleSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseConfig(text, path);
}

/** Later layers win. */
export function effectiveLevel(meta: RuleMeta, layers: (RuleSettings | undefined)[]): SeverityOrOff {
  let level: SeverityOrOff = meta.enabledByDefault === false ? 'off' : meta.severity;
  const keys = [meta.id, ...meta.aliases].map((key) => key.toLowerCase());
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (keys.includes(key.toLowerCase())) level = value;
    }
  }
  return level;
}
