import { officialImageName } from '../analysis/base-images';
import { positionalArgs } from '../analysis/commands';
import { requirementFiles } from '../analysis/dependency-installs';
import { isAlpine } from '../analysis/ecosystem';
import { replace } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import { nodeModulesOrigin, nodeModulesPaths, packageJsonIn, type PackageJson } from '../analysis/node-projects';
import type { Rule } from '../analysis/rule';
import type { ShellCommand } from '../analysis/shell';
import { absolutePath, contextFileIn, lineageSummaries } from '../analysis/stage-flow';
import { directoryOfCommand } from '../analysis/stage-paths';
import { stageLineage } from '../analysis/stage-lineage';
import type { Stage } from '../analysis/types';

// npm packages that compile C/C++ on install (node-gyp) unless a prebuilt binary matches the platform.
const NODE_NATIVE = new Set([
  'bcrypt', 'sharp', 'canvas', 'node-sass', 'sqlite3', 'better-sqlite3', 'argon2', '@tensorflow/tfjs-node', 'leveldown', 're2',
  'zeromq', 'grpc', 'node-expat', 'libxmljs', 'libxmljs2', 'kerberos', 'deasync', 'fibers', 'sodium-native', 'microtime',
  'farmhash', 'node-rdkafka', 'oracledb', 'isolated-vm', 'usb', 'serialport', '@serialport/bindings-cpp', 'ffi-napi', 'ref-napi',
  'cpu-features', 'node-pty', 'ibm_db', 'couchbase', 'keytar', 'lzma-native', 'zlib-sync', '@discordjs/opus', 'hiredis',
]);
// PyPI packages with C/C++/Rust extensions (no pure-Python fallback).
const PYTHON_NATIVE = new Set([
  'numpy', 'pandas', 'scipy', 'scikit-learn', 'cryptography', 'psycopg2', 'lxml', 'pillow', 'grpcio', 'matplotlib', 'pyarrow',
  'uvloop', 'gevent', 'greenlet', 'cffi', 'bcrypt', 'pynacl', 'mysqlclient', 'psutil', 'h5py', 'tensorflow', 'torch',
  'opencv-python', 'opencv-python-headless', 'shapely', 'pyzmq', 'orjson', 'pydantic-core', 'pymssql', 'python-ldap',
  'confluent-kafka', 'xgboost', 'lightgbm', 'numba', 'llvmlite', 'pycryptodome', 'netifaces', 'ujson', 'scikit-image',
]);
// Commands that behave the same on a Debian slim image: the fix may switch only such stages.
const PORTABLE_COMMANDS = /^(npm|npx|yarn|pnpm|corepack|node|pip\d?(\.\d+)?|python\d?(\.\d+)?|poetry|uv|pipenv|mkdir|chown|chmod|cp|mv|rm|ln|echo|cd|true|touch|export|set)$/;

type Runtime = 'node' | 'python';

