// The `rules` command's output: one row per rule with what a user configures it by.
import type { RuleMeta } from '../analysis/rule';

/** What listing a rule needs: its metadata (fast and async rules alike). */
type Described = { meta: RuleMeta };

export function formatRulesText(rules: readonly Described[]): string {
  const header = ['RULE', 'CATEGORY', 'SEVERITY', 'FIXABLE', 'ALIASES'];
  const rows = rules.map((rule) => [
    rule.meta.id,
    rule.meta.category,
    rule.meta.enabledByDefault === false ? `off (${rule.meta.severity})` : rule.meta.severity,
    rule.meta.fixable ? 'yes' : 'no',
    rule.meta.aliases.join(', ') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const render = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)].join('\n') + `\n\n${rules.length} rules.\n`;
}

export function formatRulesJson(rules: readonly Described[]): string {
  const data = rules.map((rule) => ({
    id: rule.meta.id,
    category: rule.meta.category,
    severity: rule.meta.severity,
    enabledByDefault: rule.meta.enabledByDefault !== false,
    fixable: rule.meta.fixable,
    aliases: rule.meta.aliases,
    description: rule.meta.description,
  }));
  return JSON.stringify(data, null, 2) + '\n';
}
