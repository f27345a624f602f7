import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRow, mapHistory } from '../../server/src/analysis/layers';
import { DockerfileModel } from '../../server/src/analysis/model';

const DOCKERFILE = `FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM build AS runtime
ENV NODE_ENV=production
EXPOSE 3000
USER node
CMD ["node", "dist/index.js"]
`;

describe('describeRow', () => {
  it('reads BuildKit, legacy and podman rows', () => {
    assert.deepEqual(describeRow('RUN /bin/sh -c npm ci # buildkit'), { keyword: 'RUN', text: 'npm ci' });
    assert.deepEqual(describeRow('RUN |2 A=1 B=2 /bin/sh -c make # buildkit'), { keyword: 'RUN', text: 'make' });
    assert.deepEqual(describeRow('/bin/sh -c npm ci'), { keyword: 'RUN', text: 'npm ci' });
    assert.deepEqual(describeRow('/bin/sh -c #(nop)  CMD ["node"]'), { keyword: 'CMD', text: '["node"]' });
    assert.deepEqual(describeRow('/bin/sh -c #(nop) COPY dir:abc123 in /app '), { keyword: 'COPY', text: 'dir:abc123 in /app' });
    assert.deepEqual(describeRow('COPY . . # buildkit'), { keyword: 'COPY', text: '. .' });
    assert.deepEqual(describeRow('WORKDIR /app'), { keyword: 'WORKDIR', text: '/app' });
  });
});

describe('mapHistory', () => {
  const model = new DockerfileModel(DOCKERFILE);
  const runtime = model.finalStage!;
  const line = (mapped: ReturnType<typeof mapHistory>[number]) => (mapped.instruction ? mapped.instruction.range.start.line + 1 : null);

  it('maps BuildKit rows to lines through the stage chain, base rows to null', () => {
    const rows = [
      { createdBy: '/bin/sh -c #(nop) ADD file:1234 in / ', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop)  CMD ["node"]', emptyLayer: true },
      { createdBy: 'WORKDIR /app', emptyLayer: false },
      { createdBy: 'COPY package.json package-lock.json ./ # buildkit', emptyLayer: false },
      { createdBy: 'RUN /bin/sh -c npm ci # buildkit', emptyLayer: false },
      { createdBy: 'COPY . . # buildkit', emptyLayer: false },
      { createdBy: 'RUN /bin/sh -c npm run build # buildkit', emptyLayer: false },
      { createdBy: 'ENV NODE_ENV=production', emptyLayer: true },
      { createdBy: 'EXPOSE map[3000/tcp:{}]', emptyLayer: true },
      { createdBy: 'USER node', emptyLayer: true },
      { createdBy: 'CMD ["node" "dist/index.js"]', emptyLayer: true },
    ];
    const mapped = mapHistory(model, runtime, rows);
    assert.deepEqual(mapped.map(line), [null, null, 2, 3, 4, 5, 6, 9, 10, 11, 12]);
    assert.deepEqual(mapped.map((m) => m.layer), [0, null, 1, 2, 3, 4, 5, null, null, null, null]);
  });

  it('maps legacy-builder rows', () => {
    const rows = [
      { createdBy: '/bin/sh -c #(nop) ADD file:1234 in / ', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop) WORKDIR /app', emptyLayer: true },
      { createdBy: '/bin/sh -c #(nop) COPY multi:abc in ./ ', emptyLayer: false },
      { createdBy: '/bin/sh -c npm ci', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop) COPY dir:def in . ', emptyLayer: false },
      { createdBy: '/bin/sh -c npm run build', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop)  ENV NODE_ENV=production', emptyLayer: true },
      { createdBy: '/bin/sh -c #(nop)  EXPOSE 3000', emptyLayer: true },
      { createdBy: '/bin/sh -c #(nop)  USER node', emptyLayer: true },
      { createdBy: '/bin/sh -c #(nop)  CMD ["node" "dist/index.js"]', emptyLayer: true },
    ];
    assert.deepEqual(mapHistory(model, runtime, rows).map(line), [null, 2, 3, 4, 5, 6, 9, 10, 11, 12]);
  });
});
