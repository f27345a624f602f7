// The editor settings of section `dockerfileOptimizer`, read per document through
// `workspace/configuration` (a folder may override the user's settings) and checked here,
// since the client passes whatever the user typed into settings.json.
import { readRuleOptions, type RuleOptions, type RuleSettings } from '../analysis/config';
import type { SeverityOrOff } from '../analysis/types';

export const SETTINGS_SECTION = 'dockerfileOptimizer';

export interface DocumentSettings {
  /** Rule id or alias to level; overrides `.dockerfile-optimizer.json`. */
  rules: RuleSettings;
  /** Quiet time after a keystroke before re-checking. */
  debounceMs: number;
  /** The build context, relative to the Dockerfile's folder (or absolute); '' = that folder. */
  contextPath: string;
  /** Rule options set in the editor (`pinVersions`, `allowedRegistries`, `labelSchema`, `strictLabels`); override the config file's. */
  ruleOptions?: RuleOptions;
}

export const DEFAULT_SETTINGS: DocumentSettings = { rules: {}, debounceMs: 150, contextPath: '' };

const LEVELS = new Set<string>(['off', 'error', 'warning', 'info', 'hint']);
const MAX_DEBOUNCE_MS = 10_000;

export interface ReadSettings {
  settings: DocumentSettings;
  /** What was ignored and why, for the server log. */
  problems: string[];
}

/** Keeps the valid parts of a raw settings object and explains the rest. */
export function readSettings(raw: unknown): ReadSettings {
  const problems: string[] = [];
  const settings: DocumentSettings = { ...DEFAULT_SETTINGS, rules: {} };
  if (raw === null || raw === undefined) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings, problems: [`${SETTINGS_SECTION}: expected an object, ignoring ${JSON.stringify(raw)}`] };
  }
  const values = raw as Record<string, unknown>;

  const rules = values.rules;
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules)) {
      problems.push(`${SETTINGS_SECTION}.rules: expected an object of rule ids to off|error|warning|info|hint`);
    } else {
      for (const [key, level] of Object.entries(rules as Record<string, unknown>)) {
        if (typeof level === 'string' && LEVELS.has(level.toLowerCase())) settings.rules[key] = level.toLowerCase() as SeverityOrOff;
        else problems.push(`${SETTINGS_SECTION}.rules: "${key}" has level ${JSON.stringify(level)}; use off, error, warning, info or hint`);
      }
    }
  }

  const debounce = values.debounceMs;
  if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) {
    settings.debounceMs = Math.min(Math.round(debounce), MAX_DEBOUNCE_MS);
  } else if (debounce !== undefined && debounce !== null) {
    problems.push(`${SETTINGS_SECTION}.debounceMs: expected a number of milliseconds >= 0, got ${JSON.stringify(debounce)}`);
  }

  const optionKeys = ['pinVersions', 'allowedRegistries', 'labelSchema', 'strictLabels'].filter((key) => values[key] !== undefined && values[key] !== null);
  if (optionKeys.length > 0) {
    try {
      settings.ruleOptions = readRuleOptions(Object.fromEntries(optionKeys.map((key) => [key, values[key]])), SETTINGS_SECTION);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  const contextPath = values.contextPath;
  if (typeof contextPath === 'string') settings.contextPath = contextPath.trim();
  else if (contextPath !== undefined && contextPath !== null) {
    problems.push(`${SETTINGS_SECTION}.contextPath: expected a folder path, got ${JSON.stringify(contextPath)}`);
  }
  return { settings, problems };
}

/**
 * Settings per document URI. Each document's settings are fetched once and kept until the
 * configuration changes, so a keystroke costs no round trip to the client.
 */
export class SettingsStore {
  private byUri = new Map<string, Promise<DocumentSettings>>();
  private reported = new Set<string>();

  /** `fetch` returns the raw section for a document, or undefined when the client cannot tell. */
  constructor(
    private readonly fetch: (uri: string) => Promise<unknown>,
    private readonly log: (message: string) => void,
  ) {}

  get(uri: string): Promise<DocumentSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
    this.reported.clear();
  }

  private async load(uri: string): Promise<DocumentSettings> {
    let raw: unknown;
    try {
      raw = await this.fetch(uri);
    } catch (error) {
      this.log(`Could not read the settings for ${uri}: ${(error as Error)?.message ?? error}; using defaults.`);
      return { ...DEFAULT_SETTINGS, rules: {} };
    }
    const { settings, problems } = readSettings(raw);
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.log(`Settings: ${problem}`);
    }
    return settings;
  }
}
