// A .dockerignore for a build context: the ecosystems found in it decide the dependency and
// build-output folders to leave out, on top of VCS, editor, secret and Docker files. Merged
// into an existing file without clobbering it, and never excluding what a COPY/ADD of the
// Dockerfile needs.
//
// The merge puts the new patterns in a block at the TOP of the existing file: Docker lets the
// last matching line decide, so every path that a line of the user's file matches keeps the
// decision it had (their exceptions still win), and the new patterns only decide paths the
// file said nothing about.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ContextMatcher, cleanPattern, parseDockerignore, type ResolvedContext } from './build-context';
import type { DockerfileModel } from './model';
import type { Instruction } from './types';

export interface Ecosystem {
  id: string;
  name: string;
  /** The file that showed it, relative to the context. */
  evidence: string;
}

interface EcosystemSpec {
  id: string;
  name: string;
  /** File names (exact, or a RegExp) that show it. */
  markers: (string | RegExp)[];
  patterns: string[];
}

// Dependency folders, caches and build output per ecosystem. Folders that some builds need
// from the context (Go's vendor/, PHP's vendor/ when composer runs outside) are left out on
// purpose: excluding them would break those builds.
const ECOSYSTEMS: EcosystemSpec[] = [
  {
    id: 'node',
    name: 'Node.js',
    markers: ['package.json'],
    patterns: ['**/node_modules', '**/npm-debug.log*', '**/yarn-debug.log*', '**/yarn-error.log*', '.npm', '.yarn/cache', '.pnpm-store', 'coverage', '.nyc_output', '.next', '.nuxt', '.turbo', '.parcel-cache', 'dist', 'build'],
  },
  {
    id: 'python',
    name: 'Python',
    markers: [/^requirements.*\.txt$/, 'pyproject.toml', 'setup.py', 'Pipfile'],
    patterns: ['**/__pycache__', '**/*.py[cod]', '.venv', 'venv', '.tox', '.nox', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.coverage', 'htmlcov', '**/*.egg-info', 'dist', 'build'],
  },
  { id: 'go', name: 'Go', markers: ['go.mod'], patterns: ['bin', '**/*.test', 'coverage.out', '*.prof'] },
  { id: 'maven', name: 'Java (Maven)', markers: ['pom.xml'], patterns: ['target', '.mvn/wrapper/maven-wrapper.jar'] },
  { id: 'gradle', name: 'Java (Gradle)', markers: [/^build\.gradle(\.kts)?$/, /^settings\.gradle(\.kts)?$/], patterns: ['.gradle', '**/build', 'out'] },
  { id: 'rust', name: 'Rust', markers: ['Cargo.toml'], patterns: ['target'] },
  { id: 'ruby', name: 'Ruby', markers: ['Gemfile'], patterns: ['.bundle', 'vendor/bundle', 'log', 'tmp', 'coverage'] },
  { id: 'php', name: 'PHP', markers: ['composer.json'], patterns: ['.phpunit.result.cache', 'var/cache', 'var/log'] },
  { id: 'dotnet', name: '.NET', markers: [/\.(cs|fs|vb)proj$/, /\.sln$/], patterns: ['**/bin', '**/obj', '**/*.user', '.vs', 'TestResults'] },
];

const COMMON_SECTIONS: { title: string; patterns: string[] }[] = [
  { title: 'Version control', patterns: ['.git', '.gitignore', '.gitattributes', '.svn', '.hg'] },
  { title: 'Editors and OS files', patterns: ['.vscode', '.idea', '**/*.swp', '**/.DS_Store', '**/Thumbs.db'] },
  { title: 'Secrets and local settings', patterns: ['.env', '.env.*', '**/*.pem', '**/*.key', '**/id_rsa*', '**/id_ed25519*', '.aws', '.ssh', '.netrc'] },
  { title: 'Logs', patterns: ['**/*.log'] },
];

const SKIP_DIRS = new Set(['node_modules', '.git', 'vendor', 'target', 'dist', 'build', '.venv', 'venv', '__pycache__']);

/** Ecosystems found in the context folder and two levels of subfolders (src/Api/Api.csproj). */
export function detectEcosystems(contextDir: string): Ecosystem[] {
  const found = new Map<string, Ecosystem>();
  const look = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      for (const spec of ECOSYSTEMS) {
        if (found.has(spec.id)) continue;
        if (spec.markers.some((marker) => (typeof marker === 'string' ? marker === name : marker.test(name)))) {
          found.set(spec.id, { id: spec.id, name: spec.name, evidence: relative(contextDir, join(dir, name)).split(sep).join('/') });
        }
      }
    }
    if (depth === 0) return;
    for (const name of names) {
      if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
      try {
        if (statSync(join(dir, name)).isDirectory()) look(join(dir, name), depth - 1);
      } catch {
        // unreadable: skip
      }
    }
  };
  look(contextDir, 2);
  return ECOSYSTEMS.filter((spec) => found.has(spec.id)).map((spec) => found.get(spec.id)!);
}

