// The language server's modules in-process: pragma edits, fix-all's single edit, the fix
// preview, settings, which files are Dockerfiles, the debounce and per-version results, and
// that no text makes a feature throw.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { replace } from '../../server/src/analysis/edits';
import { DockerfileModel, ParseCache } from '../../server/src/analysis/model';
import type { Rule } from '../../server/src/analysis/rule';
import { applyEdits } from '../../server/src/analysis/text';
import { allRules } from '../../server/src/rules/index';
import { analyzeDocument, contextFolder, type DocumentAnalysis } from '../../server/src/lsp/analyze-document';
import { codeActions, fixAllEdit, minimalEdit } from '../../server/src/lsp/code-actions';
import { ConfigFiles } from '../../server/src/lsp/config-files';
import { toDiagnostics } from '../../server/src/lsp/diagnostics';
import { isDockerfileDocument } from '../../server/src/lsp/document-state';
import { fixPreview, hoverAt } from '../../server/src/lsp/hover';
import { ignoreForFileEdit, ignoreForLineEdit } from '../../server/src/lsp/pragmas';
import { RuleDocs } from '../../server/src/lsp/rule-docs';
import { DEFAULT_SETTINGS, readSettings, SettingsStore } from '../../server/src/lsp/settings';
import { Validator } from '../../server/src/lsp/validator';

const apply = (text: string, edit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string } | null) => {
  assert.ok(edit, 'an edit');
  return applyEdits(text, [edit])!;
};

