// dockerfileOptimizer.hideDuplicates: which of our diagnostics another extension already reports.
// Peers' diagnostics are written as those extensions publish them (see the header of
// client/src/duplicates.ts for where each shape comes from); dockerfile-utils' are the real ones,
// from the installed package (the version Container Tools ships), beside our server's own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate, ValidationCode } from 'dockerfile-utils';
import {
  DOCKERFILE_UTILS_CODES,
  findDuplicates,
  OUR_SOURCE,
  peerData,
  peerKey,
  type DiagnosticLike,
  type RangeLike,
} from '../../client/src/duplicates';
import { ParseCache } from '../../server/src/analysis/model';
import { allRules } from '../../server/src/rules/index';
import { analyzeDocument } from '../../server/src/lsp/analyze-document';
import { ConfigFiles } from '../../server/src/lsp/config-files';
import { instructionLines, toDiagnostics } from '../../server/src/lsp/diagnostics';
import { RuleDocs } from '../../server/src/lsp/rule-docs';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { DockerfileModel } from '../../server/src/analysis/model';

// vscode.DiagnosticSeverity
const ERROR = 0;
const WARNING = 1;

function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): RangeLike {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

function ours(code: string, at: RangeLike, aliases: string[], lines: [number, number], severity = WARNING): DiagnosticLike {
  return { range: at, severity, source: OUR_SOURCE, code: { value: code }, message: `ours: ${code}`, data: { aliases, lines } };
}

/** exiasr.hadolint: no source, `[hadolint] ` messages, the whole line, the rule's wiki page as the code's target. */
function hadolint(code: string, line: number, lineLength: number): DiagnosticLike {
  return { range: range(line, 0, line, lineLength), severity: WARNING, code: { value: code }, message: `[hadolint] text of ${code}` };
}

/** Docker DX: BuildKit's check name, the instruction's lines, the source its client renames. */
function dockerDx(check: string, at: RangeLike, source = 'Docker DX (docker-language-server)'): DiagnosticLike {
  return { range: at, severity: WARNING, source, code: { value: check }, message: `${check} description (detail)` };
}

function hiddenCodes(mine: DiagnosticLike[], theirs: DiagnosticLike[]): string[] {
  return [...findDuplicates(mine, theirs).keys()].map((d) => `${String((d.code as { value: string }).value)}@${d.range.start.line}:${d.range.start.character}`);
}

describe('peer codes', () => {
  it('reads hadolint, Docker DX and dockerfile-utils codes; a bare number only from dockerfile-utils', () => {
    assert.equal(peerKey(hadolint('DL3007', 0, 18)), 'dl3007');
    assert.equal(peerKey({ ...hadolint('SC2086', 3, 20), source: 'hadolint' }), 'sc2086');
    assert.equal(peerKey(dockerDx('JSONArgsRecommended', range(4, 0, 4, 20))), 'jsonargsrecommended');
    assert.equal(peerKey(dockerDx('MaintainerDeprecated', range(1, 0, 1, 20), 'docker-language-server')), 'maintainerdeprecated');
    assert.equal(peerKey({ range: range(1, 0, 1, 10), source: 'dockerfile-utils', code: ValidationCode.DEPRECATED_MAINTAINER }), 'maintainerdeprecated');
    assert.equal(peerKey({ range: range(1, 0, 1, 10), source: 'dockerfile-utils', code: ValidationCode.UNKNOWN_INSTRUCTION }), null);
    assert.equal(peerKey({ range: range(1, 0, 1, 10), source: 'some-linter', code: 45 }), null);
    assert.equal(peerKey({ range: range(1, 0, 1, 10), source: 'some-linter', code: '45' }), null);
    assert.equal(peerKey({ range: range(1, 0, 1, 10), source: 'dockerfile-utils', code: '45' }), 'maintainerdeprecated');
    assert.equal(peerKey({ range: range(1, 0, 1, 10), source: 'x' }), null);
    assert.equal(peerKey(ours('latest-tag', range(0, 5, 0, 11), ['DL3007'], [0, 0])), null, 'ours is never a peer');
  });

  it('the dockerfile-utils table names real ValidationCodes and aliases our rules have', () => {
    const names: Record<number, string> = {
      0: 'CASING_INSTRUCTION',
      10: 'DUPLICATE_BUILD_STAGE_NAME',
      11: 'EMPTY_CONTINUATION_LINE',
      23: 'INVALID_DESTINATION',
      24: 'INVALID_PORT',
      29: 'ONBUILD_CHAINING_DISALLOWED',
      30: 'ONBUILD_TRIGGER_DISALLOWED',
      37: 'MULTIPLE_INSTRUCTIONS',
      45: 'DEPRECATED_MAINTAINER',
      49: 'JSON_IN_SINGLE_QUOTES',
      50: 'WORKDIR_IS_NOT_ABSOLUTE',
      51: 'BASE_NAME_EMPTY',
    };
    assert.deepEqual([...DOCKERFILE_UTILS_CODES.keys()].sort((a, b) => a - b), Object.keys(names).map(Number));
    for (const [code, name] of Object.entries(names)) assert.equal(ValidationCode[Number(code)], name, `dockerfile-utils code ${code}`);
    const aliases = new Set(allRules.flatMap((rule) => rule.meta.aliases));
    for (const alias of DOCKERFILE_UTILS_CODES.values()) assert.ok(aliases.has(alias), `no rule of ours has the alias ${alias}`);
  });

  it('our data is read only from our own diagnostics with a well-formed alias list', () => {
    assert.deepEqual(peerData(ours('latest-tag', range(0, 5, 0, 11), ['DL3006', 'DL3007'], [0, 0])), { aliases: ['DL3006', 'DL3007'], lines: [0, 0] });
    assert.equal(peerData({ range: range(0, 0, 0, 0), source: OUR_SOURCE, code: 'config-file' }), null);
    assert.equal(peerData({ range: range(0, 0, 0, 0), source: OUR_SOURCE, data: { aliases: [], lines: [0, 0] } }), null);
    assert.equal(peerData({ range: range(0, 0, 0, 0), source: OUR_SOURCE, data: { aliases: ['DL3007'] } }), null);
    assert.equal(peerData({ range: range(0, 0, 0, 0), source: OUR_SOURCE, data: { aliases: [7], lines: [0, 0] } }), null);
    assert.equal(peerData({ range: range(0, 0, 0, 0), source: 'hadolint', data: { aliases: ['DL3007'], lines: [0, 0] } }), null);
  });
});

describe('duplicates', () => {
  it("hadolint's DL3007 on the FROM line hides our latest-tag there, not on another FROM", () => {
    // FROM node:latest AS build / ... / FROM nginx:latest
    const mine = [ours('latest-tag', range(0, 5, 0, 16), ['DL3006', 'DL3007'], [0, 0]), ours('latest-tag', range(6, 5, 6, 17), ['DL3006', 'DL3007'], [6, 6])];
    assert.deepEqual(hiddenCodes(mine, [hadolint('DL3007', 0, 25)]), ['latest-tag@0:5']);
    assert.deepEqual(findDuplicates(mine, [hadolint('DL3007', 0, 25)]).get(mine[0]), [range(0, 0, 0, 25)], 'with the peer range');
    assert.deepEqual(hiddenCodes(mine, [hadolint('DL3006', 0, 25)]), ['latest-tag@0:5'], 'either alias');
    assert.deepEqual(hiddenCodes(mine, [hadolint('DL3008', 0, 25)]), [], 'another code');
  });

  it('a peer on the first line of a RUN hides ours further down the same RUN, not in the next one', () => {
    // 2 RUN apt-get update \ / 3   && apt-get install -y curl \ / 4   && rm -rf /var/lib/apt/lists/*  / 5 RUN apt-get install -y git
    const inFirst = ours('apt-no-recommends', range(3, 6, 3, 30), ['DL3015'], [2, 4]);
    const inSecond = ours('apt-no-recommends', range(5, 4, 5, 28), ['DL3015'], [5, 5]);
    assert.deepEqual(hiddenCodes([inFirst, inSecond], [hadolint('DL3015', 2, 23)]), ['apt-no-recommends@3:6']);
    assert.deepEqual(hiddenCodes([inFirst, inSecond], [hadolint('DL3015', 2, 23), hadolint('DL3015', 5, 30)]), ['apt-no-recommends@3:6', 'apt-no-recommends@5:4']);
  });

  it("Docker DX's check names, under either source, hide ours with that alias", () => {
    const mine = [
      ours('shell-form-cmd', range(4, 0, 4, 19), ['DL3025', 'JSONArgsRecommended'], [4, 4]),
      ours('maintainer-deprecated', range(1, 0, 1, 26), ['DL4000', 'MaintainerDeprecated'], [1, 1]),
      ours('copy-before-deps', range(3, 0, 3, 8), [], [3, 3]),
    ];
    const theirs = [dockerDx('JSONArgsRecommended', range(4, 0, 4, 19)), dockerDx('MaintainerDeprecated', range(1, 0, 1, 26), 'docker-language-server')];
    assert.deepEqual(hiddenCodes(mine, theirs), ['shell-form-cmd@4:0', 'maintainer-deprecated@1:0']);
  });

  it("Docker Scout's findings are no duplicate of latest-tag", () => {
    const mine = [ours('latest-tag', range(0, 5, 0, 16), ['DL3006', 'DL3007'], [0, 0])];
    assert.deepEqual(hiddenCodes(mine, [dockerDx('recommended_tag', range(0, 5, 0, 16)), dockerDx('not_pinned_digest', range(0, 5, 0, 16))]), []);
  });

  it('on one line, only the words the peer flags: EXPOSE 127.0.0.1:80:80 5000:5000', () => {
    const mine = [ours('expose-invalid-format', range(2, 7, 2, 22), ['ExposeInvalidFormat'], [2, 2]), ours('expose-invalid-format', range(2, 23, 2, 32), ['ExposeInvalidFormat'], [2, 2])];
    const theirs: DiagnosticLike[] = [{ range: range(2, 7, 2, 22), severity: WARNING, source: 'dockerfile-utils', code: ValidationCode.INVALID_PORT, message: 'Invalid containerPort: 127.0.0.1:80:80' }];
    assert.deepEqual(hiddenCodes(mine, theirs), ['expose-invalid-format@2:7']);
  });

  it('ours stays when it is more severe than the peer', () => {
    const mine = [ours('latest-tag', range(0, 5, 0, 16), ['DL3007'], [0, 0], ERROR)];
    assert.deepEqual(hiddenCodes(mine, [hadolint('DL3007', 0, 25)]), []);
    assert.deepEqual(hiddenCodes(mine, [{ ...hadolint('DL3007', 0, 25), severity: ERROR }]), ['latest-tag@0:5']);
  });

  it('a range that ends at column 0 of the next line covers only its first line', () => {
    const mine = [ours('empty-continuation', range(5, 0, 5, 10), ['NoEmptyContinuation'], [5, 7])];
    const endsBefore: DiagnosticLike = { range: range(4, 0, 5, 0), severity: WARNING, source: 'dockerfile-utils', code: ValidationCode.EMPTY_CONTINUATION_LINE };
    const inside: DiagnosticLike = { range: range(6, 0, 7, 0), severity: WARNING, source: 'dockerfile-utils', code: ValidationCode.EMPTY_CONTINUATION_LINE };
    assert.deepEqual(hiddenCodes(mine, [endsBefore]), []);
    assert.deepEqual(hiddenCodes(mine, [inside]), ['empty-continuation@5:0']);
  });

  it('nothing is hidden without peers, and diagnostics that are not ours are never touched', () => {
    const mine = [ours('latest-tag', range(0, 5, 0, 16), ['DL3007'], [0, 0])];
    assert.equal(findDuplicates(mine, []).size, 0);
    assert.equal(findDuplicates([hadolint('DL3007', 0, 25)], [hadolint('DL3007', 0, 25)]).size, 0);
  });
});

describe('our server against Container Tools (dockerfile-utils) on the same text', () => {
  const docs = new RuleDocs(undefined, '/nonexistent');
  const rulesById = new Map(allRules.map((rule) => [rule.meta.id, rule]));
  function serverDiagnostics(text: string) {
    const analysis = analyzeDocument({
      uri: 'untitled:Dockerfile',
      version: 1,
      generation: 0,
      text,
      settings: DEFAULT_SETTINGS,
      rules: allRules,
      configFiles: new ConfigFiles(),
      cache: new ParseCache(),
      onRuleError: () => {},
    });
    return toDiagnostics(analysis, rulesById, docs);
  }

  it('hides exactly ours that dockerfile-utils also reports', () => {
    const text = [
      'FROM debian:12 AS base', // 0
      'MAINTAINER someone@example.com', // 1
      'workdir app', // 2
      'RUN apt-get update && \\', // 3
      '', // 4: empty continuation line
      '    apt-get install -y curl', // 5
      'FROM base AS base', // 6: duplicate stage name
      'CMD ["a"]', // 7
      'CMD ["b"]', // 8: multiple CMD
      '',
    ].join('\n');
    const mine = serverDiagnostics(text);
    assert.ok(mine.length > 0 && mine.every((d) => d.source === OUR_SOURCE), 'every diagnostic of ours names its source');
    const theirs = validate(text);
    assert.ok(theirs.every((d) => d.source === 'dockerfile-utils'));
    const hidden = findDuplicates(mine, theirs);
    const hiddenIds = [...hidden.keys()].map((d) => `${d.code}@${d.range.start.line}`).sort();
    assert.deepEqual(hiddenIds, ['duplicate-stage-name@6', 'empty-continuation@5', 'instruction-casing@2', 'maintainer-deprecated@1', 'multiple-instructions@7', 'workdir-relative@2']);
    // Everything else of ours stays, among them findings dockerfile-utils has no check for.
    const kept = mine.filter((d) => !hidden.has(d)).map((d) => d.code);
    for (const id of ['apt-no-recommends', 'apt-lists', 'missing-user']) assert.ok(kept.includes(id), `${id} is kept: ${kept.join(', ')}`);
  });

  it('sends aliases and the instruction lines only for findings with peer codes', () => {
    const mine = serverDiagnostics('FROM node\nRUN apt-get update && \\\n    apt-get install -y curl\n');
    const latest = mine.find((d) => d.code === 'latest-tag');
    assert.deepEqual(latest?.data, { aliases: ['DL3006', 'DL3007'], lines: [0, 0] });
    const recommends = mine.find((d) => d.code === 'apt-no-recommends');
    assert.deepEqual(recommends?.data, { aliases: ['DL3015'], lines: [1, 2] });
    for (const diagnostic of mine) {
      const rule = rulesById.get(String(diagnostic.code));
      if (rule && rule.meta.aliases.length === 0 && diagnostic.code !== 'shellcheck') assert.equal(diagnostic.data, undefined, String(diagnostic.code));
    }
  });

  it('instruction lines: the instruction around a line, else the range itself', () => {
    const model = new DockerfileModel('# comment\nFROM a\nRUN x \\\n  && y\n\nCMD z\n');
    assert.deepEqual(instructionLines(model, range(3, 5, 3, 6)), [2, 3]);
    assert.deepEqual(instructionLines(model, range(1, 0, 1, 6)), [1, 1]);
    assert.deepEqual(instructionLines(model, range(0, 0, 0, 9)), [0, 0], 'a comment before any instruction');
    assert.deepEqual(instructionLines(model, range(4, 0, 4, 0)), [4, 4], 'an empty line between instructions');
    assert.deepEqual(instructionLines(null, range(2, 0, 3, 4)), [2, 3]);
  });
});
