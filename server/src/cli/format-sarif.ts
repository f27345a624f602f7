// SARIF 2.1.0, the subset GitHub code scanning reads: every rule as a reportingDescriptor (so
// alerts show its description and help), results with a ruleIndex into that list, one-based
// regions, and file locations relative to the working folder (run it from the repository root).
import { pathToFileURL } from 'node:url';
import type { RuleMeta } from '../analysis/rule';

/** What listing a rule needs: its metadata (fast and async rules alike). */
type Described = { meta: RuleMeta };
import type { Severity } from '../analysis/types';
import type { FileOutcome, Span } from './file-job';
import { artifactUri } from './paths';
import { TOOL_NAME, toolVersion } from './version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'error' || severity === 'warning') return severity;
  return 'note'; // info and hint
}

/** The first paragraph of a rule's docs, as plain text. */
function firstParagraph(markdown: string): string {
  const paragraph = markdown.trim().split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s*\n\s*/g, ' ').replace(/`/g, '').trim();
}

function ruleDescriptor(rule: Described) {
  const meta = rule.meta;
  return {
    id: meta.id,
    name: meta.id
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join(''),
    shortDescription: { text: meta.description.replace(/`/g, '') },
    fullDescription: { text: firstParagraph(meta.docs) || meta.description.replace(/`/g, '') },
    help: { text: meta.docs.replace(/`/g, ''), markdown: meta.docs },
    defaultConfiguration: { level: sarifLevel(meta.severity), enabled: meta.enabledByDefault !== false },
    properties: { tags: [meta.category, ...meta.aliases], fixable: meta.fixable },
  };
}

function region(span: Span) {
  return { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

export function buildSarif(outcomes: readonly FileOutcome[], rules: readonly Described[], cwd: string) {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const results = [];
  const notifications = [];
  for (const outcome of outcomes) {
    const { uri, relative } = artifactUri(outcome.file, cwd);
    const artifactLocation = relative ? { uri, uriBaseId: '%SRCROOT%' } : { uri };
    if (outcome.error !== null) {
      notifications.push({
        level: 'error',
        message: { text: `Cannot read ${uri}: ${outcome.error}` },
        locations: [{ physicalLocation: { artifactLocation } }],
      });
      continue;
    }
    for (const finding of outcome.findings) {
      const index = ruleIndex.get(finding.ruleId);
      results.push({
        ruleId: finding.ruleId,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: sarifLevel(finding.severity),
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(finding) } }],
        ...(finding.related.length > 0
          ? {
              relatedLocations: finding.related.map((related, id) => ({
                id,
                message: { text: related.message },
                physicalLocation: { artifactLocation, region: region(related) },
              })),
            }
          : {}),
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: toolVersion(),
            semanticVersion: toolVersion(),
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function formatSarif(outcomes: readonly FileOutcome[], rules: readonly Described[], cwd: string): string {
  return JSON.stringify(buildSarif(outcomes, rules, cwd), null, 2) + '\n';
}

function directoryUri(dir: string): string {
  // pathToFileURL drops a trailing slash; a base URI must end in one to resolve against.
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}