describe('ignore pragmas written by code actions', () => {
  const lineIgnore = (text: string, line: number, id = 'rule-a') => apply(text, ignoreForLineEdit(new DockerfileModel(text), line, id));
  const fileIgnore = (text: string, id = 'rule-a') => apply(text, ignoreForFileEdit(new DockerfileModel(text), id));

  it('inserts a line pragma above the instruction, with its indentation', () => {
    assert.equal(lineIgnore('FROM a:1\n\tRUN x\n', 1), 'FROM a:1\n\t# dockerfile-optimizer ignore=rule-a\n\tRUN x\n');
    assert.equal(lineIgnore('FROM a:1\r\nRUN x\r\n', 1), 'FROM a:1\r\n# dockerfile-optimizer ignore=rule-a\r\nRUN x\r\n');
  });

  it('targets the first line of a multi-line instruction, also from a continuation or heredoc line', () => {
    assert.equal(lineIgnore('FROM a:1\nRUN a \\\n  && b\n', 2), 'FROM a:1\n# dockerfile-optimizer ignore=rule-a\nRUN a \\\n  && b\n');
    assert.equal(lineIgnore('FROM a:1\nRUN <<EOF\necho hi\nEOF\n', 2), 'FROM a:1\n# dockerfile-optimizer ignore=rule-a\nRUN <<EOF\necho hi\nEOF\n');
  });

  it('merges into a pragma of ours right above, even across other comments', () => {
    assert.equal(lineIgnore('FROM a:1\n# dockerfile-optimizer ignore=rule-b\nRUN x\n', 2), 'FROM a:1\n# dockerfile-optimizer ignore=rule-b,rule-a\nRUN x\n');
    assert.equal(lineIgnore('FROM a:1\n# dockerfile-optimizer ignore=rule-b  \n# why\nRUN x\n', 3), 'FROM a:1\n# dockerfile-optimizer ignore=rule-b,rule-a  \n# why\nRUN x\n');
    assert.equal(lineIgnore('FROM a:1\n# dockerfile-optimizer ignore=rule-b # the reason\nRUN x\n', 2), 'FROM a:1\n# dockerfile-optimizer ignore=rule-b,rule-a # the reason\nRUN x\n');
    assert.equal(lineIgnore('FROM a:1\n# dockerfile-optimizer ignore=rule-b,\nRUN x\n', 2), 'FROM a:1\n# dockerfile-optimizer ignore=rule-b,rule-a\nRUN x\n');
    // Not into one that belongs to an earlier instruction, nor into hadolint's.
    assert.equal(
      lineIgnore('FROM a:1\n# dockerfile-optimizer ignore=rule-b\nRUN y\nRUN x\n', 3),
      'FROM a:1\n# dockerfile-optimizer ignore=rule-b\nRUN y\n# dockerfile-optimizer ignore=rule-a\nRUN x\n',
    );
    assert.equal(lineIgnore('FROM a:1\n# hadolint ignore=DL3008\nRUN x\n', 2), 'FROM a:1\n# hadolint ignore=DL3008\n# dockerfile-optimizer ignore=rule-a\nRUN x\n');
  });

  it('offers no line pragma for a line outside any instruction', () => {
    const text = '# a comment\n\nFROM a:1\n';
    assert.equal(ignoreForLineEdit(new DockerfileModel(text), 0, 'rule-a'), null);
    assert.equal(ignoreForLineEdit(new DockerfileModel(text), 1, 'rule-a'), null);
  });

  it('puts the file pragma first, but below parser directives', () => {
    assert.equal(fileIgnore('FROM a:1\n'), '# dockerfile-optimizer global ignore=rule-a\nFROM a:1\n');
    assert.equal(fileIgnore('# syntax=docker/dockerfile:1\n# escape=\\\nFROM a:1\n'), '# syntax=docker/dockerfile:1\n# escape=\\\n# dockerfile-optimizer global ignore=rule-a\nFROM a:1\n');
    assert.equal(fileIgnore('# check=skip=all'), '# check=skip=all\n# dockerfile-optimizer global ignore=rule-a');
    assert.equal(fileIgnore(''), '# dockerfile-optimizer global ignore=rule-a\n');
    assert.equal(fileIgnore('# syntax=x\r\nFROM a:1\r\n'), '# syntax=x\r\n# dockerfile-optimizer global ignore=rule-a\r\nFROM a:1\r\n');
  });

  it('merges into an existing file pragma of ours', () => {
    assert.equal(fileIgnore('FROM a:1\n# dockerfile-optimizer global ignore=rule-b\n'), 'FROM a:1\n# dockerfile-optimizer global ignore=rule-b,rule-a\n');
    assert.equal(fileIgnore('FROM a:1\n# dockerfile-optimizer global ignore= rule-b #noisy\n'), 'FROM a:1\n# dockerfile-optimizer global ignore= rule-b,rule-a #noisy\n');
  });

  it('writes pragmas that the engine honours', () => {
    const rule = flagEveryRun('rule-a');
    const text = '# syntax=docker/dockerfile:1\nFROM a:1\n  RUN x\nRUN y\n';
    const runs = (t: string) => analyzeText(t, [rule]).findings.map((f) => f.range.start.line);
    assert.deepEqual(runs(text), [2, 3]);
    assert.deepEqual(runs(lineIgnore(text, 2)), [4]);
    assert.deepEqual(runs(fileIgnore(text)), []);
    const withReason = 'FROM a:1\n# dockerfile-optimizer ignore=other # reason\nRUN x\n';
    assert.deepEqual(runs(withReason), [2]);
    assert.deepEqual(runs(lineIgnore(withReason, 2)), []);
  });
});

describe('fix-all as one edit', () => {
  it('covers whole changed lines and reproduces the fixed text', () => {
    const cases: [string, string][] = [
      ['a\nb\nc\n', 'a\nB\nc\n'],
      ['a\r\nb\r\nc\r\n', 'a\r\nb\r\nX\r\nc\r\n'],
      ['a\r\nb\r\n', 'a\r\nb\r\nc\r\n'],
      ['same', 'same'],
      ['', 'x\n'],
      ['x\n', ''],
      ['\nx', 'y\nx'],
      ['ab', 'b'],
    ];
    for (const [before, after] of cases) {
      const edit = minimalEdit(before, after);
      assert.equal(edit.range.start.character, 0, JSON.stringify(before));
      const document = TextDocument.create('file:///x', 'dockerfile', 1, before);
      assert.equal(TextDocument.applyEdits(document, [edit]), after, JSON.stringify([before, after]));
    }
    assert.deepEqual(minimalEdit('a\nb\nc\n', 'a\nB\nc\n'), { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: 'B\n' });
  });
});

