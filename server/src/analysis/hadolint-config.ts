// hadolint's `.hadolint.yaml` / `.hadolint.yml`, read as our configuration when no
// `.dockerfile-optimizer.json` applies, so that a project moving from hadolint keeps its
// settings. Semantics follow hadolint's documented config schema (README, "Configure"):
//   ignored: [code]                      the findings of those codes are off
//   override: {error|warning|info|style: [code]}   their level (style -> our `hint`)
//   trustedRegistries: name | [name]     allowed-registries (DL3026) option allowedRegistries
//   label-schema: {label: type}          the label rules' labelSchema option
//   strict-labels: bool                  strictLabels
//   disable-ignore-pragma: bool          disableIgnorePragmas: no comment silences a finding
//   failure-threshold: level             CLI: the lowest finding level that makes `check` exit 1
//   no-fail: bool                        CLI: findings never make `check` exit 1
//   format, no-color, verbose            accepted; not applied (see the summary line)
// A code is matched to our rules through their aliases (`DL3008` is apt-pin's); `SCnnnn` codes
// apply to the ShellCheck rule's findings of that code. Codes without a rule here, unknown keys
// and unknown sub-keys are reported as warnings and skipped; a known key with a value of the
// wrong kind, or text that is not YAML, makes the whole file unusable (ConfigError), as our JSON
// config and hadolint itself do.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseDocument, YAMLError } from 'yaml';
import { CONFIG_FILE_NAME, ConfigError, findConfigFile, loadConfig, readRuleOptions, type LoadedConfig, type RuleSettings } from './config';
import type { RuleMeta } from './rule';
import type { Severity, SeverityOrOff } from './types';

/** Looked for in each folder from the Dockerfile's upwards, in this order (as hadolint does in its folder). */
export const HADOLINT_FILE_NAMES = ['.hadolint.yaml', '.hadolint.yml'] as const;
/** User-wide files (hadolint's `$XDG_CONFIG_HOME/hadolint.yaml`), for the CLI. */
const USER_FILE_NAMES = ['hadolint.yaml', 'hadolint.yml'] as const;

type HadolintLevel = 'error' | 'warning' | 'info' | 'style';
const OVERRIDE_LEVELS: readonly HadolintLevel[] = ['error', 'warning', 'info', 'style'];
/** hadolint's `style` is the level below info: our `hint` (shown faintly, not in the Problems list). */
const LEVEL: Record<HadolintLevel, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };
/** `ignore` and `none` sit below style in hadolint's order: every finding reaches them. */
const THRESHOLDS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'hint', ignore: 'hint', none: 'hint' };
const HADOLINT_FORMATS = ['tty', 'json', 'checkstyle', 'codeclimate', 'gitlab_codeclimate', 'gnu', 'codacy', 'sonarqube', 'sarif', 'junit'];
/** Our `--format` closest to each of hadolint's, for the hint in the summary. */
const OUR_FORMAT: Record<string, string> = { json: 'json', sarif: 'sarif', checkstyle: 'checkstyle', gitlab_codeclimate: 'gitlab', codeclimate: 'gitlab', junit: 'junit' };
const HADOLINT_CODE = /^(DL|SC)\d{4}$/i;
const SHELLCHECK_CODE = /^SC\d{4}$/i;

const KNOWN_KEYS = new Set([
  'ignored',
  'override',
  'trustedRegistries',
  'trusted-registries', // spelling of hadolint 2.0-2.6
  'label-schema',
  'strict-labels',
  'disable-ignore-pragma',
  'failure-threshold',
  'no-fail',
  'no-color',
  'format',
  'output-format', // spelling of hadolint 2.0-2.6
  'verbose',
]);

export interface HadolintConfig extends LoadedConfig {
  kind: 'hadolint';
  /** CLI: a finding at this level or above makes `check` exit 1 (absent: our default, error). */
  failureThreshold?: Severity;
  /** CLI: findings never make `check` exit 1. */
  noFail?: boolean;
  /** hadolint's output format as written (not applied: `--format` chooses ours). */
  format?: string;
  /** What could not be applied, one line each: unknown keys, codes without a rule here. */
  warnings: string[];
  /** What was read and what it became, for the log: "ignored 3 rules (DL3008, ...), ...". */
  summary: string;
}

