// Checkstyle XML, the format of Checkstyle 4.3's XMLLogger that Jenkins (warnings-ng),
// reviewdog, SonarQube importers and most CI "warnings" plugins read:
//   <checkstyle version="4.3"><file name="..."><error line column severity message source/></file></checkstyle>
// Every checked file gets a <file> element, clean ones too, so consumers count them. A file
// that could not be read gets one <error> without a line. `source` is
// `dockerfile-optimizer.<rule-id>`: consumers show its last dotted part as the check's name.
import type { Severity } from '../analysis/types';
import type { FileOutcome } from './file-job';
import { displayPath } from './paths';
import { UNREADABLE_FILE_CHECK } from './report';
import { TOOL_NAME } from './version';
import { xmlAttribute, XML_DECLARATION } from './xml';

/** Checkstyle's severities are ignore, info, warning and error; a hint is still reported. */
export function checkstyleSeverity(severity: Severity): 'error' | 'warning' | 'info' {
  if (severity === 'error' || severity === 'warning') return severity;
  return 'info';
}

export function formatCheckstyle(outcomes: readonly FileOutcome[], cwd: string): string {
  const lines = [XML_DECLARATION, '<checkstyle version="4.3">'];
  for (const outcome of outcomes) {
    const path = displayPath(outcome.file, cwd);
    const entries: string[] = [];
    if (outcome.error !== null) {
      entries.push(errorElement({ severity: 'error', message: `Cannot read ${path}: ${outcome.error}`, source: UNREADABLE_FILE_CHECK }));
    }
    for (const finding of outcome.findings) {
      entries.push(
        errorElement({
          line: finding.line,
          column: finding.column,
          severity: checkstyleSeverity(finding.severity),
          message: finding.message,
          source: finding.ruleId,
        }),
      );
    }
    const name = `name="${xmlAttribute(path)}"`;
    lines.push(entries.length === 0 ? `  <file ${name}/>` : `  <file ${name}>\n${entries.join('\n')}\n  </file>`);
  }
  lines.push('</checkstyle>');
  return lines.join('\n') + '\n';
}

interface ErrorEntry {
  line?: number;
  column?: number;
  severity: string;
  message: string;
  /** The rule id (or check name); written with the tool's prefix. */
  source: string;
}

function errorElement(entry: ErrorEntry): string {
  const attributes: [string, string | number][] = [];
  if (entry.line !== undefined) attributes.push(['line', entry.line]);
  if (entry.column !== undefined) attributes.push(['column', entry.column]);
  attributes.push(['severity', entry.severity], ['message', entry.message], ['source', `${TOOL_NAME}.${entry.source}`]);
  return `    <error ${attributes.map(([name, value]) => `${name}="${xmlAttribute(value)}"`).join(' ')}/>`;
}
