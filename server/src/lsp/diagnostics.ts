// Findings as LSP diagnostics, and the way back from a diagnostic the client sends with a
// code action request to the finding it came from.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { Rule } from '../analysis/rule';
import type { DockerfileModel } from '../analysis/model';
import type { Finding, Range, Severity } from '../analysis/types';
import type { DocumentAnalysis } from './analyze-document';
import type { RuleDocs } from './rule-docs';

export const DIAGNOSTIC_SOURCE = 'dockerfile-optimizer';
/** The code of the one diagnostic that reports a broken config file. */
export const CONFIG_DIAGNOSTIC_CODE = 'config-file';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TAGS = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated } as const;

export function toDiagnostics(analysis: DocumentAnalysis, rulesById: ReadonlyMap<string, Rule>, docs: RuleDocs): Diagnostic[] {
  const uri = analysis.uri;
  const diagnostics = analysis.findings.map((finding) => findingDiagnostic(uri, finding, rulesById.get(finding.ruleId), docs, analysis.model));
  if (analysis.configError) diagnostics.unshift(configDiagnostic(analysis.configError));
  return diagnostics;
}

/** One diagnostic at the top of the Dockerfile for a config file that was ignored. */
function configDiagnostic({ path, message }: { path: string | null; message: string }): Diagnostic {
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const diagnostic: Diagnostic = {
    range: top,
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: CONFIG_DIAGNOSTIC_CODE,
    message: `The config file was ignored: ${message}`,
  };
  if (path) diagnostic.relatedInformation = [{ location: { uri: pathToFileURL(path).href, range: top }, message: 'the config file' }];
  return diagnostic;
}

/**
 * Sent as a diagnostic's `data` when its finding has peer codes: what the client needs to tell
 * that another extension reports the same problem (client/src/duplicates.ts), without knowing
 * the rules.
 */
export interface PeerData {
  /** The finding's hadolint codes, BuildKit check names and ShellCheck codes. */
  aliases: string[];
  /** First and last line of the instruction the finding is in (peers report per instruction). */
  lines: [number, number];
}

function findingDiagnostic(uri: string, finding: Finding, rule: Rule | undefined, docs: RuleDocs, model: DockerfileModel | null): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: finding.message,
  };
  const href = docs.href(finding.ruleId);
  if (href) diagnostic.codeDescription = { href };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({ location: { uri, range: related.range }, message: related.message }));
  }
  const tags = rule?.meta.tags?.map((tag) => TAGS[tag]).filter((tag) => tag !== undefined);
  if (tags && tags.length > 0) diagnostic.tags = tags;
  if (finding.aliases.length > 0) diagnostic.data = { aliases: finding.aliases, lines: instructionLines(model, finding.range) } satisfies PeerData;
  return diagnostic;
}

/** The lines of the instruction that holds the start of `range` (binary search), else the range's own lines. */
export function instructionLines(model: DockerfileModel | null, range: Range): [number, number] {
  const own: [number, number] = [range.start.line, Math.max(range.start.line, range.end.line)];
  const instructions = model?.instructions;
  if (!instructions || instructions.length === 0) return own;
  const line = range.start.line;
  let low = 0;
  let high = instructions.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (instructions[middle].range.start.line <= line) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  const instruction = found >= 0 ? instructions[found] : undefined;
  if (!instruction || instruction.range.end.line < line) return own;
  return [Math.min(own[0], instruction.range.start.line), Math.max(own[1], instruction.range.end.line)];
}

/** The finding a diagnostic of ours stands for in this analysis, matched by rule, range and message. */
export function findingFor(analysis: DocumentAnalysis, diagnostic: Diagnostic): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') return undefined;
  return analysis.findings.find(
    (finding) => finding.ruleId === diagnostic.code && sameRange(finding.range, diagnostic.range) && finding.message === diagnostic.message,
  );
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}
