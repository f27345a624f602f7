// The stage flow model: per stage, the WORKDIR and USER before each instruction, the end
// state, what it is known to create (and from where), where unknown commands may have
// written, Node.js installs; and the existence answers the rules build on (yes / no / maybe,
// never `no` from a guess).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerfileModel } from '../../server/src/analysis/model';
import { contextFileIn, endWorkdir, pathExistence, stageSummary, stagesReachingFinal, usesByStage } from '../../server/src/analysis/stage-flow';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');
const model = (...text: string[]) => new DockerfileModel(lines(...text));
const exists = (m: DockerfileModel, stage: number, path: string, env = {}) => pathExistence(m, m.stages[stage], path, env).result;

describe('stage flow: state per instruction', () => {
  const m = model('FROM node:20 AS build', 'ENV APP=/srv/app', 'WORKDIR $APP', 'USER node', 'WORKDIR sub', 'FROM build', 'USER 1000:1000');
  it('tracks WORKDIR (with ENV values) and USER before each instruction, across FROM <stage>', () => {
    const build = stageSummary(m, m.stages[0]);
    assert.deepEqual(build.workdirs, ['/', '/', '/', '/srv/app', '/srv/app']);
    assert.deepEqual(build.users, [null, null, null, null, 'node']);
    assert.equal(endWorkdir(m, m.stages[0]), '/srv/app/sub');
    const final = stageSummary(m, m.stages[1]);
    assert.deepEqual(final.workdirs, ['/srv/app/sub', '/srv/app/sub']);
    assert.equal(final.end.user, '1000:1000');
  });
  it('knows the default WORKDIR of well-known images only', () => {
    const go = model('FROM golang:1.22', 'COPY . .');
    assert.deepEqual(stageSummary(go, go.stages[0]).workdirs, ['/go', '/go']);
    const custom = model('FROM mycorp/base:1', 'COPY . .');
    assert.deepEqual(stageSummary(custom, custom.stages[0]).workdirs, [null, null]);
  });
});

describe('stage flow: what a stage creates', () => {
  it('records COPY destinations with their source, WORKDIRs and known build outputs', () => {
    const m = model(
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go build -o /out/app ./cmd/app && mkdir -p /data && pip install --user x && python -m venv /opt/venv',
      'RUN --mount=type=cache,target=/src/target cargo build --release',
    );
    const summary = stageSummary(m, m.stages[0]);
    assert.deepEqual(
      summary.created.map((entry) => [entry.path, entry.contents.kind, entry.label]),
      [
        ['/src', 'none', 'WORKDIR /src'],
        ['/src', 'context', 'COPY go.mod go.sum ./'],
        ['/src', 'context', 'COPY go.mod go.sum ./'],
        ['/out/app', 'none', 'go build -o /out/app ./cmd/app'],
        ['/data', 'none', 'mkdir -p /data'],
        ['/root/.local', 'unknown', 'pip install --user x'],
        ['/opt/venv', 'unknown', 'python -m venv /opt/venv'],
      ],
    );
    assert.deepEqual(summary.hidden.map((entry) => [entry.created.path, entry.mount]), [['/src/target/release', '/src/target']]);
  });
  it('keeps unknown commands as writes anywhere, build tools as writes in their folder', () => {
    const m = model('FROM node:20', 'WORKDIR /app', 'RUN npm run build', 'RUN ./script.sh', 'RUN cd /x && make');
    assert.deepEqual(
      stageSummary(m, m.stages[0]).unknown.map((entry) => [entry.dir, entry.label]),
      [
        ['/app', 'npm run build'],
        [null, './script.sh'],
        ['/x', 'RUN mentions /x'],
        ['/x', 'make'],
      ],
    );
  });
  it('records npm installs with their dev-dependency state, prunes and script runs in order', () => {
    const m = model('FROM node:20', 'ENV NODE_ENV=production', 'WORKDIR /app', 'RUN npm ci && npm run build', 'RUN npm ci --include=dev && npm prune --omit=dev', 'RUN yarn --version && npm install -g pm2');
    const summary = stageSummary(m, m.stages[0]);
    assert.deepEqual(summary.nodeInstalls.map((install) => [install.dir, install.dev, install.devReason, install.omittedByEnv, install.order]), [
      ['/app', 'omitted', 'NODE_ENV=production', true, 0],
      ['/app', 'included', null, false, 2],
    ]);
    assert.deepEqual(summary.nodeScripts.map((run) => [run.script, run.dir, run.order]), [['build', '/app', 1]]);
    assert.deepEqual(summary.nodePrunes.map((prune) => [prune.dir, prune.kind, prune.order]), [['/app', 'prune', 3]]);
    assert.deepEqual(summary.nodeGlobals.map((global) => global.packages), [['pm2']]);
  });
});

