// Offsets of a RUN script as written. The shell reader's word ends may lie past a line
// continuation (`g++\` + newline is one word), so an edit that cuts after a word first steps
// back to where the word's visible text ends.

/** `end` moved back over blanks and line continuations (`\` or the escape character, then a newline). */
export function visibleEnd(text: string, end: number, escapeChar = '\\'): number {
  let at = end;
  for (;;) {
    if (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) {
      at--;
      continue;
    }
    if (at > 0 && text[at - 1] === '\n') {
      let before = at - 1;
      if (before > 0 && text[before - 1] === '\r') before--;
      if (before > 0 && (text[before - 1] === '\\' || text[before - 1] === escapeChar)) {
        at = before - 1;
        continue;
      }
    }
    return at;
  }
}
