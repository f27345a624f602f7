// Hover on a finding: the rule (id, category, severity, peer codes, a link to its page), a
// preview of what its fix changes, and the rule's docs. The editor already shows the
// diagnostic's message next to it, so the message is not repeated.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { Rule } from '../analysis/rule';
import { applyEdits, comparePositions } from '../analysis/text';
import type { Finding, TextEdit } from '../analysis/types';
import type { DocumentAnalysis } from './analyze-document';
import type { RuleDocs } from './rule-docs';

const MAX_FINDINGS = 3;
const MAX_PREVIEW_LINES = 12;

export function hoverAt(analysis: DocumentAnalysis, position: Position, rulesById: ReadonlyMap<string, Rule>, docs: RuleDocs): Hover | null {
  const found = analysis.findings.filter((finding) => contains(finding, position));
  if (found.length === 0) return null;
  const sections = found.slice(0, MAX_FINDINGS).map((finding) => describeFinding(analysis.text, finding, rulesById.get(finding.ruleId), docs));
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: found[0].range };
}

function contains(finding: Finding, position: Position): boolean {
  return comparePositions(finding.range.start, position) <= 0 && comparePositions(position, finding.range.end) <= 0;
}

function describeFinding(text: string, finding: Finding, rule: Rule | undefined, docs: RuleDocs): string {
  const meta = rule?.meta;
  const href = docs.href(finding.ruleId);
  const title = href ? `[\`${finding.ruleId}\`](${href})` : `\`${finding.ruleId}\``;
  const facts = [meta?.category, finding.severity, ...(finding.aliases.length > 0 ? [finding.aliases.join(', ')] : [])].filter(Boolean);
  const parts = [`**${title}** · ${facts.join(' · ')}`];
  if (meta) parts.push(meta.description);
  const edits = finding.fix();
  if (edits) {
    const preview = fixPreview(text, edits);
    if (preview) parts.push(`**Fix:** ${finding.fixTitle ?? 'apply the rule\'s fix'} (Ctrl+. / ⌘.)\n\n\`\`\`diff\n${preview}\n\`\`\``);
  }
  if (meta?.docs) parts.push(meta.docs);
  return parts.join('\n\n');
}

/**
 * The lines the fix changes, before (`-`) and after (`+`), as a unified-diff body. Lines are
 * compared as a block: from the first line an edit touches to the last.
 */
export function fixPreview(text: string, edits: TextEdit[]): string | null {
  const fixed = applyEdits(text, edits);
  if (fixed === null || fixed === text) return null;
  const before = text.split(/\r?\n/);
  const after = fixed.split(/\r?\n/);
  let first = 0;
  while (first < before.length && first < after.length && before[first] === after[first]) first++;
  let lastBefore = before.length - 1;
  let lastAfter = after.length - 1;
  while (lastBefore >= first && lastAfter >= first && before[lastBefore] === after[lastAfter]) {
    lastBefore--;
    lastAfter--;
  }
  const removed = before.slice(first, lastBefore + 1).map((line) => '- ' + line);
  const added = after.slice(first, lastAfter + 1).map((line) => '+ ' + line);
  return [...clip(removed), ...clip(added)].join('\n').replace(/```/g, '`\u200b``');
}

function clip(lines: string[]): string[] {
  if (lines.length <= MAX_PREVIEW_LINES) return lines;
  return [...lines.slice(0, MAX_PREVIEW_LINES - 1), `  … ${lines.length - MAX_PREVIEW_LINES + 1} more lines`];
}
