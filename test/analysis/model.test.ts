import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { DockerfileModel, ParseCache, type RunCache } from '../../server/src/analysis/model';
import { memoKey } from '../../server/src/analysis/memo';
import { splitIntoChunks } from '../../server/src/analysis/chunks';
import { corpusMissing, corpusTexts, HADOLINT_CASES, IN_CI, LARGE, REAL } from '../corpus/corpus-location';

const multiStage = [
  'ARG NODE=20',
  'ARG REGISTRY',
  'FROM node:${NODE} AS build',
  'WORKDIR /app',
  'RUN --mount=type=cache,target=/root/.npm npm ci',
  'FROM build AS test',
  'RUN npm test',
  'FROM ${REGISTRY}/base:1 AS other',
  'FROM gcr.io/distroless/nodejs20-debian12@sha256:abc',
  'COPY --from=build /app/dist /app',
  'COPY --from=0 /x /y',
  '',
].join('\n');

describe('DockerfileModel', () => {
  const model = new DockerfileModel(multiStage);

  it('finds stages, names, final stage and global ARGs', () => {
    assert.deepEqual(model.stages.map((s) => s.name), ['build', 'test', 'other', null]);
    assert.equal(model.finalStage?.index, 3);
    assert.deepEqual([...model.globalArgs], [['NODE', '20'], ['REGISTRY', null]]);
    assert.deepEqual(model.stages.map((s) => s.isFinal), [false, false, false, true]);
  });

  it('resolves base images through global ARGs and links stages', () => {
    const [build, test, other, final] = model.stages;
    assert.equal(build.base.resolved, 'node:20');
    assert.equal(build.base.tag, '20');
    assert.equal(test.baseStage, build);
    assert.ok(other.base.unresolved);
    assert.equal(final.base.registry, 'gcr.io');
    assert.equal(final.base.name, 'distroless/nodejs20-debian12');
    assert.equal(final.base.digest, 'sha256:abc');
    assert.deepEqual(final.copiesFrom.map((s) => s.name), ['build']);
  });

  it('reads RUN mounts and commands', () => {
    const run = model.run(model.stages[0].instructions[2]);
    assert.equal(run.mounts[0].type, 'cache');
    assert.equal(run.mounts[0].target, '/root/.npm');
    assert.deepEqual(run.commands.map((c) => c.name), ['npm']);
  });

  it('reads the RUN of an unterminated heredoc (whose content dockerfile-ast runs past the instruction)', () => {
    const model = new DockerfileModel('RUN <<EOF\n');
    const [run] = model.runInstructions();
    assert.ok(run.heredocs[0].content.length > 0, 'dockerfile-ast now gives this heredoc no content: the test proves nothing');
    assert.deepEqual(model.run(run).commands, []);
  });

  it('reads heredoc and exec-form RUNs', () => {
    const heredoc = new DockerfileModel('FROM alpine\nRUN <<EOF\napk add curl\nrm -rf /x\nEOF\nRUN ["sh", "-c", "a && b"]\nRUN ["apk", "add", "git"]\n');
    const [h, sh, exec] = heredoc.runInstructions();
    assert.deepEqual(heredoc.run(h).commands.map((c) => c.name), ['apk', 'rm']);
    const apk = heredoc.run(h).commands[0];
    assert.equal(heredoc.text.slice(heredoc.startOffsetOf(h) + apk.start, heredoc.startOffsetOf(h) + apk.end), 'apk add curl');
    assert.deepEqual(heredoc.run(sh).commands.map((c) => c.name), ['a', 'b']);
    assert.deepEqual(heredoc.run(exec).commands[0].args.map((a) => a.value), ['add', 'git']);
    assert.equal(heredoc.run(exec).editable, false);
  });

  it('knows when SHELL or a Windows base makes RUN non-POSIX', () => {
    const pwsh = new DockerfileModel('FROM alpine\nSHELL ["pwsh", "-c"]\nRUN Get-Item x\nSHELL ["/bin/bash", "-c"]\nRUN ls\n');
    const [first, second] = pwsh.runInstructions();
    assert.equal(pwsh.run(first).posixShell, false);
    assert.deepEqual(pwsh.run(second).commands.map((c) => c.name), ['ls']);
    const windows = new DockerfileModel('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n');
    assert.equal(windows.run(windows.runInstructions()[0]).posixShell, false);
  });

  it('reads ignore-relevant comments and directives', () => {
    const withDirectives = new DockerfileModel('# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM a:1\n# hello\nRUN x\n');
    assert.equal(withDirectives.directives.get('check'), 'skip=JSONArgsRecommended');
    assert.deepEqual(withDirectives.comments.map((c) => [c.line, c.text]), [[3, 'hello']]);
  });
});

