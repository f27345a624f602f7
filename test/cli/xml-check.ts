// A strict XML 1.0 well-formedness checker and reader, small enough to trust, for the reports'
// tests (no XML package in the project): it throws on anything a conforming parser must
// reject in documents of the kind we write (declaration, elements, attributes, character
// data, references, comments, CDATA), and returns the element tree with attribute values
// decoded as a parser would see them (references expanded, literal whitespace normalized).
// Not covered, because our reports never use them: DOCTYPE, processing instructions other
// than the declaration, and entities other than the five predefined ones.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The character data directly inside this element, references expanded. */
  text: string;
}

export class XmlError extends Error {}

const NAME_START = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9\u00B7\u0300-\u036F\u203F\u2040A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML 1.0 §2.2: the characters a document may contain at all. */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

export function parseXml(source: string): XmlElement {
  // Every character of the document, surrogate pairs taken whole; a lone half is not a character.
  for (let i = 0; i < source.length; i++) {
    const code = source.codePointAt(i)!;
    if (code >= 0xd800 && code <= 0xdfff) throw new XmlError(`unpaired surrogate at offset ${i}`);
    if (!isXmlChar(code)) throw new XmlError(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} at offset ${i} is not allowed in XML 1.0`);
    if (code > 0xffff) i++;
  }
  // §2.11: line ends are normalized before parsing.
  const text = source.replace(/\r\n?/g, '\n');
  let pos = 0;

  const fail = (message: string): never => {
    const line = text.slice(0, pos).split('\n').length;
    throw new XmlError(`${message} (line ${line}, offset ${pos})`);
  };
  const startsWith = (s: string) => text.startsWith(s, pos);
  const expect = (s: string) => {
    if (!startsWith(s)) fail(`expected '${s}'`);
    pos += s.length;
  };
  const skipSpace = (): boolean => {
    const start = pos;
    while (pos < text.length && ' \t\n'.includes(text[pos])) pos++;
    return pos > start;
  };
  const name = (): string => {
    const start = pos;
    if (!NAME_START.test(text[pos] ?? '')) fail('expected a name');
    pos++;
    while (pos < text.length && NAME_CHAR.test(text[pos])) pos++;
    return text.slice(start, pos);
  };
  const reference = (): string => {
    expect('&');
    const end = text.indexOf(';', pos);
    if (end === -1) fail('unterminated reference');
    const body = text.slice(pos, end);
    let value: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9a-fA-F]+$/.test(body)) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!isXmlChar(code)) fail(`character reference &${body}; is not a legal character`);
      value = String.fromCodePoint(code);
    } else if (body in PREDEFINED) {
      value = PREDEFINED[body];
    } else {
      return fail(`undeclared entity &${body};`);
    }
    pos = end + 1;
    return value;
  };
  const comment = () => {
    expect('<!--');
    const end = text.indexOf('--', pos);
    if (end === -1 || text[end + 2] !== '>') fail("'--' inside a comment, or unterminated comment");
    pos = end + 3;
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<!--')) comment();
      else return;
    }
  };
  const attributeValue = (): string => {
    const quote = text[pos];
    if (quote !== '"' && quote !== "'") fail('attribute value must be quoted');
    pos++;
    let value = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated attribute value');
      const c = text[pos];
      if (c === quote) {
        pos++;
        return value;
      }
      if (c === '<') fail("'<' in an attribute value");
      if (c === '&') value += reference();
      else {
        // §3.3.3: literal whitespace becomes a space; references keep what they name.
        value += c === '\t' || c === '\n' ? ' ' : c;
        pos++;
      }
    }
  };
  const element = (): XmlElement => {
    expect('<');
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = skipSpace();
      if (startsWith('/>')) {
        pos += 2;
        return { name: tag, attributes, children: [], text: '' };
      }
      if (startsWith('>')) {
        pos++;
        break;
      }
      if (!spaced) fail('attributes must be separated by white space');
      const attribute = name();
      if (Object.prototype.hasOwnProperty.call(attributes, attribute)) fail(`attribute '${attribute}' repeated on <${tag}>`);
      skipSpace();
      expect('=');
      skipSpace();
      attributes[attribute] = attributeValue();
    }
    const children: XmlElement[] = [];
    let content = '';
    for (;;) {
      if (pos >= text.length) fail(`<${tag}> is not closed`);
      if (startsWith('</')) {
        pos += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        skipSpace();
        expect('>');
        return { name: tag, attributes, children, text: content };
      }
      if (startsWith('<!--')) comment();
      else if (startsWith('<![CDATA[')) {
        const end = text.indexOf(']]>', pos);
        if (end === -1) fail('unterminated CDATA section');
        content += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith('<?') || startsWith('<!')) fail('markup that these reports never contain');
      else if (startsWith('<')) children.push(element());
      else if (startsWith('&')) content += reference();
      else if (startsWith(']]>')) fail("']]>' in character data");
      else content += text[pos++];
    }
  };

  if (startsWith('<?xml')) {
    pos += 5;
    if (!skipSpace()) fail('white space expected in the declaration');
    expect('version');
    skipSpace();
    expect('=');
    skipSpace();
    if (attributeValue() !== '1.0') fail('version must be 1.0');
    if (skipSpace() && startsWith('encoding')) {
      pos += 8;
      skipSpace();
      expect('=');
      skipSpace();
      if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(attributeValue())) fail('bad encoding name');
      skipSpace();
    }
    expect('?>');
  } else if (text.trimStart().startsWith('<?xml')) {
    fail('the XML declaration must come first');
  }
  misc();
  if (!startsWith('<')) fail('expected the root element');
  const root = element();
  misc();
  if (pos !== text.length) fail('content after the root element');
  return root;
}

/** The elements named `name` below `element`, at any depth, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}