describe('hover fix preview', () => {
  it('shows the changed lines before and after', () => {
    const text = 'FROM a:1\nRUN x\nCMD y\n';
    assert.equal(fixPreview(text, [replace({ start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, 'z \\\n  && w')]), '- RUN x\n+ RUN z \\\n+   && w');
    assert.equal(fixPreview(text, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'USER app\n' }]), '+ USER app');
    assert.equal(fixPreview(text, []), null);
  });

  it('shows the rule, its docs and the preview for findings under the cursor only', () => {
    const analysis = analyzeText('FROM a:1\nRUN x\n', [flagEveryRun('rule-a')]);
    const docs = new RuleDocs(undefined, '/nonexistent');
    const rulesById = new Map([['rule-a', flagEveryRun('rule-a')]]);
    const hover = hoverAt(analysis, { line: 1, character: 4 }, rulesById, docs);
    const markdown = (hover?.contents as { value: string }).value;
    assert.match(markdown, /\*\*`rule-a`\*\* · correctness · warning · DL9000/);
    assert.match(markdown, /Docs of rule-a\./);
    assert.match(markdown, /```diff\n- RUN x\n\+ RUN fixed\n```/);
    assert.equal(hoverAt(analysis, { line: 0, character: 1 }, rulesById, docs), null);
  });
});