describe('stage flow: existence', () => {
  it('yes for what instructions create, and for folders above it', () => {
    const m = model('FROM golang:1.22', 'WORKDIR /src', 'RUN go build -o /out/app .');
    assert.equal(exists(m, 0, '/out/app'), 'yes');
    assert.equal(exists(m, 0, '/out'), 'yes');
    assert.equal(exists(m, 0, '/src'), 'yes');
    assert.equal(exists(m, 0, '/'), 'yes');
  });
  it('no only for paths nothing could create on a known image', () => {
    const m = model('FROM golang:1.22', 'WORKDIR /src', 'RUN go build -o /out/app .');
    assert.equal(exists(m, 0, '/app/dist'), 'no');
    assert.equal(exists(m, 0, '/usr/local/bin/x'), 'maybe', 'the image may have it');
    assert.equal(exists(m, 0, '/src/bin/x'), 'no', 'go build -o writes only its output');
    assert.equal(exists(model('FROM golang:1.22', 'WORKDIR /src', 'RUN make'), 0, '/src/bin/x'), 'maybe', 'make ran in /src');
    const custom = model('FROM mycorp/builder:1', 'RUN true');
    assert.equal(exists(custom, 0, '/app/dist'), 'maybe');
    const scratch = model('FROM scratch', 'COPY --from=golang:1.22 /usr/local/go /usr/local/go');
    assert.equal(exists(scratch, 0, '/usr/bin/env'), 'no', 'scratch has nothing');
    assert.equal(exists(scratch, 0, '/usr/local/go/bin'), 'maybe', 'copied from an image');
  });
  it('looks inside copies: the build context when known, other stages through COPY --from', () => {
    const m = model('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'FROM alpine:3.20', 'COPY --from=build /app /www/');
    assert.equal(exists(m, 0, '/app/src/index.js'), 'maybe');
    const env = contextEnv({ 'src/index.js': '', '.dockerignore': 'secret\n', secret: '' });
    assert.equal(exists(m, 0, '/app/src/index.js', env), 'yes');
    assert.equal(exists(m, 0, '/app/dist', env), 'no');
    assert.equal(exists(m, 0, '/app/secret', env), 'no', 'excluded by .dockerignore');
    assert.equal(exists(m, 1, '/www/src/index.js', env), 'yes');
    assert.equal(exists(m, 1, '/www/dist', env), 'no');
    assert.equal(exists(m, 1, '/srv/x', env), 'maybe', 'alpine may have /srv');
    assert.equal(contextFileIn(m, m.stages[1], '/www/src/index.js', env), 'src/index.js');
  });
  it('maybe for removed paths and variables without a value', () => {
    assert.equal(exists(model('FROM golang:1.22', 'RUN go build -o /out/app . && rm -rf /out'), 0, '/out/app'), 'maybe');
    assert.equal(exists(model('FROM golang:1.22', 'ARG OUT', 'RUN go build -o $OUT/app .'), 0, '/app'), 'maybe');
    assert.equal(exists(model('FROM golang:1.22', 'ARG TARGETARCH', 'RUN echo $TARGETARCH'), 0, '/app'), 'no', 'platform arguments are no folders');
  });
});

describe('stage flow: stage graph', () => {
  it('who reads which stage, and what reaches the final image', () => {
    const m = model('FROM node:20 AS a', 'FROM a AS b', 'FROM alpine AS c', 'COPY --from=a /x /x', 'FROM scratch', 'COPY --from=c /x /x', 'RUN --mount=from=b,target=/m true');
    const uses = usesByStage(m);
    assert.deepEqual(uses.get(m.stages[0])!.map((use) => [use.stage.name, use.how, use.paths]), [['b', 'from', []], ['c', 'copy', ['/x']]]);
    assert.deepEqual(uses.get(m.stages[1])!.map((use) => [use.stage.index, use.how, use.paths]), [[3, 'mount', ['/']]]);
    assert.deepEqual([...stagesReachingFinal(m)].map((stage) => stage.index).sort(), [0, 1, 2, 3]);
    const unused = model('FROM node:20 AS test', 'RUN npm test', 'FROM node:20-slim');
    assert.deepEqual([...stagesReachingFinal(unused)].map((stage) => stage.index), [1]);
  });
});