/** Reads a hadolint config file's text; `rules`: every rule (fast and async), to match codes. */
export function parseHadolintConfig(text: string, source: string, rules: readonly { meta: RuleMeta }[]): HadolintConfig {
  const warnings: string[] = [];
  const data = parseYaml(text, source, warnings);
  for (const key of Object.keys(data)) if (!KNOWN_KEYS.has(key)) warnings.push(`unknown key "${key}" ignored`);

  const levels = codeLevels(data, source, warnings);
  const { rules: settings, applied } = ruleSettings(levels, rules, warnings);

  const options = readRuleOptions(
    {
      allowedRegistries: registryList(data.trustedRegistries ?? data['trusted-registries'], source),
      labelSchema: checked(data['label-schema'], 'label-schema', isMapping, 'must map label names to a type (text, url, email, rfc3339, semver, hash, spdx)', source),
      strictLabels: checked(data['strict-labels'], 'strict-labels', isBoolean, 'must be true or false', source),
      disableIgnorePragmas: checked(data['disable-ignore-pragma'], 'disable-ignore-pragma', isBoolean, 'must be true or false', source),
    },
    source,
  );
  const config: HadolintConfig = { kind: 'hadolint', rules: settings, options, warnings, summary: '' };
  readCliKeys(data, source, config);
  config.summary = summarize(config, applied);
  return config;
}

/** Reads the file at `path` (a ConfigError when it cannot be read or used). */
export function loadHadolintConfig(path: string, rules: readonly { meta: RuleMeta }[]): HadolintConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseHadolintConfig(text, path, rules);
}