describe('settings', () => {
  it('keeps valid values and explains the rest', () => {
    assert.deepEqual(readSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
    const { settings, problems } = readSettings({ rules: { 'latest-tag': 'ERROR', DL3008: 'loud', x: 3 }, debounceMs: 20.4, contextPath: ' .. ' });
    assert.deepEqual(settings, { rules: { 'latest-tag': 'error' }, debounceMs: 20, contextPath: '..' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /DL3008.*"loud"/);
    assert.equal(readSettings({ debounceMs: -1 }).settings.debounceMs, DEFAULT_SETTINGS.debounceMs);
    assert.equal(readSettings({ debounceMs: 1e9 }).settings.debounceMs, 10_000);
    assert.equal(readSettings('nonsense').problems.length, 1);
  });

  it('fetches settings once per document until they change, and logs each problem once', async () => {
    let fetched = 0;
    const logs: string[] = [];
    const store = new SettingsStore(async () => {
      fetched++;
      return { rules: { a: 'nope' } };
    }, (line) => logs.push(line));
    await store.get('file:///a');
    await store.get('file:///a');
    await store.get('file:///b');
    assert.equal(fetched, 2);
    assert.equal(logs.length, 1);
    store.clear();
    await store.get('file:///a');
    assert.equal(fetched, 3);
    const failing = new SettingsStore(() => Promise.reject(new Error('no client')), (line) => logs.push(line));
    assert.deepEqual(await failing.get('file:///c'), DEFAULT_SETTINGS);
  });

  it('resolves the build context relative to the Dockerfile', () => {
    assert.equal(contextFolder('/w/app/Dockerfile', ''), '/w/app');
    assert.equal(contextFolder('/w/app/docker/Dockerfile', '..'), '/w/app');
    assert.equal(contextFolder('/w/app/Dockerfile', '/ctx'), '/ctx');
  });
});

describe('which documents are checked', () => {
  it('takes the dockerfile language and Dockerfile names, not ignore files', () => {
    const checked = (uri: string, language = 'plaintext') => isDockerfileDocument(uri, language);
    assert.ok(checked('file:///w/x.txt', 'dockerfile'));
    assert.ok(checked('file:///w/Dockerfile'));
    assert.ok(checked('file:///w/Containerfile'));
    assert.ok(checked('file:///w/Dockerfile.prod'));
    assert.ok(checked('file:///w/api.Dockerfile'));
    assert.ok(checked('untitled:Untitled-1', 'dockerfile'));
    assert.ok(!checked('file:///w/Dockerfile.dockerignore', 'dockerfile'));
    assert.ok(!checked('file:///w/.dockerignore'));
    assert.ok(!checked('file:///w/README.md'));
    assert.ok(!checked('file:///w/%E0%A4%A', 'plaintext'));
  });
});

describe('validation scheduling', () => {
  it('checks a new document at once, then once per quiet period, and keeps results per version', async () => {
    let analyses = 0;
    const counting: Rule = { ...flagEveryRun('rule-a'), check: (context) => (analyses++, flagEveryRun('rule-a').check(context)) };
    const documents = new Map<string, TextDocument>();
    const published: DocumentAnalysis[] = [];
    let onPublish: (() => void) | null = null;
    const nextPublish = () => new Promise<void>((resolve) => (onPublish = resolve));
    const validator = new Validator({
      rules: [counting],
      documents: { get: (uri) => documents.get(uri), all: () => [...documents.values()] },
      settings: new SettingsStore(async () => ({ debounceMs: 200 }), () => {}),
      configFiles: new ConfigFiles(),
      publish: (analysis) => {
        published.push(analysis);
        onPublish?.();
      },
      log: () => {},
    });
    const uri = 'untitled:Dockerfile';
    let document = TextDocument.create(uri, 'dockerfile', 1, 'FROM a:1\nRUN x\n');
    documents.set(uri, document);
    let published1 = nextPublish();
    validator.schedule(document);
    await published1;
    assert.deepEqual(published.map((a) => a.version), [1], 'checked when opened');

    // Five quick edits: one check, of the last version, once the typing stops.
    published1 = nextPublish();
    for (let version = 2; version <= 6; version++) {
      document = TextDocument.update(document, [{ text: 'FROM a:1\nRUN x\n'.repeat(version) }], version);
      documents.set(uri, document);
      validator.schedule(document);
    }
    assert.equal(published.length, 1, 'nothing while typing');
    await published1;
    assert.deepEqual(published.map((a) => a.version), [1, 6]);
    const before = analyses;
    assert.equal(await validator.current(uri), published[1], 'the kept result of this version');
    assert.equal(analyses, before, 'no second analysis of the same version');

    // A request for a version not yet checked checks it now, in place of the pending debounce.
    document = TextDocument.update(document, [{ text: 'FROM a:1\n' }], 7);
    documents.set(uri, document);
    validator.schedule(document);
    assert.equal((await validator.current(uri))?.version, 7);
    await sleep(300);
    assert.deepEqual(published.map((a) => a.version), [1, 6, 7]);

    validator.close(uri);
    assert.equal(await validator.current(uri), null);
  });
});

describe('robustness', () => {
  it('turns a failure of the engine into an empty result with a reason', () => {
    const broken = { get meta(): never { throw new RangeError('Maximum call stack size exceeded'); }, check() {} } as unknown as Rule;
    const analysis = analyzeText('FROM a:1\n', [broken]);
    assert.deepEqual(analysis.findings, []);
    assert.match(analysis.failure ?? '', /Maximum call stack/);
    assert.deepEqual(codeActions({ analysis, diagnostics: [], rulesById: new Map(), canResolveEdit: false }), []);
  });

  it('never throws on mutated Dockerfiles, in any feature', () => {
    const seeds = [
      '# syntax=docker/dockerfile:1\nARG NODE=20\nFROM node:${NODE}-slim AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nFROM node:${NODE}-slim\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
      'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl git \\\n && rm -rf /var/lib/apt/lists/*\nRUN <<EOF\nset -e\necho hi\nEOF\nONBUILD RUN make\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nENTRYPOINT /bin/app\n',
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Write-Host `\n  hi\n',
    ];
    const random = seededRandom(42);
    const rulesById = new Map(allRules.map((rule) => [rule.meta.id, rule]));
    const docs = new RuleDocs(undefined, '/nonexistent');
    for (let i = 0; i < 400; i++) {
      const text = mutate(seeds[i % seeds.length], random);
      const analysis = analyzeText(text, allRules);
      const diagnostics = toDiagnostics(analysis, rulesById, docs);
      codeActions({ analysis, diagnostics, rulesById, canResolveEdit: false });
      for (const diagnostic of diagnostics.slice(0, 3)) hoverAt(analysis, diagnostic.range.start, rulesById, docs);
      if (i % 10 === 0) fixAllEdit(analysis);
    }
  });

  const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'real');
  it('serves every real Dockerfile of the corpus: diagnostics, well-formed actions, hovers', { skip: !existsSync(corpus) && !process.env.CI && 'the shared corpus is absent' }, () => {
    assert.ok(existsSync(corpus), 'the shared corpus is needed under CI');
    const rulesById = new Map(allRules.map((rule) => [rule.meta.id, rule]));
    const docs = new RuleDocs(undefined, '/nonexistent');
    const names = readdirSync(corpus).filter((name) => name !== 'SOURCES.tsv');
    assert.ok(names.length > 100);
    for (const name of names) {
      const text = readFileSync(join(corpus, name), 'utf8');
      const analysis = analyzeText(text, allRules);
      assert.equal(analysis.failure, null, name);
      const diagnostics = toDiagnostics(analysis, rulesById, docs);
      const actions = codeActions({ analysis, diagnostics, rulesById, canResolveEdit: true });
      for (const action of actions) {
        const edits = action.edit?.changes?.['untitled:Dockerfile'];
        if (edits) assert.notEqual(applyEdits(text, edits), null, `${name}: ${action.title} has overlapping edits`);
      }
      for (const diagnostic of diagnostics) hoverAt(analysis, diagnostic.range.start, rulesById, docs);
    }
  });
});

function analyzeText(text: string, rules: readonly Rule[]): DocumentAnalysis {
  return analyzeDocument({
    uri: 'untitled:Dockerfile',
    version: 1,
    generation: 0,
    text,
    settings: DEFAULT_SETTINGS,
    rules,
    configFiles: new ConfigFiles(),
    cache: new ParseCache(),
    onRuleError: () => {},
  });
}

function flagEveryRun(id: string): Rule {
  return {
    meta: { id, category: 'correctness', severity: 'warning', description: `Flags ${id}.`, docs: `Docs of ${id}.`, fixable: true, aliases: ['DL9000'] },
    check({ model, report }) {
      for (const run of model.runInstructions()) {
        const word = run.args[0];
        if (word) report({ range: word.range, message: 'a RUN', fixTitle: 'Fix it', fix: () => [replace(word.range, 'fixed')] });
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const FRAGMENTS = ['\\', '\n', '$', '${', '}', '<<EOF', '"', "'", '[', ']', ' ', '--mount=', 'FROM ', 'RUN ', '#', '\r', '`', ' AS ', '&&'];

/** Deletes, duplicates or inserts a few slices: half-typed lines, broken continuations and quotes. */
function mutate(text: string, random: () => number): string {
  let result = text;
  const steps = 1 + Math.floor(random() * 4);
  for (let step = 0; step < steps; step++) {
    const at = Math.floor(random() * (result.length + 1));
    const length = Math.floor(random() * 12);
    const choice = random();
    if (choice < 0.35) result = result.slice(0, at) + result.slice(at + length);
    else if (choice < 0.6) result = result.slice(0, at) + result.slice(at, at + length) + result.slice(at);
    else result = result.slice(0, at) + FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] + result.slice(at);
  }
  return result;
}
