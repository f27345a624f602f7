// Escaping for the XML reports (checkstyle, junit). Messages quote Dockerfile text, which may
// hold anything: markup characters, newlines, and control characters that XML 1.0 cannot
// carry at all, not even as character references. A report with one of those is rejected
// whole by strict parsers (Jenkins, GitLab), so they are written as a visible `\uXXXX`.

/** Characters XML 1.0 forbids (§2.2 Char), and UTF-16 halves without their other half. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(char: string): string {
  return '\\u' + char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * An attribute value, for use between double quotes. Tab, newline and carriage return are
 * written as character references: literally, a parser would normalize them to spaces.
 */
export function xmlAttribute(value: string | number): string {
  return String(value)
    .replace(FORBIDDEN, visible)
    .replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ENTITIES[char]);
}

/** Character data between tags: newlines and tabs stay as they are. */
export function xmlText(value: string): string {
  return value
    .replace(FORBIDDEN, visible)
    .replace(/[&<>\r]/g, (char) => ATTRIBUTE_ENTITIES[char]);
}

const ATTRIBUTE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
