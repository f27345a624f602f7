// The XML checker the report tests rely on must reject what a strict parser rejects, or those
// tests could not fail.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseXml, XmlError } from './xml-check';

describe('xml-check', () => {
  it('accepts well-formed documents and decodes attributes and text as a parser does', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<a x="1 &amp; &lt;2&gt; &quot;&apos; &#10;&#x9;" y=\'q\tr\nz\'>t&amp;<b/><![CDATA[<raw>]]>é😀</a>\n');
    assert.equal(root.name, 'a');
    assert.deepEqual(root.attributes, { x: '1 & <2> "\' \n\t', y: 'q r z' });
    assert.equal(root.text, 't&<raw>é😀');
    assert.deepEqual(root.children.map((c) => c.name), ['b']);
    assert.equal(parseXml('<r/>').name, 'r');
    assert.equal(parseXml('<r a="&#13;"></r >').attributes.a, '\r');
  });

  const invalid: [string, string][] = [
    ['', 'no root'],
    ['<a>', 'unclosed'],
    ['<a></b>', 'mismatched end tag'],
    ['<a/><b/>', 'two roots'],
    ['<a/>text', 'text after the root'],
    ['<a x=1/>', 'unquoted attribute'],
    ['<a x="1" x="2"/>', 'repeated attribute'],
    ['<a x="1"y="2"/>', 'attributes without space'],
    ['<a x="<"/>', '< in an attribute'],
    ['<a x="&"/>', 'bare & in an attribute'],
    ['<a>&</a>', 'bare & in text'],
    ['<a>&nbsp;</a>', 'undeclared entity'],
    ['<a><</a>', '< in text'],
    ['<a>]]></a>', ']]> in text'],
    ['<a>\u0007</a>', 'control character in text'],
    ['<a x="\u001b"/>', 'control character in an attribute'],
    ['<a>&#7;</a>', 'reference to a control character'],
    ['<a>&#x0;</a>', 'reference to NUL'],
    ['<a>\uD800</a>', 'unpaired surrogate'],
    ['<a>\uFFFE</a>', 'U+FFFE'],
    [' <?xml version="1.0"?><a/>', 'declaration not first'],
    ['<?xml version="1.1"?><a/>', 'not XML 1.0'],
    ['<1a/>', 'bad name'],
    ['<a><!-- x -- y --></a>', '-- in a comment'],
  ];
  for (const [xml, why] of invalid) {
    it(`rejects ${why}`, () => {
      assert.throws(() => parseXml(xml), XmlError);
    });
  }
});
