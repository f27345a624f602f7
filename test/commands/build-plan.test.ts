import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builderHint, defaultTag, formatBuildArgs, parseBuildArgs } from '../../client/src/container/build-plan';

describe('default tag', () => {
  const table: [string, string, string | null, string][] = [
    ['${folder}:latest', '/w/My App/Dockerfile', null, 'my-app:latest'],
    ['${folder}:latest', '/w/api/Dockerfile', 'build', 'api:latest'],
    ['${folder}-${dockerfile}:${stage}', '/w/shop/api.Dockerfile', 'runtime', 'shop-api:runtime'],
    ['${dockerfile}:dev', '/w/svc/Dockerfile.worker', null, 'worker:dev'],
    ['${dockerfile}', '/w/svc/Dockerfile', null, 'svc'],
    ['', '/w/__x__/Dockerfile', null, 'x:latest'],
  ];
  for (const [pattern, path, stage, tag] of table) it(`${pattern} for ${path}`, () => assert.equal(defaultTag(pattern, path, stage), tag));
});

describe('build args', () => {
  it('reads KEY=VALUE words, quotes hold spaces, nothing is expanded', () => {
    assert.deepEqual(parseBuildArgs(' A=1  B="two words" C=\'$(id)\' D= E=a=b'), {
      ok: true,
      args: [['A', '1'], ['B', 'two words'], ['C', '$(id)'], ['D', ''], ['E', 'a=b']],
    });
    assert.deepEqual(parseBuildArgs(''), { ok: true, args: [] });
  });
  it('rejects words that are not KEY=VALUE, and unclosed quotes', () => {
    assert.equal(parseBuildArgs('A=1 oops').ok, false);
    assert.equal(parseBuildArgs('=x').ok, false);
    assert.equal(parseBuildArgs('A="x').ok, false);
    assert.equal(parseBuildArgs('1A=x').ok, false);
  });
  it('round-trips through the input box text', () => {
    const args: [string, string][] = [['A', '1'], ['B', 'two words'], ['C', 'say "hi"'], ['D', '']];
    assert.deepEqual(parseBuildArgs(formatBuildArgs(args)), { ok: true, args });
  });
});

describe('builder hint', () => {
  it('follows the engine and BuildKit settings', () => {
    assert.equal(builderHint({ path: 'podman', kind: 'auto', buildKit: 'auto' }), 'podman');
    assert.equal(builderHint({ path: 'docker', kind: 'auto', buildKit: 'off' }), 'legacy');
    assert.equal(builderHint({ path: 'docker', kind: 'auto', buildKit: 'auto' }), 'buildkit');
    assert.equal(builderHint({ path: 'docker', kind: 'nerdctl', buildKit: 'off' }), 'buildkit');
  });
});