export const alpineNativeDeps: Rule = {
  meta: {
    id: 'alpine-native-deps',
    category: 'size',
    severity: 'info',
    description: 'A Node or Python image on Alpine (musl) depends on packages with native code; the -slim (glibc) variant gets prebuilt binaries.',
    fixable: true,
    aliases: [],
    requires: { text: ['alpine'] },
    docs: `Alpine uses musl instead of glibc. Packages with native code (\`bcrypt\`, \`sharp\`,
\`canvas\`, \`sqlite3\` on npm; \`numpy\`, \`pandas\`, \`cryptography\`, \`psycopg2\`, \`lxml\` on PyPI)
publish prebuilt binaries mostly for glibc: on Alpine they compile from source, which needs
\`python3 make g++\` (or \`gcc musl-dev\`) in the image, takes minutes per build, and leaves the
compilers behind unless removed with care; where musl builds exist they are less tested. The
\`-slim\` variants are Debian-based, not much bigger once the compilers are counted, and install
the prebuilt wheels and binaries in seconds.

**Flagged** (info, on the final stage's FROM): a final stage on \`node:*-alpine\` or
\`python:*-alpine\` whose dependencies include such packages: named on the command line
(\`npm install bcrypt\`, \`pip install numpy\`), in the package.json the stage installs from
(dependencies, and devDependencies when those are installed), in a \`node_modules\` it copies
from another stage, or in the requirement files \`pip install -r\` reads. package.json and
requirement files are read from the build context; without it only the command lines count.

Newer releases of some of these publish musl wheels or prebuilds (\`numpy\`, \`cryptography\`,
\`sharp\`), so this is a hint, not a warning.

**Fix:** the tag's \`-alpine\` part becomes \`-slim\` (\`node:20-alpine\` → \`node:20-slim\`,
\`python:3.12-alpine3.20\` → \`python:3.12-slim\`), only when every RUN of the stage works the
same on Debian (npm, pip, mkdir, chown, ...: no \`apk\`, no BusyBox \`adduser\`) and nothing is
copied in from other stages (binaries built for musl would not run on glibc).

hadolint and BuildKit have no equivalent check.`,
  },
  check({ model, env, report }) {
    const final = model.finalStage;
    if (!final) return;
    const lineage = stageLineage(final);
    const root = lineage[lineage.length - 1];
    const runtime = runtimeOf(root);
    if (!runtime) return;
    const natives = [...dependencies(model, env, final, runtime)].filter((name) => (runtime === 'node' ? NODE_NATIVE : PYTHON_NATIVE).has(name)).sort();
    if (natives.length === 0) return;
    const word = root.from.args[0];
    const slim = slimReference(root);
    const fixable = slim !== null && word !== undefined && portable(model, env, final);
    report({
      range: word?.range ?? root.from.range,
      message:
        `${root.base.raw} is Alpine (musl), and the ${runtime === 'node' ? 'app' : 'application'} depends on packages with native code (${natives.join(', ')}): ` +
        `they compile from source there (compilers in the image, slow builds) or use less-tested musl builds. ` +
        `${slim ?? `The -slim (Debian) variant`} installs prebuilt binaries.`,
      fixTitle: slim ? `Use ${slim}` : undefined,
      fix: fixable ? () => [replace(word!.range, slim!)] : undefined,
    });
  },
};

function runtimeOf(root: Stage): Runtime | null {
  if (root.isScratch || root.base.unresolved || !isAlpine(root.base)) return null;
  const official = officialImageName(root.base);
  return official === 'node' ? 'node' : official === 'python' ? 'python' : null;
}

/** `node:20-alpine3.19` -> `node:20-slim`; null for digests, variables and other tags. */
function slimReference(root: Stage): string | null {
  const base = root.base;
  if (base.digest !== null || base.raw.includes('$') || base.tag === null) return null;
  const tag = base.tag === 'alpine' ? 'slim' : /^(.+)-alpine[\d.]*$/.exec(base.tag)?.[1];
  if (!tag) return null;
  const slimTag = tag === 'slim' ? 'slim' : `${tag}-slim`;
  return base.raw.slice(0, base.raw.length - base.tag.length) + slimTag;
}

function normalizePython(name: string): string {
  return name.toLowerCase().replace(/[_.]+/g, '-');
}