describe('chunked parsing', () => {
  const sample = '# escape=`\nFROM a:1 AS one\nRUN echo `\n  FROM not-a-stage\nRUN cat <<EOF\nFROM inside-heredoc\nEOF\nFROM b:2\nRUN x\n';

  it('splits only at FROM instructions, not continuations or heredoc bodies', () => {
    const split = splitIntoChunks(sample);
    assert.equal(split.escapeChar, '`');
    assert.deepEqual(split.chunks.map((c) => c.startLine), [0, 1, 7]);
  });

  it('gives the same instructions as parsing the whole file', () => {
    for (const text of [sample, multiStage, 'FROM a\r\nRUN b \\\r\n  c\r\nFROM d\r\n', '', 'garbage\n\nFROM\n']) {
      const model = new DockerfileModel(text);
      const whole = DockerfileParser.parse(text).getInstructions();
      assert.deepEqual(
        model.instructions.map((i) => [i.keyword, i.range, i.args.map((a) => a.value)]),
        whole.map((i) => [i.getKeyword(), i.getRange(), i.getArguments().map((a) => a.getValue())]),
      );
    }
  });

  it('re-parses only the chunk an edit touches', () => {
    const cache = new ParseCache();
    const parsed: string[] = [];
    const original = cache.chunk.bind(cache);
    cache.chunk = (text, prefix) => {
      const before = (cache as unknown as { chunks: Map<string, unknown> }).chunks.size;
      const result = original(text, prefix);
      if ((cache as unknown as { chunks: Map<string, unknown> }).chunks.size > before) parsed.push(text.split('\n')[0]);
      return result;
    };
    new DockerfileModel('FROM a:1\nRUN one\nFROM b:1\nRUN two\nFROM c:1\nRUN three\n', cache);
    parsed.length = 0;
    const edited = new DockerfileModel('FROM a:1\nRUN one\nFROM b:1\nRUN two && more\nFROM c:1\nRUN three\n', cache);
    assert.deepEqual(parsed, ['FROM b:1']);
    assert.equal(edited.stages[2].from.range.start.line, 4);
    assert.deepEqual(edited.instructions.map((i) => i.index), [0, 1, 2, 3, 4, 5]);
  });
});

describe('JSON arguments', () => {
  it('keeps spaces and escapes inside JSON strings', () => {
    const model = new DockerfileModel('FROM a:1\nRUN ["sh","-c","apt-get update && x"]\nCMD ["node", "a b.js", "q\\"x\\u0041"]\n');
    assert.deepEqual(model.instructions[1].jsonStrings, ['sh', '-c', 'apt-get update && x']);
    assert.deepEqual(model.instructions[2].jsonStrings, ['node', 'a b.js', 'q"xA']);
    assert.deepEqual(model.run(model.instructions[1]).commands.map((c) => c.name), ['apt-get', 'x']);
  });
});

describe('instruction offsets', () => {
  /** Every instruction (ONBUILD triggers too) spans exactly its text at the offsets the model gives. */
  const assertOffsetsMatchText = (model: DockerfileModel, name: string) => {
    for (const instruction of model.instructions) {
      for (const one of instruction.trigger ? [instruction, instruction.trigger] : [instruction]) {
        const spanned = model.text.slice(model.startOffsetOf(one), model.endOffsetOf(one));
        assert.equal(spanned, one.text, `${name}: ${one.keyword} on line ${one.range.start.line + 1}`);
      }
    }
  };

  /** Checked whole, then from a parse cache before and after edits above, inside and below a stage. */
  const assertAfterEdits = (text: string, name: string) => {
    assertOffsetsMatchText(new DockerfileModel(text), name);
    const cache = new ParseCache();
    assertOffsetsMatchText(new DockerfileModel(text, cache), `${name} (cached)`);
    const lines = text.split('\n');
    for (const at of [1, lines.length >> 1, lines.length - 2]) {
      if (at < 1 || at >= lines.length) continue;
      // A typed character moves the offsets below it; a new line moves the lines too.
      // (Typed before a line's \r, as an editor does: dockerfile-ast takes a lone \r for a line break.)
      const typed = [...lines.slice(0, at), lines[at].replace(/\r?$/, ' $&'), ...lines.slice(at + 1)].join('\n');
      assertOffsetsMatchText(new DockerfileModel(typed, cache), `${name} (typed on line ${at + 1})`);
      const newLine = [...lines.slice(0, at), '', ...lines.slice(at)].join('\n');
      assertOffsetsMatchText(new DockerfileModel(newLine, cache), `${name} (new line ${at + 1})`);
    }
  };

  it('span each instruction text, whole or from the cache, after edits, with an escape directive, CRLF and ONBUILD', () => {
    assertAfterEdits(multiStage, 'multi-stage');
    assertAfterEdits('# escape=`\nFROM windows AS a\nRUN dir `\n  c:\\\nFROM a\nONBUILD RUN echo `\n  hi\nCOPY . .\n', 'escape directive');
    assertAfterEdits('FROM alpine\r\nRUN apk add \\\r\n  curl\r\nFROM alpine\r\nCMD ["sh"]\r\n', 'CRLF');
  });

  it('span each instruction text in every corpus file', (t) => {
    const missing = corpusMissing(REAL) ?? corpusMissing(LARGE) ?? corpusMissing(HADOLINT_CASES);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    for (const { name, text } of corpusTexts()) assertAfterEdits(text, name);
  });
});

