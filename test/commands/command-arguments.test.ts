// The argument forms of Build Image and Scaffold .dockerignore (client/src/commands/arguments.ts):
// what the palette and menus pass keeps the prompts, an options object asks nothing and is
// checked word by word, and a `target` resolves to the stage the stage pick would give.
// The commands themselves run with these forms in the extension-host suite
// (test/extension/suite/engine-commands.ts, dockerignore-context.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBuildImageArgument, parseScaffoldArgument, resolveTarget } from '../../client/src/commands/arguments';
import { DockerfileModel } from '../../server/src/analysis/model';

/** The shape of a vscode.Uri: a class instance with a scheme (this test does not load vscode). */
class UriLike {
  readonly scheme = 'file';
  constructor(readonly fsPath: string) {}
}

describe('Build Image argument', () => {
  it('keeps the prompts for what the palette, menus and CodeLenses pass', () => {
    const uri = new UriLike('/w/Dockerfile');
    for (const argument of [undefined, uri, 'file:///w/Dockerfile', '/w/Dockerfile']) {
      assert.deepEqual(parseBuildImageArgument(argument), { form: 'prompts', resource: argument });
    }
  });

  const valid: [string, unknown, unknown][] = [
    ['an empty object: the active Dockerfile, default tag, final stage', {}, { buildArgs: [] }],
    ['a tag (trimmed)', { tag: ' app:dev ' }, { tag: 'app:dev', buildArgs: [] }],
    ['a Uri and a stage name', { dockerfile: new UriLike('/w/Dockerfile'), target: 'build' }, { dockerfile: new UriLike('/w/Dockerfile'), target: 'build', buildArgs: [] }],
    ['a path, a stage index, build args in order', { dockerfile: '/w/api.Dockerfile', target: 0, buildArgs: { B: 'two words', A: '' } }, { dockerfile: '/w/api.Dockerfile', target: '0', buildArgs: [['B', 'two words'], ['A', '']] }],
    ['JSON from a keybinding (no prototype)', Object.assign(Object.create(null), { tag: 'x:1' }), { tag: 'x:1', buildArgs: [] }],
  ];
  for (const [name, argument, options] of valid) {
    it(`reads ${name}`, () => assert.deepEqual(parseBuildImageArgument(argument), { form: 'options', options }));
  }

  const invalid: [string, unknown, RegExp][] = [
    ['a misspelt option', { stage: 'build' }, /unknown option stage \(known: dockerfile, tag, target, buildArgs\)/],
    ['an empty tag', { tag: '  ' }, /`tag` must be a non-empty string/],
    ['a tag that is not a string', { tag: 3 }, /`tag` must be/],
    ['a negative stage index', { target: -1 }, /`target` must be a stage name or index/],
    ['an empty target', { target: '' }, /`target` must be/],
    ['build args as a list of words', { buildArgs: ['A=1'] }, /`buildArgs` must be an object/],
    ['a build arg name with a space', { buildArgs: { 'A B': '1' } }, /"A B" is not a build arg name/],
    ['a build arg value that is not a string', { buildArgs: { A: 1 } }, /the build arg A must be a string/],
    ['a dockerfile that is an object literal', { dockerfile: { path: '/w/Dockerfile' } }, /`dockerfile` must be a Uri/],
    ['an empty dockerfile', { dockerfile: '' }, /`dockerfile` is empty/],
  ];
  for (const [name, argument, error] of invalid) {
    it(`refuses ${name}`, () => {
      const parsed = parseBuildImageArgument(argument);
      assert.equal(parsed.form, 'invalid');
      assert.match((parsed as { error: string }).error, /^Build Image: /);
      assert.match((parsed as { error: string }).error, error);
    });
  }
});

describe('Build Image target', () => {
  const model = new DockerfileModel('FROM busybox:1.36 AS build\nRUN true\n\nFROM busybox:1.36 AS Deps\nRUN true\n\nFROM busybox:1.36\nCOPY --from=build /x /x\n');
  const table: [string | undefined, number, string | undefined][] = [
    [undefined, 2, undefined],
    ['build', 0, 'build'],
    ['deps', 1, 'Deps'],
    ['1', 1, 'Deps'],
    ['2', 2, undefined],
  ];
  for (const [target, index, passed] of table) {
    it(`${JSON.stringify(target)} builds stage ${index} with --target ${passed ?? '(none)'}`, () => {
      const resolved = resolveTarget(model, target);
      assert.ok(!('error' in resolved), JSON.stringify(resolved));
      assert.equal(resolved.stage?.index, index);
      assert.equal(resolved.target, passed);
    });
  }
  it('names the stages when the target is none of them', () => {
    assert.deepEqual(resolveTarget(model, 'runtime'), { error: 'Build Image: the Dockerfile has no stage "runtime" (its stages: build, Deps, 2).' });
    assert.deepEqual(resolveTarget(model, '3'), { error: 'Build Image: the Dockerfile has no stage "3" (its stages: build, Deps, 2).' });
  });
  it('builds a single-stage file whole', () => {
    const single = new DockerfileModel('FROM busybox:1.36\nRUN true\n');
    assert.deepEqual(resolveTarget(single, '0'), { stage: single.finalStage, target: undefined });
  });
});

describe('Scaffold .dockerignore argument', () => {
  it('keeps the diff and question for what the palette, menus and the quick fix pass', () => {
    const uri = new UriLike('/w/Dockerfile');
    for (const argument of [undefined, uri, '/w/Dockerfile']) assert.deepEqual(parseScaffoldArgument(argument), { form: 'prompts', resource: argument });
  });
  it('writes without asking, or only plans', () => {
    assert.deepEqual(parseScaffoldArgument({ write: true }), { form: 'options', options: { write: true } });
    assert.deepEqual(parseScaffoldArgument({ dockerfile: '/w/Dockerfile', write: false }), { form: 'options', options: { dockerfile: '/w/Dockerfile', write: false } });
  });
  const invalid: [string, unknown, RegExp][] = [
    ['an object without write', { dockerfile: '/w/Dockerfile' }, /`write` must be true \(write without asking\) or false \(plan only\)/],
    ['write as a string', { write: 'yes' }, /`write` must be/],
    ['a misspelt option', { write: true, force: true }, /unknown option force/],
    ['a dockerfile that is a number', { dockerfile: 1, write: true }, /`dockerfile` must be a Uri/],
  ];
  for (const [name, argument, error] of invalid) {
    it(`refuses ${name}`, () => {
      const parsed = parseScaffoldArgument(argument);
      assert.equal(parsed.form, 'invalid');
      assert.match((parsed as { error: string }).error, /^Scaffold \.dockerignore: /);
      assert.match((parsed as { error: string }).error, error);
    });
  }
});
