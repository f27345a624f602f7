import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkstyleSeverity, formatCheckstyle } from '../../server/src/cli/format-checkstyle';
import { CWD, FINDINGS, OUTCOMES } from './format-fixtures';
import { descendants, parseXml } from './xml-check';

describe('checkstyle format', () => {
  it('writes Checkstyle 4.3 XML with every attribute escaped', () => {
    assert.equal(
      formatCheckstyle(OUTCOMES, CWD),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="svc,a:b &amp; ü/Dockerfile">',
        '    <error line="1" column="6" severity="error" message="Pin &quot;node&quot; &lt;not&gt; &apos;latest&apos; &amp; 100% sure" source="dockerfile-optimizer.latest-tag"/>',
        '    <error line="2" column="5" severity="warning" message="first line&#10;second: a, b&#13;&#10;third" source="dockerfile-optimizer.apt-no-recommends"/>',
        '    <error line="3" column="1" severity="info" message="Größe ✓ 😀 bell\\u0007 esc\\u001B]" source="dockerfile-optimizer.missing-healthcheck"/>',
        '    <error line="4" column="5" severity="info" message="%0A stays literal, %25 too" source="dockerfile-optimizer.cache-mount"/>',
        '  </file>',
        '  <file name="clean/Dockerfile"/>',
        '  <file name="locked/Dockerfile">',
        '    <error severity="error" message="Cannot read locked/Dockerfile: permission denied" source="dockerfile-optimizer.unreadable-file"/>',
        '  </file>',
        '</checkstyle>',
        '',
      ].join('\n'),
    );
  });

  it('is well-formed XML that gives back every message and path a parser reads', () => {
    const root = parseXml(formatCheckstyle(OUTCOMES, CWD));
    assert.equal(root.name, 'checkstyle');
    assert.equal(root.attributes.version, '4.3');
    const files = root.children;
    assert.deepEqual(files.map((file) => file.attributes.name), ['svc,a:b & ü/Dockerfile', 'clean/Dockerfile', 'locked/Dockerfile']);
    const errors = descendants(files[0], 'error');
    // Characters XML cannot hold come back as a visible escape; everything else exactly.
    const expected = FINDINGS.map((f) => f.message.replace('\u0007', '\\u0007').replace('\u001b', '\\u001B'));
    assert.deepEqual(errors.map((e) => e.attributes.message), expected);
    assert.deepEqual(errors.map((e) => [Number(e.attributes.line), Number(e.attributes.column)]), FINDINGS.map((f) => [f.line, f.column]));
    assert.equal(descendants(files[1], 'error').length, 0);
    const unreadable = descendants(files[2], 'error')[0];
    assert.equal(unreadable.attributes.line, undefined);
    assert.equal(unreadable.attributes.severity, 'error');
  });

  it('maps our four levels to Checkstyle severities (a hint is still reported, as info)', () => {
    assert.deepEqual((['error', 'warning', 'info', 'hint'] as const).map(checkstyleSeverity), ['error', 'warning', 'info', 'info']);
  });

  it('an empty run is an empty <checkstyle> element', () => {
    assert.equal(formatCheckstyle([], CWD), '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n</checkstyle>\n');
    assert.equal(parseXml(formatCheckstyle([], CWD)).children.length, 0);
  });
});