export interface Section {
  title: string;
  patterns: string[];
}

/** The sections a scaffold wants for these ecosystems, each pattern once. */
export function wantedSections(ecosystems: Ecosystem[], dockerfileInContext: string | null, ignoreFileName: string): Section[] {
  const seen = new Set<string>();
  const once = (patterns: string[]) => patterns.filter((p) => !seen.has(p) && (seen.add(p), true));
  const sections: Section[] = COMMON_SECTIONS.map((section) => ({ title: section.title, patterns: once(section.patterns) }));
  for (const ecosystem of ecosystems) {
    const spec = ECOSYSTEMS.find((s) => s.id === ecosystem.id)!;
    sections.push({ title: `${spec.name} dependencies and build output`, patterns: once(spec.patterns) });
  }
  const docker = ['**/Dockerfile*', '**/*.Dockerfile', '**/Containerfile*', '**/docker-compose*.yml', '**/compose*.yaml', ignoreFileName];
  if (dockerfileInContext && !new ContextMatcher(docker).excludes(dockerfileInContext)) docker.unshift(dockerfileInContext);
  sections.push({ title: 'Docker files (the builder reads the Dockerfile on its own)', patterns: once(docker) });
  return sections.filter((section) => section.patterns.length > 0);
}

// ------------------------------------------------------------------------------ COPY needs

export interface CopyNeed {
  instruction: Instruction;
  /** Zero-based line of the COPY/ADD. */
  line: number;
  /** The source as written (relative to the context). */
  source: string;
  /** Context paths it names: the literal path, or the files a glob matches now. */
  paths: string[];
}

const WHOLE_CONTEXT = new Set(['.', './', '*', './*', '/', '/*']);

