// ENV, ARG and LABEL properties read from simple text (ast-properties.ts) must be exactly what
// dockerfile-ast gives: every property instruction of the corpus, of mutated corpus texts and of
// odd cases is read both ways. The engine's reader may only decline (null), never differ; the
// library's own readers with the shortcut (its ARG constructor, getProperties(), and
// dockerfile-utils on top) must give what they give as published.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DockerfileParser, Onbuild, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { readAsPublished, readSimpleTextQuickly, simpleProperties } from '../../server/src/analysis/ast-properties';
import { parseChunk } from '../../server/src/analysis/parse';
import { corpusMissing, corpusTexts, HADOLINT_CASES, IN_CI, LARGE, REAL } from '../corpus/corpus-location';
import { random } from '../support/seeded-random';

interface AstProperty {
  getName(): string;
  getValue(): string | null;
  getRange(): unknown;
  getNameRange(): unknown;
  getValueRange(): unknown;
  getAssignmentOperator(): string | null;
  getAssignmentOperatorRange(): unknown;
}

type PropertyAst = Instruction & { getProperties(): AstProperty[]; getProperty?(): AstProperty | null; escapeChar: string };

interface Compared {
  /** Property instructions the engine's reader read. */
  simple: number;
  /** Those it left to the library. */
  declined: number;
}

function everything(property: AstProperty | null | undefined) {
  if (!property) return property;
  return {
    name: property.getName(),
    value: property.getValue(),
    range: property.getRange(),
    nameRange: property.getNameRange(),
    valueRange: property.getValueRange(),
    operator: property.getAssignmentOperator(),
    operatorRange: property.getAssignmentOperatorRange(),
  };
}

/** The property instructions of `text`, ONBUILD triggers too. */
function propertyInstructions(text: string): PropertyAst[] {
  const instructions = DockerfileParser.parse(text).getInstructions();
  const triggers = instructions.flatMap((instruction) => (instruction instanceof Onbuild && instruction.getTriggerInstruction() ? [instruction.getTriggerInstruction()!] : []));
  return [...instructions, ...triggers].filter((instruction) => ['ENV', 'ARG', 'LABEL'].includes(instruction.getKeyword().toUpperCase())) as PropertyAst[];
}

/** What dockerfile-ast reads of every property instruction, through all its property readers. */
function libraryReading(text: string) {
  return propertyInstructions(text).map((ast) => ({ properties: ast.getProperties().map(everything), property: everything(ast.getProperty?.()) }));
}

/** Reads every property instruction of `text` every way and asserts they agree. */
function compareBothWays(text: string, label: string, counts: Compared): void {
  readAsPublished();
  const published = libraryReading(text);
  const instructions = propertyInstructions(text);
  readSimpleTextQuickly();
  assert.deepEqual(libraryReading(text), published, `${label}, the library with the shortcut: ${JSON.stringify(text.slice(0, 300))}`);
  instructions.forEach((ast, i) => {
    const keyword = ast.getInstructionRange();
    const simple = simpleProperties(ast.getTextContent(), keyword.end.character - ast.getRange().start.character, keyword.end, ast.escapeChar);
    if (simple === null) {
      counts.declined++;
      return;
    }
    counts.simple++;
    const library = published[i].properties.map((p) => ({ name: p!.name, value: p!.value, range: p!.range, nameRange: p!.nameRange }));
    assert.deepEqual(simple, library, `${label}: ${JSON.stringify(ast.getTextContent())}`);
  });
}

/** Edits where the property reader has its cases: quotes, blanks, `=`, variables, escapes, breaks. */
const MUTATIONS = ['"', "'", ' ', '\t', '=', '= ', '=" ', '${', '}', '$', '#', '\\', '`', '\n', '\r\n', '"a b"', "'x'=", ''];

/** `count` texts made from `text` by a few seeded edits, some with the backtick escape. */
function mutated(text: string, seed: number, count: number): string[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    let variant = k % 4 === 3 ? '# escape=`\n' + text : text;
    for (let edit = 0; edit < 3; edit++) {
      // Mostly inside ENV, ARG and LABEL lines, where the reader works.
      const lines = [...variant.matchAll(/^[ \t]*(?:ENV|ARG|LABEL|ONBUILD (?:ENV|ARG|LABEL))\b.*$/gim)];
      const line = lines.length > 0 && pick(4) !== 0 ? lines[pick(lines.length)] : undefined;
      const at = line ? line.index! + pick(line[0].length + 1) : pick(variant.length + 1);
      const insert = MUTATIONS[pick(MUTATIONS.length)];
      variant = variant.slice(0, at) + insert + variant.slice(at + (insert === '' ? 1 : 0));
    }
    texts.push(variant);
  }
  return texts;
}

