// Real builds of the single-stage fix (and of go-static's): for each ecosystem, the original
// single-stage Dockerfile and the fixed multi-stage one are built with the same small build
// context on the local engine (test/support/engine.ts: BusyBox images named node:20,
// golang:1.22, ... with stand-in toolchains that fail like the real ones when an input is
// missing). The fixed image must build, start its command (where the runtime base has a
// shell), contain the artifacts, and keep the original's WORKDIR, USER, ports and command.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goStatic } from '../../server/src/rules/go-static';
import { singleStage } from '../../server/src/rules/single-stage';
import { buildDockerfile, imageConfig, removeImage, requireEngineOrSkip, runDocker, runInImage, type ImageConfig } from '../support/engine';
import { fixWith } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

interface Fixture {
  name: string;
  files: Record<string, string>;
  dockerfile: string;
  /** A line the fixed Dockerfile must contain (the runtime base and the artifact copy). */
  expectFixed: RegExp[];
  /** Paths that must exist in the fixed image. */
  artifacts: string[];
  /** Output of the image's own command, when its base has a shell to start the stand-ins. */
  runs?: RegExp;
  /** Paths the fixed image must not contain (sources, toolchain caches). */
  absent?: string[];
  /** Config fields that must equal the original's (Cmd differs when a jar is renamed). */
  sameConfig: (keyof ImageConfig)[];
}