/** Whether a config file is hadolint's (YAML) rather than ours (JSON), by its name. */
export function isHadolintConfigPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** The nearest `.hadolint.yaml` / `.hadolint.yml` from `startDir` upwards, or null. */
export function findHadolintConfigFile(startDir: string): string | null {
  for (let dir = startDir; ; dir = dirname(dir)) {
    for (const name of HADOLINT_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return null;
  }
}

/** hadolint's user-wide file: `$XDG_CONFIG_HOME/hadolint.yaml` (or `.yml`), else `~/.config/hadolint.yaml`. */
export function findUserHadolintConfigFile(env: NodeJS.ProcessEnv): string | null {
  const folder = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : null);
  if (!folder) return null;
  for (const name of USER_FILE_NAMES) {
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The config file for Dockerfiles in `startDir`: the nearest `.dockerfile-optimizer.json`
 *  upwards; else the nearest `.hadolint.yaml`/`.hadolint.yml` upwards; else null. */
export function findApplicableConfigFile(startDir: string): string | null {
  return findConfigFile(startDir) ?? findHadolintConfigFile(startDir);
}

/** Our JSON config or hadolint's YAML, by the file's name. */
export function loadAnyConfig(path: string, rules: readonly { meta: RuleMeta }[]): LoadedConfig | HadolintConfig {
  return isHadolintConfigPath(path) ? loadHadolintConfig(path, rules) : loadConfig(path);
}

export function isHadolintConfig(config: LoadedConfig | null | undefined): config is HadolintConfig {
  return (config as HadolintConfig | null | undefined)?.kind === 'hadolint';
}

/** The log line for a hadolint file in use: `using .hadolint.yaml at PATH (no .dockerfile-optimizer.json): ...`. */
export function describeHadolintConfig(path: string, config: HadolintConfig, how = `no ${CONFIG_FILE_NAME}`): string {
  return `using ${basename(path)} at ${path} (${how}): ${config.summary}`;
}

// ---------------------------------------------------------------------------------------

/** The YAML's top-level mapping; the parser's warnings (an unsupported %YAML version, ...) join `warnings`. */
function parseYaml(text: string, source: string, warnings: string[]): Record<string, unknown> {
  let data: unknown;
  try {
    // logLevel 'silent': nothing goes to the process's stderr; problems come back here.
    const document = parseDocument(text, { prettyErrors: true, logLevel: 'silent' });
    if (document.errors.length > 0) throw document.errors[0];
    for (const warning of document.warnings) warnings.push(`YAML: ${firstLine(warning.message)}`);
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const detail = error instanceof YAMLError ? firstLine(error.message) : (error as Error)?.message ?? String(error);
    throw new ConfigError(`${source}: not valid YAML (${detail})`);
  }
  // An empty file (or only comments) sets nothing.
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${source}: expected a mapping of hadolint settings (ignored:, override:, trustedRegistries:, ...)`);
  }
  return data as Record<string, unknown>;
}

/** The parser's first line says what and where ("... at line 3, column 5:"); the rest draws the line. */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:$/, '');
}

const isBoolean = (value: unknown) => typeof value === 'boolean';
const isMapping = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of `key` when present (null counts as absent) and of the right kind; else a ConfigError. */
function checked(value: unknown, key: string, ok: (value: unknown) => boolean, expected: string, source: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (!ok(value)) throw new ConfigError(`${source}: "${key}" ${expected}`);
  return value;
}

/** `trustedRegistries`: one registry or a list of them. */
function registryList(value: unknown, source: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ConfigError(`${source}: "trustedRegistries" must be a registry name or a list of them`);
  }
  return value as string[];
}

/** A list of strings under `key` (null or absent: empty). */
function codeList(value: unknown, key: string, source: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ConfigError(`${source}: "${key}" must be a list of rule codes (such as DL3008 or SC2086)`);
  }
  return (value as string[]).map((code) => code.trim()).filter(Boolean);
}

/** Each code's level, with hadolint's precedence: ignored over error over warning over info over style. */
function codeLevels(data: Record<string, unknown>, source: string, warnings: string[]): Map<string, SeverityOrOff> {
  const levels = new Map<string, SeverityOrOff>();
  const override = data.override;
  if (override !== undefined && override !== null) {
    if (typeof override !== 'object' || Array.isArray(override)) {
      throw new ConfigError(`${source}: "override" must map error, warning, info or style to lists of rule codes`);
    }
    for (const key of Object.keys(override)) {
      if (!OVERRIDE_LEVELS.includes(key as HadolintLevel)) warnings.push(`unknown key "override.${key}" ignored (use error, warning, info or style)`);
    }
    for (const level of [...OVERRIDE_LEVELS].reverse()) {
      for (const code of codeList((override as Record<string, unknown>)[level], `override.${level}`, source)) levels.set(code, LEVEL[level]);
    }
  }
  for (const code of codeList(data.ignored, 'ignored', source)) levels.set(code, 'off');
  return levels;
}

interface Applied {
  ignored: string[];
  overridden: string[];
}

/**
 * Our settings layer for the codes' levels. A code names a rule (its id or one of its aliases)
 * or, for SCnnnn, the ShellCheck findings of that code. A rule that covers several hadolint
 * codes (multiple-instructions: DL3012, DL4003, DL4004) is kept at its default level, written
 * after the codes, so that each code's key applies to its own findings only (FindingLevels).
 */
function ruleSettings(levels: Map<string, SeverityOrOff>, rules: readonly { meta: RuleMeta }[], warnings: string[]): { rules: RuleSettings; applied: Applied } {
  const byName = new Map<string, RuleMeta[]>();
  for (const { meta } of rules) {
    for (const name of [meta.id, ...meta.aliases]) {
      const key = name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), meta]);
    }
  }
  const settings: RuleSettings = {};
  const applied: Applied = { ignored: [], overridden: [] };
  /** Levels by lower-cased code, and the rules named through one of their hadolint codes. */
  const byCode = new Map<string, SeverityOrOff>();
  const sharedCodeRules = new Set<RuleMeta>();
  for (const [code, level] of levels) {
    const metas = byName.get(code.toLowerCase());
    if (!metas && !SHELLCHECK_CODE.test(code)) {
      warnings.push(HADOLINT_CODE.test(code) ? `${code}: no rule here has this code; skipped` : `"${code}" is not a rule code; skipped`);
      continue;
    }
    settings[code] = level;
    (level === 'off' ? applied.ignored : applied.overridden).push(code);
    if (!HADOLINT_CODE.test(code)) continue;
    byCode.set(code.toLowerCase(), level);
    for (const meta of metas ?? []) if (meta.aliases.filter((alias) => HADOLINT_CODE.test(alias)).length > 1) sharedCodeRules.add(meta);
  }
  for (const meta of sharedCodeRules) {
    if (meta.enabledByDefault === false || Object.keys(settings).some((key) => key.toLowerCase() === meta.id.toLowerCase())) continue;
    const codeLevels = meta.aliases.filter((alias) => HADOLINT_CODE.test(alias)).map((code) => byCode.get(code.toLowerCase()));
    // All its codes at one level: that is the rule's level, and an ignored rule does not run.
    if (codeLevels.every((level) => level !== undefined && level === codeLevels[0])) continue;
    settings[meta.id] = meta.severity;
  }
  return { rules: settings, applied };
}

function readCliKeys(data: Record<string, unknown>, source: string, config: HadolintConfig): void {
  const threshold = data['failure-threshold'];
  if (threshold !== undefined && threshold !== null) {
    if (typeof threshold !== 'string' || !(threshold.toLowerCase() in THRESHOLDS)) {
      throw new ConfigError(`${source}: "failure-threshold" is ${JSON.stringify(threshold)}; use error, warning, info, style, ignore or none`);
    }
    config.failureThreshold = THRESHOLDS[threshold.toLowerCase()];
  }
  for (const key of ['no-fail', 'no-color', 'verbose']) {
    const value = data[key];
    if (value !== undefined && value !== null && typeof value !== 'boolean') throw new ConfigError(`${source}: "${key}" must be true or false`);
  }
  if (data['no-fail'] === true) config.noFail = true;
  const format = data.format ?? data['output-format'];
  if (format !== undefined && format !== null) {
    if (typeof format !== 'string') throw new ConfigError(`${source}: "format" must be the name of an output format`);
    config.format = format;
    if (!HADOLINT_FORMATS.includes(format)) config.warnings.push(`format "${format}" is not one of hadolint's formats`);
  }
}

function summarize(config: HadolintConfig, applied: Applied): string {
  const parts: string[] = [];
  const list = (codes: string[]) => (codes.length > 0 ? ` (${codes.slice(0, 8).join(', ')}${codes.length > 8 ? ', ...' : ''})` : '');
  parts.push(`ignored ${plural(applied.ignored.length, 'rule')}${list(applied.ignored)}`);
  if (applied.overridden.length > 0) parts.push(`${plural(applied.overridden.length, 'severity override')}${list(applied.overridden)}`);
  const options = config.options;
  if (options.allowedRegistries) parts.push(`trustedRegistries: ${plural(options.allowedRegistries.length, 'registry', 'registries')} for allowed-registries (DL3026)`);
  if (options.labelSchema) parts.push(`label-schema: ${plural(Object.keys(options.labelSchema).length, 'label')}`);
  if (options.strictLabels !== undefined) parts.push(`strict-labels ${options.strictLabels}`);
  if (options.disableIgnorePragmas) parts.push('disable-ignore-pragma: ignore comments are not honoured');
  if (config.failureThreshold) parts.push(`failure-threshold ${config.failureThreshold} (CLI only)`);
  if (config.noFail) parts.push('no-fail (CLI only)');
  // The output format is the command line's choice (text by default, as hadolint's tty).
  if (config.format && config.format !== 'tty') parts.push(`format "${config.format}" not applied (use --format ${OUR_FORMAT[config.format] ?? 'FORMAT'})`);
  if (config.warnings.length > 0) parts.push(plural(config.warnings.length, 'warning'));
  return parts.join(', ');
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