describe('ParseCache', () => {
  const edited = (n: number) => multiStage.replace('RUN npm test', `RUN npm test -- --shard=${n}`);
  const testRun = (model: DockerfileModel) => model.instructions.find((i) => i.text.startsWith('RUN npm test'))!;

  it('finds the last two texts of an edited stage again (a keystroke and its undo)', () => {
    const cache = new ParseCache();
    const before = new DockerfileModel(edited(0), cache);
    new DockerfileModel(edited(1), cache);
    assert.equal(testRun(new DockerfileModel(edited(0), cache)), testRun(before), 'the undone text was parsed again');
  });

  it('forgets the versions of an edited stage and RUN that no recent model used, however long the editing', () => {
    const cache = new ParseCache();
    const build = (text: string) => {
      const model = new DockerfileModel(text, cache);
      for (const run of model.runInstructions()) model.run(run);
      return model;
    };
    const first = build(edited(0));
    for (let n = 1; n <= 2000; n++) build(edited(n));
    // Five chunks and two RUNs per model: without forgetting, 2,000 edits would leave over
    // 2,000 versions of each of the edited stage and RUN.
    assert.ok(cache.size < 600, `${cache.size} chunks and RUNs kept`);
    assert.notEqual(testRun(new DockerfileModel(edited(0), cache)), testRun(first), 'a version 2,000 edits old is still kept');
    // The stages nobody edited are never dropped: their instructions are the very objects.
    assert.equal(new DockerfileModel(edited(2001), cache).instructions[0], first.instructions[0]);
  });
});

describe('DockerfileModel.memo and its RUN cache', () => {
  const text = ['FROM alpine AS a', 'RUN echo a', 'ONBUILD RUN echo later', 'FROM a', 'RUN echo b', 'RUN echo c', ''].join('\n');

  it('makes a value once per model, and a stage view shares its file’s values', () => {
    const model = new DockerfileModel(text);
    const key = memoKey<{ made: number }>('test value');
    let made = 0;
    const first = model.memo(key, () => ({ made: ++made }));
    assert.equal(model.memo(key, () => ({ made: ++made })), first);
    assert.equal(model.viewOf(model.stages[1]).memo(key, () => ({ made: ++made })), first);
    assert.notEqual(new DockerfileModel(text).memo(key, () => ({ made: ++made })), first);
    assert.equal(made, 2);
  });

  it('gives a stage view its own RUN instructions, whichever is asked first', () => {
    const model = new DockerfileModel(text);
    const texts = (runs: readonly { text: string }[]) => runs.map((run) => run.text);
    assert.deepEqual(texts(model.runInstructions()), ['RUN echo a', 'RUN echo later', 'RUN echo b', 'RUN echo c']);
    assert.deepEqual(texts(model.viewOf(model.stages[1]).runInstructions()), ['RUN echo b', 'RUN echo c']);
    const other = new DockerfileModel(text);
    const view = other.viewOf(other.stages[0]);
    assert.deepEqual(texts(view.runInstructions()), ['RUN echo a', 'RUN echo later']);
    assert.equal(other.runInstructions().length, 4);
  });

  it('parses a RUN once per model, or once for models that share a RUN cache (the passes of a fix-all)', () => {
    const runs: RunCache = new Map();
    const first = new DockerfileModel(text, undefined, runs);
    const second = new DockerfileModel(text.replace('echo c', 'echo d'), undefined, runs);
    const b = (model: DockerfileModel) => model.run(model.runInstructions()[2]);
    assert.equal(b(first), b(first));
    assert.equal(b(second), b(first));
    assert.notEqual(second.run(second.runInstructions()[3]), first.run(first.runInstructions()[3]));
    assert.notEqual(b(new DockerfileModel(text)), b(first));
  });
});