const fixtures: Fixture[] = [
  {
    name: 'Node.js / TypeScript (output folder from tsconfig.json)',
    files: {
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', scripts: { build: 'tsc -p .', start: 'node dist/index.js' } }),
      'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3 }),
      'tsconfig.json': lines('{', '  // emitted JavaScript', '  "compilerOptions": { "outDir": "./dist", "strict": true },', '}'),
      'src/index.ts': 'console.log("hello");\n',
    },
    dockerfile: lines(
      'FROM node:20',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      'USER node',
      'EXPOSE 3000',
      'CMD ["node", "dist/index.js"]',
    ),
    expectFixed: [/^FROM node:20-slim$/m, /^COPY --from=build \/app\/dist \.\/dist$/m, /^RUN npm prune --omit=dev$/m],
    artifacts: ['/app/dist/index.js', '/app/package.json', '/app/node_modules/.installed'],
    runs: /node dist\/index\.js/,
    absent: ['/app/src', '/app/tsconfig.json', '/root/.npm'],
    sameConfig: ['Cmd', 'Entrypoint', 'WorkingDir', 'User', 'ExposedPorts'],
  },
  {
    name: 'Node.js without a known output folder (whole app folder)',
    files: {
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', scripts: { build: 'webpack', start: 'node dist/index.js' } }),
      'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3 }),
      'src/index.js': 'console.log("hello");\n',
    },
    dockerfile: lines('FROM node:20', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["npm", "start"]'),
    expectFixed: [/^FROM node:20-slim$/m, /^COPY --from=build \/usr\/src\/app \.\/$/m],
    artifacts: ['/usr/src/app/dist/index.js', '/usr/src/app/src/index.js', '/usr/src/app/package.json'],
    runs: /ran script start/,
    absent: ['/root/.npm'],
    sameConfig: ['Cmd', 'Entrypoint', 'WorkingDir', 'User'],
  },
  {
    name: 'Go (distroless/static, CGO_ENABLED=0)',
    files: { 'go.mod': 'module example.com/server\n\ngo 1.22\n', 'go.sum': '', 'main.go': 'package main\n\nfunc main() {}\n', 'cmd/server/main.go': 'package main\n\nfunc main() {}\n' },
    dockerfile: lines(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      'RUN go build -o /usr/local/bin/server ./cmd/server',
      'USER 65532:65532',
      'EXPOSE 8080',
      'ENTRYPOINT ["/usr/local/bin/server"]',
    ),
    expectFixed: [/^FROM gcr\.io\/distroless\/static-debian12$/m, /^RUN CGO_ENABLED=0 go build/m, /^COPY --from=build \/usr\/local\/bin\/server \/usr\/local\/bin\/server$/m],
    artifacts: ['/usr/local/bin/server'],
    sameConfig: ['Cmd', 'Entrypoint', 'WorkingDir', 'User', 'ExposedPorts'],
  },
  {
    name: 'Maven (eclipse-temurin JRE, app.jar)',
    files: { 'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>app</artifactId><version>1</version></project>\n', 'src/main/java/App.java': 'class App {}\n' },
    dockerfile: lines(
      'FROM maven:3.9-eclipse-temurin-21',
      'WORKDIR /app',
      'COPY pom.xml .',
      'RUN mvn -B dependency:go-offline',
      'COPY src ./src',
      'RUN mvn -B package -DskipTests',
      'EXPOSE 8080',
      'CMD ["java", "-jar", "target/app.jar"]',
    ),
    expectFixed: [/^FROM eclipse-temurin:21-jre$/m, /^COPY --from=build \/app\/target\/app\.jar app\.jar$/m, /^CMD \["java", "-jar", "app\.jar"\]$/m],
    artifacts: ['/app/app.jar'],
    runs: /ran app\.jar/,
    absent: ['/app/src', '/app/target', '/root/.m2'],
    sameConfig: ['Entrypoint', 'WorkingDir', 'User', 'ExposedPorts'],
  },
  {
    name: 'Gradle (eclipse-temurin JRE, shell-form CMD with a glob)',
    files: { 'settings.gradle': "rootProject.name = 'app'\n", 'build.gradle': "plugins { id 'java' }\n", 'src/main/java/App.java': 'class App {}\n' },
    dockerfile: lines('FROM gradle:8-jdk21', 'WORKDIR /home/gradle/project', 'COPY . .', 'RUN gradle build --no-daemon -x test', 'CMD java -Xmx256m -jar build/libs/*.jar'),
    expectFixed: [/^FROM eclipse-temurin:21-jre$/m, /^COPY --from=build \/home\/gradle\/project\/build\/libs\/\*\.jar app\.jar$/m, /^CMD java -Xmx256m -jar app\.jar$/m],
    artifacts: ['/home/gradle/project/app.jar'],
    runs: /ran app\.jar/,
    absent: ['/home/gradle/project/build', '/root/.gradle'],
    sameConfig: ['Entrypoint', 'WorkingDir', 'User'],
  },
  {
    name: 'Rust (debian slim, binary name from Cargo.toml)',
    files: { 'Cargo.toml': lines('[package]', 'name = "hello-web"', 'version = "0.1.0"', 'edition = "2021"'), 'Cargo.lock': '# lock\n', 'src/main.rs': 'fn main() {}\n' },
    dockerfile: lines('FROM rust:1.80', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN cargo build --release --locked', 'CMD ["./target/release/hello-web"]'),
    expectFixed: [/^FROM debian:bookworm-slim$/m, /^COPY --from=build \/usr\/src\/app\/target\/release\/hello-web \.\/target\/release\/hello-web$/m],
    artifacts: ['/usr/src/app/target/release/hello-web'],
    runs: /hello-web \(built by the cargo test stand-in\)/,
    absent: ['/usr/src/app/src', '/root/.cargo'],
    sameConfig: ['Cmd', 'Entrypoint', 'WorkingDir', 'User'],
  },
  {
    name: 'Python with a C toolchain (venv into python slim, user setup repeated)',
    files: { 'requirements.txt': 'uvloop==0.19.0\n', 'app.py': 'print("hello")\n' },
    dockerfile: lines(
      'FROM python:3.12',
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc build-essential && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      'RUN groupadd -r app && useradd -r -g app app',
      'USER app',
      'EXPOSE 8000',
      'CMD ["python", "app.py"]',
    ),
    expectFixed: [/^FROM python:3\.12-slim$/m, /^RUN python -m venv \/opt\/venv$/m, /^COPY --from=build \/opt\/venv \/opt\/venv$/m, /^FROM python:3\.12-slim\n[\s\S]*^RUN groupadd -r app && useradd -r -g app app$/m],
    artifacts: ['/opt/venv/lib/python3.12/site-packages/stand-in-installed.txt', '/app/app.py', '/app/requirements.txt'],
    runs: /app\.py/,
    absent: ['/usr/share/doc/gcc', '/usr/share/doc/build-essential'],
    sameConfig: ['Cmd', 'Entrypoint', 'WorkingDir', 'User', 'ExposedPorts'],
  },
];

/** Whether `path` exists in the image, without running it (distroless has no shell): docker create + cp. */
async function existsInImage(image: string, path: string): Promise<boolean> {
  const created = await runDocker(['create', image], { timeoutMs: 30_000 });
  assert.equal(created.exitCode, 0, created.output);
  const id = created.stdout.trim();
  try {
    return (await runDocker(['cp', `${id}:${path}`, '-'], { timeoutMs: 30_000 })).exitCode === 0;
  } finally {
    await runDocker(['rm', '--force', id], { timeoutMs: 30_000 });
  }
}

// Two builds at a time (original and fixed); the fixtures one after the other, as vfs copies whole layers.
describe('single-stage fix, built for real', { timeout: 900_000 }, () => {
  for (const fixture of fixtures) {
    it(fixture.name, async (t) => {
      if (!(await requireEngineOrSkip(t))) return;
      const fixed = fixWith(singleStage, fixture.dockerfile, contextEnv(fixture.files));
      assert.notEqual(fixed, fixture.dockerfile, 'the rule offered no fix');
      for (const pattern of fixture.expectFixed) assert.match(fixed, pattern);

      const [original, built] = await Promise.all([
        buildDockerfile(fixture.dockerfile, fixture.files, { keepImage: true }),
        buildDockerfile(fixed, fixture.files, { keepImage: true }),
      ]);
      try {
        assert.ok(original.ok, `the original Dockerfile does not build:\n${original.output}`);
        assert.ok(built.ok, `the fixed Dockerfile does not build:\n${fixed}\n${built.output}`);
        // What the fix leaves out was there before: the check below is not vacuous.
        for (const path of fixture.absent ?? []) assert.ok(await existsInImage(original.tag, path), `${path} not in the original image`);
        const config = await imageConfig(built.tag);
        for (const key of fixture.sameConfig) {
          assert.deepEqual(config[key] ?? null, original.config?.[key] ?? null, `${String(key)} changed by the fix`);
        }
        for (const path of fixture.artifacts) assert.ok(await existsInImage(built.tag, path), `${path} missing from the fixed image`);
        for (const path of fixture.absent ?? []) assert.ok(!(await existsInImage(built.tag, path)), `${path} still in the fixed image`);
        if (fixture.runs) {
          const run = await runInImage(built.tag, []);
          assert.equal(run.exitCode, 0, `the fixed image's command failed:\n${run.output}`);
          assert.match(run.output, fixture.runs);
        }
      } finally {
        await Promise.all([removeImage(original.tag), removeImage(built.tag)]);
      }
    });
  }
});

describe('go-static fix, built for real', { timeout: 300_000 }, () => {
  it('CGO_ENABLED=0 prefix builds and the binary lands in scratch', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const files = { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': 'package main\n\nfunc main() {}\n' };
    const dockerfile = lines(
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -ldflags="-s -w" -o /out/app .',
      'FROM scratch',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    );
    const fixed = fixWith(goStatic, dockerfile);
    assert.match(fixed, /^RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o \/out\/app \.$/m);
    const built = await buildDockerfile(fixed, files, { keepImage: true });
    assert.ok(built.ok, built.output);
    try {
      assert.deepEqual(built.config?.Entrypoint, ['/app']);
      assert.ok(await existsInImage(built.tag, '/app'));
    } finally {
      await removeImage(built.tag);
    }
  });
});