describe('reading simple ENV, ARG and LABEL properties', { timeout: 600_000 }, () => {
  after(readSimpleTextQuickly);

  it('reads odd cases as dockerfile-ast does, and leaves escapes and continuation lines to it', () => {
    const cases = [
      'ENV a=1',
      'ENV a=1 b=2\t c=3  ',
      'ENV  \t a',
      'ENV',
      'ENV ',
      'ENV a b c',
      'ENV a  b\t c ',
      'ENV a "b c" d',
      'ENV a=',
      'ENV =x',
      'ENV a==b',
      'ENV "a"=b',
      "ENV 'a'='b c'",
      'ENV "a=b',
      'ENV a="b',
      'ENV a"b"c=d',
      'ENV a="x"\tb=y',
      'ENV a="x"y b',
      "ENV '",
      'ENV "',
      "ENV a=' '",
      'ENV a=${b:-c d} e=f',
      'ENV a=${b',
      'ENV a=${"b c"} d',
      "ENV a=${'b}' c",
      'ENV a=$b c=$d',
      'ENV a=#b c # d',
      'ARG a',
      'ARG a=1 b',
      'ARG "a b"',
      'LABEL "org.label"="some value" other=\'x\'',
      'LABEL a',
      'label a=b',
      'ONBUILD ENV a=1 b="2 3"',
      '  ENV a=1',
      'FROM x\nENV a=1\nARG b\nLABEL c=d e',
    ];
    const counts: Compared = { simple: 0, declined: 0 };
    for (const text of cases) compareBothWays(text, 'odd case', counts);
    assert.ok(counts.simple >= cases.length, `read only ${counts.simple}`);
    // The library's cases: an escape, a line break, a blank after `=` inside quotes.
    for (const text of ['ENV a=\\ b', 'ENV a=1 \\\n  b=2', 'ENV a="= b"', 'ENV a= b', 'LABEL a=1 \\\r\n b=2', '# escape=`\nENV a=`x']) {
      const before = counts.declined;
      compareBothWays(text, 'declined case', counts);
      assert.equal(counts.declined, before + 1, `${JSON.stringify(text)} was read as simple`);
    }
  });

  it('reads every property instruction of the corpus and of mutated corpus texts as dockerfile-ast does', (t) => {
    const missing = corpusMissing(REAL) ?? corpusMissing(LARGE) ?? corpusMissing(HADOLINT_CASES);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    const counts: Compared = { simple: 0, declined: 0 };
    corpusTexts().forEach(({ name, text }, index) => {
      const variants = text.length < 20_000 && /^\s*(ENV|ARG|LABEL)\b/im.test(text) ? [text, ...mutated(text, index + 1, 6)] : [text];
      for (const variant of variants) compareBothWays(variant, name, counts);
    });
    // Most are simple; the rest prove that declining works.
    assert.ok(counts.simple > 10_000 && counts.declined > 1_000, JSON.stringify(counts));
  });

  it('gives the engine the properties the library gives, read either way', () => {
    const text = 'ENV a=1 b="2 3"\nARG c\nLABEL d e f\nENV g=\\\n  h\nONBUILD ENV i=j\n';
    const engine = parseChunk(text, 0).instructions.map((instruction) => [...instruction.properties, ...(instruction.trigger?.properties ?? [])]);
    readAsPublished();
    const library = DockerfileParser.parse(text)
      .getInstructions()
      .map((instruction) => (instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction) as PropertyAst)
      .map((ast) => ast.getProperties().map((p) => ({ name: p.getName(), value: p.getValue(), range: p.getRange(), nameRange: p.getNameRange() })));
    readSimpleTextQuickly();
    assert.deepEqual(engine, library);
    assert.deepEqual(
      engine.flat().map((p) => p.name),
      ['a', 'b', 'c', 'd', 'g', 'h', 'i'],
    );
  });

  it("gives dockerfile-utils' validator the same problems with the shortcut as without", (t) => {
    const missing = corpusMissing(REAL);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    for (const { name, text } of corpusTexts().slice(0, 800)) {
      readAsPublished();
      const published = validate(text);
      readSimpleTextQuickly();
      assert.deepEqual(validate(text), published, name);
    }
  });
});