/** Package names the final image depends on, as far as the Dockerfile and the build context tell. */
function dependencies(model: DockerfileModel, env: AnalysisEnv, final: Stage, runtime: Runtime): Set<string> {
  const names = new Set<string>();
  const addPackageJson = (pkg: PackageJson | null, withDev: boolean) => {
    if (!pkg) return;
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...(withDev ? pkg.devDependencies : {}) })) names.add(name);
  };
  for (const summary of lineageSummaries(model, final, env)) {
    const stage = summary.stage;
    if (runtime === 'node') {
      for (const install of summary.nodeInstalls) if (install.dir !== null) addPackageJson(packageJsonIn(model, stage, install.dir, env), install.dev !== 'omitted');
    }
    stage.instructions.forEach((instruction, i) => {
      if (instruction.keyword !== 'RUN' || !/\b(npm|yarn|pnpm|pip|python)/.test(instruction.text)) return;
      const commands = model.run(instruction).commands;
      for (const command of commands) {
        if (runtime === 'node') for (const name of namedNodePackages(command)) names.add(name);
        else {
          for (const name of namedPythonPackages(command)) names.add(name);
          const dir = directoryOfCommand(summary.workdirs[i], commands, command);
          for (const file of pythonInstall(command) ? requirementFiles(command) : []) {
            const path = absolutePath(dir, file);
            const source = path ? contextFileIn(model, stage, path, env) : null;
            const text = source ? env.context?.readText(source) : undefined;
            for (const name of requirementNames(text ?? '')) names.add(name);
          }
        }
      }
    });
  }
  if (runtime === 'node') {
    // A node_modules copied in from a builder carries that project's dependencies.
    for (const path of nodeModulesPaths(model, final, env)) {
      const origin = nodeModulesOrigin(model, final, path, env);
      if (origin && origin.stage !== final) addPackageJson(packageJsonIn(model, origin.stage, origin.dir, env), origin.dev !== 'omitted');
    }
  }
  return names;
}

function namedNodePackages(command: ShellCommand): string[] {
  if (command.name !== 'npm' && command.name !== 'yarn' && command.name !== 'pnpm') return [];
  const positional = positionalArgs(command, ['--prefix', '--cache', '--registry', '-w', '--workspace', '--omit', '--include', '--only', '--cwd', '-C', '--dir', '--filter']);
  const sub = positional[0]?.value;
  const start = command.name === 'yarn' && sub === 'global' ? 2 : 1;
  if (!(sub === 'install' || sub === 'i' || sub === 'add' || (sub === 'global' && positional[1]?.value === 'add'))) return [];
  return positional.slice(start).map((word) => word.value.replace(/^(@?[^@]+)@.*$/, '$1')).filter((name) => name !== '' && !name.startsWith('.') && !name.includes('$'));
}

function pythonInstall(command: ShellCommand): boolean {
  if (/^pip\d?(\.\d+)?$/.test(command.name)) return positionalArgs(command, ['-r', '--requirement', '-c', '--constraint'])[0]?.value === 'install';
  return /^python\d?(\.\d+)?$/.test(command.name) && command.args[0]?.value === '-m' && /^pip\d?$/.test(command.args[1]?.value ?? '') && command.args[2]?.value === 'install';
}

function namedPythonPackages(command: ShellCommand): string[] {
  if (!pythonInstall(command)) return [];
  const args = /^python/.test(command.name) ? { ...command, args: command.args.slice(3) } : { ...command, args: command.args.slice(1) };
  const VALUE_FLAGS = ['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-t', '--target', '--prefix', '--root', '-f', '--find-links', '--trusted-host', '--cache-dir', '-e', '--editable', '--platform', '--python-version', '--only-binary', '--no-binary'];
  return positionalArgs(args, VALUE_FLAGS).map((word) => requirementName(word.value)).filter((name): name is string => name !== null);
}

/** The project name of a requirement (`numpy==1.26`, `Pillow[extra]>=10 ; python_version>"3"`); null for paths and URLs. */
function requirementName(spec: string): string | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([<>=!~;@ ]|$)/.exec(spec.trim());
  if (!match || spec.includes('/') || spec.includes('$')) return null;
  return normalizePython(match[1]);
}

function requirementNames(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    const name = requirementName(line);
    if (name) names.push(name);
  }
  return names;
}

/** Every RUN of the final lineage works the same on Debian, and nothing musl-built is copied in. */
function portable(model: DockerfileModel, env: AnalysisEnv, final: Stage): boolean {
  for (const summary of lineageSummaries(model, final, env)) {
    if (summary.copies.some((copy) => copy.kind === 'copy')) return false;
    for (const instruction of summary.stage.instructions) {
      if (instruction.keyword === 'SHELL' || instruction.keyword === 'ONBUILD') return false;
      if (instruction.keyword !== 'RUN') continue;
      const run = model.run(instruction);
      if (!run.posixShell || run.commands.length === 0 || run.commands.some((command) => !PORTABLE_COMMANDS.test(command.name))) return false;
    }
  }
  return true;
}
