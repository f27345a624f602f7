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

/** Accepts `{ "rules": { id: level } }` or a plain `{ id: level }` map (rule options beside either). */
export function parseConfig(text: string, source: string): RuleSettings {
  const data = parseJsonObject(text, source);
  const rules = 'rules' in data ? (data as { rules: unknown }).rules : withoutOptionKeys(data);
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
  return parseConfig(readConfigText(path), path);
}

function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseJsonObject(text: string, source: string): object {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${source}: expected an object of rule ids to off|error|warning|info|hint`);
  }
  return data;
}

// ---------------------------------------------------------------------------------------
// Rule options: what some rules need besides a level, in the same file (and editor settings):
//   { "rules": {...}, "labelSchema": { "maintainer": "email", "org.opencontainers.image.created": "rfc3339" },
//     "strictLabels": true, "allowedRegistries": ["docker.io", "*.example.com"], "pinVersions": true }

/** What a label's value must be (hadolint's label-schema types). */
export type LabelType = 'text' | 'url' | 'email' | 'rfc3339' | 'semver' | 'hash' | 'spdx';
export const LABEL_TYPES: readonly LabelType[] = ['text', 'url', 'email', 'rfc3339', 'semver', 'hash', 'spdx'];

export interface RuleOptions {
  /** Labels every final image must carry, by name, with the kind of value each holds. */
  labelSchema?: Record<string, LabelType>;
  /** Flag labels that are not in the schema. */
  strictLabels?: boolean;
  /** Registries FROM may pull from (`docker.io`, `*.example.com`); empty or absent: any. */
  allowedRegistries?: string[];
  /** Turn the version-pinning rules on (they are off by default). */
  pinVersions?: boolean;
  /** No comment in the Dockerfile silences a finding: `# hadolint ignore=`, `# dockerfile-optimizer
   *  ignore=` and `# check=skip=` are not honoured (hadolint's `disable-ignore-pragma`). */
  disableIgnorePragmas?: boolean;
}

const OPTION_KEYS = new Set(['labelSchema', 'strictLabels', 'allowedRegistries', 'pinVersions', 'disableIgnorePragmas']);

function withoutOptionKeys(data: object): object {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !OPTION_KEYS.has(key)));
}