/** The context paths the COPY/ADD instructions of the Dockerfile read (not `--from`, not URLs). */
export function copyNeeds(model: DockerfileModel, contextDir: string): CopyNeed[] {
  const needs: CopyNeed[] = [];
  for (const raw of model.instructions) {
    const instruction = raw.trigger ?? raw;
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    if (instruction.heredocs.length > 0) continue;
    if (instruction.flags.some((flag) => flag.name.toLowerCase() === 'from')) continue;
    const sources = instruction.jsonStrings ? instruction.jsonStrings.slice(0, -1) : instruction.args.slice(0, -1).map((arg) => arg.value.replace(/^(["'])(.*)\1$/, '$2'));
    for (const source of sources) {
      if (!source || WHOLE_CONTEXT.has(source) || source.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@')) continue;
      const clean = cleanPattern(source).replace(/^\.\//, '');
      if (!clean || clean.startsWith('../') || clean === '..') continue;
      const paths = /[*?[]/.test(clean) ? globFiles(contextDir, clean) : [clean];
      needs.push({ instruction, line: instruction.range.start.line, source, paths });
    }
  }
  return needs;
}

/** Context files a COPY glob matches (Go's filepath.Match per segment), at most 2,000. */
function globFiles(contextDir: string, glob: string): string[] {
  const segments = glob.split('/');
  const out: string[] = [];
  const walk = (dir: string, rel: string, index: number) => {
    if (out.length >= 2000) return;
    if (index === segments.length) {
      out.push(rel);
      return;
    }
    const segment = segments[index];
    if (!/[*?[]/.test(segment)) {
      const next = join(dir, segment);
      if (existsSync(next)) walk(next, rel ? `${rel}/${segment}` : segment, index + 1);
      return;
    }
    const regex = segmentRegex(segment);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) if (regex.test(name)) walk(join(dir, name), rel ? `${rel}/${name}` : name, index + 1);
  };
  walk(contextDir, '', 0);
  return out;
}

function segmentRegex(segment: string): RegExp {
  let source = '^';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        source += '[' + segment.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (ch === '\\' && i + 1 < segment.length) source += '\\' + segment[++i];
    else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(source + '$');
}

export interface IgnoredNeed {
  line: number;
  source: string;
  /** The needed paths the patterns exclude. */
  excluded: string[];
  /** Whether every path the source names is excluded (the COPY then fails or copies nothing). */
  all: boolean;
}

/** COPY/ADD sources that these patterns exclude. */
export function ignoredNeeds(patterns: string[], needs: CopyNeed[]): IgnoredNeed[] {
  const matcher = new ContextMatcher(patterns);
  const found: IgnoredNeed[] = [];
  for (const need of needs) {
    const excluded = need.paths.filter((path) => matcher.excludes(path));
    if (excluded.length > 0) found.push({ line: need.line, source: need.source, excluded, all: excluded.length === need.paths.length });
  }
  return found;
}

// ------------------------------------------------------------------------------ merge

export interface ScaffoldPlan {
  /** Where the file goes: the ignore file that applies, or `.dockerignore` in the context. */
  target: string;
  existingText: string | null;
  newText: string;
  ecosystems: Ecosystem[];
  added: string[];
  /** Wanted patterns left out, and why. */
  skipped: { pattern: string; reason: string }[];
  /** Lines of the existing file that already exclude a path a COPY/ADD needs. */
  warnings: (IgnoredNeed & { message: string })[];
}

const BLOCK_START = '# --- Added by Dockerfile Optimizer: Scaffold .dockerignore ---';
const BLOCK_END = '# --- End of the added block; the lines below are yours and take precedence ---';

/** Plans the scaffold (or merge) for a resolved context; writes nothing. */
export function planScaffold(context: ResolvedContext, model: DockerfileModel | null): ScaffoldPlan {
  const target = context.ignoreFile ?? join(context.contextDir, '.dockerignore');
  let existingText: string | null = null;
  try {
    existingText = readFileSync(target, 'utf8');
  } catch {
    existingText = null;
  }
  const existing = existingText === null ? [] : parseDockerignore(existingText);
  const ecosystems = detectEcosystems(context.contextDir);
  const dockerfileRel = relative(context.contextDir, context.dockerfile).split(sep).join('/');
  const dockerfileInContext = dockerfileRel.startsWith('..') ? null : dockerfileRel;
  const ignoreRel = relative(context.contextDir, target).split(sep).join('/');
  const sections = wantedSections(ecosystems, dockerfileInContext, ignoreRel.startsWith('..') ? '.dockerignore' : ignoreRel);
  const needs = model ? copyNeeds(model, context.contextDir) : [];
  const have = new Set(existing);
  const skipped: ScaffoldPlan['skipped'] = [];
  const added: string[] = [];
  const kept: Section[] = [];
  for (const section of sections) {
    const patterns: string[] = [];
    for (const pattern of section.patterns) {
      if (have.has(pattern) || have.has(cleanPattern(pattern))) continue;
      const conflict = ignoredNeeds([pattern], needs)[0];
      if (conflict) {
        skipped.push({ pattern, reason: `line ${conflict.line + 1} copies ${conflict.source} (${conflict.excluded.slice(0, 3).join(', ')})` });
        continue;
      }
      patterns.push(pattern);
      added.push(pattern);
    }
    if (patterns.length > 0) kept.push({ title: section.title, patterns });
  }
  const warnings = ignoredNeeds(existing, needs).map((ignored) => ({
    ...ignored,
    message: `Line ${ignored.line + 1} copies ${ignored.source}, but ${ignored.all ? '' : 'part of '}it is excluded by ${ignoreRel}: ${ignored.excluded.slice(0, 3).join(', ')}${ignored.excluded.length > 3 ? ', ...' : ''}`,
  }));
  return { target, existingText, newText: mergeText(existingText, kept), ecosystems, added, skipped, warnings };
}

/** The new file text: the existing one untouched, with a block of added patterns on top. */
export function mergeText(existingText: string | null, sections: Section[]): string {
  if (sections.length === 0) return existingText ?? '';
  const eol = existingText?.includes('\r\n') ? '\r\n' : '\n';
  const lines: string[] = [];
  if (existingText !== null && existingText.trim() !== '') lines.push(BLOCK_START);
  for (const section of sections) {
    if (lines.length > 0 && lines[lines.length - 1] !== BLOCK_START) lines.push('');
    lines.push(`# ${section.title}`, ...section.patterns);
  }
  if (existingText === null || existingText.trim() === '') return lines.join(eol) + eol;
  lines.push(BLOCK_END, '');
  const bom = existingText.startsWith('\uFEFF') ? '\uFEFF' : '';
  return bom + lines.join(eol) + eol + existingText.slice(bom.length);
}
