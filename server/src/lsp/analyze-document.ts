// One check of one open document: its settings layers (config file, editor settings), its
// build context, the engine run, all guarded so that no text can take the server down.
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeRuleOptions, type RuleOptions } from '../analysis/config';
import { analyze, type AnalyzeOptions } from '../analysis/engine';
import { emptyEnv, envForFile, type AnalysisEnv } from '../analysis/env';
import type { DockerfileModel, ParseCache } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { Finding } from '../analysis/types';
import type { ConfigFiles } from './config-files';
import type { DocumentSettings } from './settings';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  /** The configuration generation it was made under; a config change makes it stale. */
  generation: number;
  text: string;
  /** Null when the engine failed on this text as a whole. */
  model: DockerfileModel | null;
  findings: Finding[];
  /** The options it ran with, so that fix-all runs the same rules the same way. */
  options: AnalyzeOptions;
  /** A broken `.dockerfile-optimizer.json`, which was ignored. */
  configError: { path: string | null; message: string } | null;
  /** Why the engine failed, when it did. */
  failure: string | null;
  elapsedMs: number;
}

export interface AnalysisInputs {
  uri: string;
  version: number;
  generation: number;
  text: string;
  settings: DocumentSettings;
  rules: readonly Rule[];
  configFiles: ConfigFiles;
  cache: ParseCache;
  onRuleError: (ruleId: string, error: unknown) => void;
}

/** The file system path of a `file:` URI, else null (untitled buffers, virtual files). */
export function documentPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** The build context folder: `contextPath` relative to the Dockerfile's folder, or that folder. */
export function contextFolder(dockerfilePath: string, contextPath: string): string {
  const folder = dirname(dockerfilePath);
  if (!contextPath) return folder;
  return isAbsolute(contextPath) ? contextPath : resolve(folder, contextPath);
}

export function analyzeDocument(inputs: AnalysisInputs): DocumentAnalysis {
  const started = performance.now();
  const path = documentPath(inputs.uri);
  let env: AnalysisEnv = emptyEnv;
  let configError: DocumentAnalysis['configError'] = null;
  const layers = [];
  let fileOptions: RuleOptions | undefined;
  if (path) {
    env = envForFile(path, contextFolder(path, inputs.settings.contextPath));
    const config = inputs.configFiles.lookup(dirname(path));
    if (config.error) configError = { path: config.path, message: config.error };
    layers.push(config.settings);
    fileOptions = config.options;
  }
  layers.push(inputs.settings.rules);
  const ruleOptions = mergeRuleOptions(fileOptions, inputs.settings.ruleOptions);
  const options: AnalyzeOptions = {
    rules: inputs.rules,
    settings: layers,
    env,
    cache: inputs.cache,
    onRuleError: inputs.onRuleError,
    ruleOptions,
    // Keep stage rules' findings between keystrokes until settings or context files change.
    incremental: inputs.generation + 1,
  };
  let model: DockerfileModel | null = null;
  let findings: Finding[] = [];
  let failure: string | null = null;
  try {
    const result = analyze(inputs.text, options);
    model = result.model;
    findings = result.findings;
  } catch (error) {
    // The parser itself can fail on odd text (FACTS: a stack overflow on ` RUN $\`): this
    // version gets no findings, the next keystroke gets another chance.
    failure = (error as Error)?.message ?? String(error);
  }
  return {
    uri: inputs.uri,
    version: inputs.version,
    generation: inputs.generation,
    text: inputs.text,
    model,
    findings,
    options,
    configError,
    failure,
    elapsedMs: performance.now() - started,
  };
}