/** The rule options of a config object; throws ConfigError on a malformed value. */
export function readRuleOptions(data: Record<string, unknown>, source: string): RuleOptions {
  const options: RuleOptions = {};
  const schema = data.labelSchema;
  if (schema !== undefined) {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new ConfigError(`${source}: "labelSchema" must map label names to a type`);
    options.labelSchema = {};
    for (const [label, type] of Object.entries(schema)) {
      if (!LABEL_TYPES.includes(type as LabelType)) {
        throw new ConfigError(`${source}: label "${label}" has type ${JSON.stringify(type)}; use ${LABEL_TYPES.join(', ')}`);
      }
      options.labelSchema[label] = type as LabelType;
    }
  }
  for (const key of ['strictLabels', 'pinVersions', 'disableIgnorePragmas'] as const) {
    const value = data[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new ConfigError(`${source}: "${key}" must be true or false`);
    options[key] = value;
  }
  const registries = data.allowedRegistries;
  if (registries !== undefined) {
    if (!Array.isArray(registries) || registries.some((r) => typeof r !== 'string')) {
      throw new ConfigError(`${source}: "allowedRegistries" must be a list of registry names`);
    }
    options.allowedRegistries = registries as string[];
  }
  return options;
}

export interface LoadedConfig {
  rules: RuleSettings;
  options: RuleOptions;
}

export function parseConfigWithOptions(text: string, source: string): LoadedConfig {
  const data = parseJsonObject(text, source) as Record<string, unknown>;
  return { rules: parseConfig(text, source), options: readRuleOptions(data, source) };
}

/** The config file's rule levels and rule options. */
export function loadConfig(path: string): LoadedConfig {
  return parseConfigWithOptions(readConfigText(path), path);
}

/** Later layers win, key by key (a layer's schema replaces an earlier one as a whole). */
export function mergeRuleOptions(...layers: (RuleOptions | undefined)[]): RuleOptions {
  const merged: RuleOptions = {};
  for (const layer of layers) if (layer) Object.assign(merged, Object.fromEntries(Object.entries(layer).filter(([, v]) => v !== undefined)));
  return merged;
}

/** Later layers win. `options` turns on the rules that a setting enables (`pinVersions`). */
export function effectiveLevel(meta: RuleMeta, layers: readonly (RuleSettings | undefined)[], options?: RuleOptions): SeverityOrOff {
  const enabled = meta.enabledByDefault !== false || (meta.enabledBySetting !== undefined && options?.[meta.enabledBySetting] === true);
  let level: SeverityOrOff = enabled ? meta.severity : 'off';
  for (const layer of layers) {
    if (!layer) continue;
    const byKey = lowerCased(layer);
    // Within a layer the entry written last wins, whichever of the rule's names it uses.
    let last = -1;
    for (const key of namesOf(meta)) {
      const entry = byKey.get(key);
      if (entry && entry.order > last) {
        last = entry.order;
        level = entry.level;
      }
    }
  }
  return level;
}

/**
 * effectiveLevel, remembered per settings layer when that layer is all there is (besides empty
 * ones): every file of a CLI run asks for each rule's level under the same layer object, and so
 * does the editor between changes of its settings when no config file applies. With two layers
 * (a config file and the editor's settings) the level is worked out each time, as are the
 * levels of rules that a rule option can turn on (options are not part of the key).
 */
export function levelUnder(meta: RuleMeta, layers: readonly (RuleSettings | undefined)[], options?: RuleOptions): SeverityOrOff {
  if (meta.enabledBySetting !== undefined) return effectiveLevel(meta, layers, options);
  let only: RuleSettings | null = null;
  for (const layer of layers) {
    if (!layer) continue;
    if (only !== null) return effectiveLevel(meta, layers, options);
    only = layer;
  }
  const levels = only === null ? levelsWithoutSettings : levelsOfLayer(only);
  let level = levels.get(meta);
  if (level === undefined) levels.set(meta, (level = effectiveLevel(meta, only === null ? [] : [only], options)));
  return level;
}

const levelsWithoutSettings = new Map<RuleMeta, SeverityOrOff>();
// Keyed by layers, which live as long as their configuration: no per-file object is kept here.
const levelsByLayer = new WeakMap<RuleSettings, Map<RuleMeta, SeverityOrOff>>();

function levelsOfLayer(layer: RuleSettings): Map<RuleMeta, SeverityOrOff> {
  let levels = levelsByLayer.get(layer);
  if (!levels) levelsByLayer.set(layer, (levels = new Map()));
  return levels;
}

const lowerCasedCodeLists = new WeakMap<readonly string[], string[]>();

/** A finding's codes lower-cased, once per list (most findings share their rule's aliases). */
function lowerCasedCodes(codes: readonly string[]): string[] {
  let lower = lowerCasedCodeLists.get(codes);
  if (!lower) lowerCasedCodeLists.set(codes, (lower = codes.map((code) => code.toLowerCase())));
  return lower;
}

const lowerCasedNames = new WeakMap<RuleMeta, string[]>();

/** A rule's id and aliases, lower-cased once. */
function namesOf(meta: RuleMeta): string[] {
  let names = lowerCasedNames.get(meta);
  if (!names) lowerCasedNames.set(meta, (names = [meta.id, ...meta.aliases].map((name) => name.toLowerCase())));
  return names;
}

// Every rule of every check looks its level up in the same few layers: index each layer once.
// Layers are never changed after they are made (a new config or setting makes a new object).
const lowerCasedLayers = new WeakMap<RuleSettings, Map<string, { level: SeverityOrOff; order: number }>>();

function lowerCased(layer: RuleSettings): Map<string, { level: SeverityOrOff; order: number }> {
  let byKey = lowerCasedLayers.get(layer);
  if (!byKey) {
    byKey = new Map();
    let order = 0;
    for (const [key, level] of Object.entries(layer)) byKey.set(key.toLowerCase(), { level, order: order++ });
    lowerCasedLayers.set(layer, byKey);
  }
  return byKey;
}

/**
 * The level of one finding, for rules that cover several peer codes (a finding of
 * multiple-instructions is DL3012 or DL4003; a ShellCheck finding is SC2086): a layer key that
 * names the finding's own code sets its level, so `"DL4003": "off"` or `"SC2086": "error"`
 * touches only those findings. Within a layer the code's key beats the rule id's; later layers
 * win. When no layer names one of the finding's codes, the finding keeps `base` (its rule's level).
 */
export class FindingLevels {
  private readonly layers: Map<string, { level: SeverityOrOff; order: number }>[];

  constructor(layers: readonly (RuleSettings | undefined)[]) {
    this.layers = layers.filter((layer): layer is RuleSettings => !!layer).map(lowerCased).filter((byKey) => byKey.size > 0);
  }

  level(meta: RuleMeta, codes: readonly string[], base: SeverityOrOff): SeverityOrOff {
    if (this.layers.length === 0 || codes.length === 0) return base;
    const own = lowerCasedCodes(codes);
    if (!this.layers.some((layer) => own.some((code) => layer.has(code)))) return base;
    let level = base;
    for (const layer of this.layers) {
      // The entry written last among the finding's own codes, else the rule's id.
      let byCode: { level: SeverityOrOff; order: number } | undefined;
      for (const code of own) {
        const entry = layer.get(code);
        if (entry && (!byCode || entry.order > byCode.order)) byCode = entry;
      }
      const byId = layer.get(meta.id.toLowerCase());
      if (byCode) level = byCode.level;
      else if (byId) level = byId.level;
    }
    return level;
  }
}
