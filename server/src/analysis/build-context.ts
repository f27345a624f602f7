// The build context as the engine sees it: which folder, which ignore file, and which files
// of that folder are sent to the builder. One resolver for the rules (through env.ts) and the
// client commands (Build Context Report, .dockerignore scaffold, Build Image).
//
// Pattern semantics are Docker's: lines read as moby's dockerignore.ReadAll does (trimmed,
// `#` comments, `!` exceptions, cleaned paths, a leading `/` dropped), matched by
// @balena/dockerignore (a port of moby's fileutils matcher: `*`, `?`, `[...]`, `**`, parent
// folders match their contents, the last matching pattern wins). Which ignore file applies
// and how excluded folders are walked follow the builders (checked against engine 20.10 with
// real builds in test/container/build-context.test.ts):
// - BuildKit: `<Dockerfile name>.dockerignore` next to the Dockerfile wins over the context's
//   `.dockerignore`;
// - the legacy builder reads only the context's `.dockerignore`;
// - podman (buildah) reads `.containerignore`, else `.dockerignore`, in the context.
// An excluded folder is walked into only when an exception pattern starts with its path
// (moby's and fsutil's walk rule), so `!**/keep` does not bring back a file inside it.
import createIgnore from '@balena/dockerignore';
import { lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, normalize, posix, resolve } from 'node:path';
import { applicableDockerignore, envForFile } from './env';

export type BuilderKind = 'buildkit' | 'legacy' | 'podman';

export interface ResolvedContext {
  dockerfile: string;
  contextDir: string;
  builder: BuilderKind;
  /** Absolute path of the ignore file that applies, or null. */
  ignoreFile: string | null;
  /** Why that file: the Dockerfile's own, or the context root's. */
  ignoreOrigin: 'dockerfile' | 'context' | null;
}

/** The build context folder: `contextPath` relative to the Dockerfile's folder (or absolute); '' = that folder. */
export function contextFolder(dockerfilePath: string, contextPath = ''): string {
  const folder = dirname(dockerfilePath);
  const setting = contextPath.trim();
  if (!setting) return folder;
  return isAbsolute(setting) ? normalize(setting) : resolve(folder, setting);
}

/** The folder and the ignore file a build of `dockerfilePath` uses. */
export function resolveBuildContext(dockerfilePath: string, options: { contextPath?: string; builder?: BuilderKind } = {}): ResolvedContext {
  const dockerfile = resolve(dockerfilePath);
  const contextDir = contextFolder(dockerfile, options.contextPath);
  const builder = options.builder ?? 'buildkit';
  const exists = (path: string) => {
    try {
      readFileSync(path);
      return true;
    } catch {
      return false;
    }
  };
  let ignoreFile: string | null = null;
  let ignoreOrigin: ResolvedContext['ignoreOrigin'] = null;
  if (builder === 'buildkit') {
    const found = applicableDockerignore(envForFile(dockerfile, contextDir));
    if (found) {
      ignoreFile = isAbsolute(found) ? found : join(contextDir, found);
      ignoreOrigin = isAbsolute(found) ? 'dockerfile' : 'context';
    }
  } else {
    const names = builder === 'podman' ? ['.containerignore', '.dockerignore'] : ['.dockerignore'];
    const found = names.map((name) => join(contextDir, name)).find(exists);
    if (found) {
      ignoreFile = found;
      ignoreOrigin = 'context';
    }
  }
  return { dockerfile, contextDir, builder, ignoreFile, ignoreOrigin };
}

/** The patterns of a .dockerignore text, read as Docker reads them. */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const raw of lines) {
    if (raw.startsWith('#')) continue;
    const pattern = cleanPattern(raw);
    if (pattern) patterns.push(pattern);
  }
  return patterns;
}

/** moby's normalisation of one line: trim, `!` kept in front of the cleaned, relative path. */
export function cleanPattern(line: string): string {
  let pattern = line.trim();
  if (!pattern) return '';
  const invert = pattern.startsWith('!');
  if (invert) pattern = pattern.slice(1).trim();
  if (pattern) {
    pattern = posix.normalize(pattern);
    if (pattern.length > 1 && pattern.endsWith('/')) pattern = pattern.slice(0, -1);
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
  }
  return invert ? '!' + pattern : pattern;
}

/** A pattern as @balena/dockerignore compiled it. */
interface CompiledRule {
  negative: boolean;
  regexp: RegExp;
  /** The pattern's path segments (`**` included). */
  dirs: string[];
  hasGlobstar: boolean;
  /** Segments that are not `**`: the fewest parent folders a `**` pattern can match. */
  fixedSegments: number;
}

/**
 * Which context paths a set of patterns excludes. Paths are relative, with `/`.
 *
 * The decision is the library's (its compiled patterns and its rule: a pattern matches a path
 * or one of its parent folders, the last matching pattern wins); the parent-folder half of it
 * is computed once per folder instead of once per file, which makes a 100,000-file context
 * about 20x faster to match. Should the library's internals ever change shape, every call goes
 * through its public `ignores()` instead.
 */
export class ContextMatcher {
  private readonly matcher;
  private readonly rules: CompiledRule[] | null;
  private readonly folderCache = new Map<string, boolean[]>();
  /** Exception patterns (without `!`), each with a trailing `/`, for the walk rule. */
  private readonly exceptionPrefixes: string[];

  constructor(readonly patterns: string[]) {
    this.matcher = createIgnore({ ignorecase: false }).add(patterns.filter((p) => p !== '!'));
    this.exceptionPrefixes = patterns.filter((p) => p.startsWith('!') && p.length > 1).map((p) => p.slice(1) + '/');
    this.rules = compiledRules(this.matcher);
  }

  get hasExceptions(): boolean {
    return this.exceptionPrefixes.length > 0;
  }

  /** Whether the path (a file, or a folder and so its contents) is excluded. */
  excludes(path: string): boolean {
    if (this.patterns.length === 0 || !path) return false;
    if (!this.rules) return this.matcher.ignores(path);
    const slash = path.lastIndexOf('/');
    const parents = slash === -1 ? null : this.parentMatches(path.slice(0, slash));
    let excluded = false;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if ((parents !== null && parents[i]) || rule.regexp.test(path)) excluded = !rule.negative;
    }
    return excluded;
  }

  /** Whether the walk goes into an excluded folder: only when an exception names a path under it. */
  entersExcludedDir(dir: string): boolean {
    const prefix = dir + '/';
    return this.exceptionPrefixes.some((pattern) => pattern.startsWith(prefix));
  }

  /** Per rule: does it match the folder or one of the folder's leading parts (the library's parent rule)? */
  private parentMatches(folder: string): boolean[] {
    let cached = this.folderCache.get(folder);
    if (cached) return cached;
    const parts = folder.split('/');
    cached = this.rules!.map((rule) => {
      if (rule.hasGlobstar) {
        for (let n = rule.fixedSegments; n <= parts.length; n++) if (rule.regexp.test(parts.slice(0, n).join('/'))) return true;
        return false;
      }
      return rule.dirs.length <= parts.length && rule.regexp.test(parts.slice(0, rule.dirs.length).join('/'));
    });
    this.folderCache.set(folder, cached);
    return cached;
  }
}

function compiledRules(matcher: ReturnType<typeof createIgnore>): CompiledRule[] | null {
  const internal = matcher as unknown as { _rules?: { negative: boolean; dirs: string[] }[]; _compile?: (rule: unknown) => { regexp: RegExp } };
  if (!Array.isArray(internal._rules) || typeof internal._compile !== 'function') return null;
  try {
    return internal._rules.map((rule) => {
      const regexp = internal._compile!.call(matcher, rule).regexp;
      if (!(regexp instanceof RegExp) || !Array.isArray(rule.dirs)) throw new Error('unexpected rule shape');
      return { negative: rule.negative === true, regexp, dirs: rule.dirs, hasGlobstar: rule.dirs.includes('**'), fixedSegments: rule.dirs.filter((d) => d !== '**').length };
    });
  } catch {
    return null;
  }
}

/** The patterns in force for a resolved context (none without an ignore file). */
export function contextPatterns(context: ResolvedContext): string[] {
  if (!context.ignoreFile) return [];
  try {
    return parseDockerignore(readFileSync(context.ignoreFile, 'utf8'));
  } catch {
    return [];
  }
}

export interface SizeCount {
  files: number;
  bytes: number;
}

export interface FolderFigures {
  /** Top-level folder (or file) of the context. */
  path: string;
  sent: SizeCount;
  excluded: SizeCount;
}

export interface ContextReport {
  contextDir: string;
  ignoreFile: string | null;
  ignoreOrigin: ResolvedContext['ignoreOrigin'];
  builder: BuilderKind;
  patterns: string[];
  /** What the engine receives: regular files and symlinks (symlinks count 0 bytes). */
  sent: SizeCount;
  /** The whole folder, as it would be sent without an ignore file. */
  all: SizeCount;
  /** `all` minus `sent`. */
  saved: SizeCount;
  /** Top-level entries of the context, largest first (sent + excluded bytes). */
  folders: FolderFigures[];
  largestSentFiles: { path: string; size: number }[];
  /** Excluded paths, largest first: a folder excluded as a whole counts as one entry. */
  largestExcluded: { path: string; bytes: number; files: number }[];
  /** Folders that could not be read (permissions), relative paths. */
  unreadable: string[];
  durationMs: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Called now and then with the number of entries seen. */
  onProgress?: (entries: number) => void;
  /** How many largest files and excluded paths to keep (default 20). */
  top?: number;
  /** Also list every sent path (for tests and diffs); default false. */
  listSent?: boolean;
}

export class ScanCancelled extends Error {
  constructor() {
    super('The build context scan was cancelled.');
  }
}

/** Walks the context once and counts what is sent with and without the ignore file. */
export async function scanBuildContext(
  context: ResolvedContext,
  options: ScanOptions = {},
): Promise<ContextReport & { sentPaths?: string[] }> {
  const started = performance.now();
  const patterns = contextPatterns(context);
  const matcher = new ContextMatcher(patterns);
  const top = options.top ?? 20;
  const sent: SizeCount = { files: 0, bytes: 0 };
  const all: SizeCount = { files: 0, bytes: 0 };
  const folders = new Map<string, FolderFigures>();
  const largestSent = new TopList<{ path: string; size: number }>(top, (e) => e.size);
  const largestExcluded = new TopList<{ path: string; bytes: number; files: number }>(top, (e) => e.bytes);
  const unreadable: string[] = [];
  const sentPaths: string[] | undefined = options.listSent ? [] : undefined;
  let seen = 0;

  const folderOf = (rel: string) => {
    const name = rel.split('/', 1)[0];
    let entry = folders.get(name);
    if (!entry) folders.set(name, (entry = { path: name, sent: { files: 0, bytes: 0 }, excluded: { files: 0, bytes: 0 } }));
    return entry;
  };
  /**
   * The walk: synchronous directory reads and lstat (several times faster than the promise
   * API for many small calls), with a pause every 2,000 entries for progress, other work on
   * the event loop, and cancellation.
   */
  type ExcludedRoot = { path: string; bytes: number; files: number };
  const stack: { abs: string; rel: string; excludedRoot: ExcludedRoot | null }[] = [{ abs: context.contextDir, rel: '', excludedRoot: null }];
  const finishedRoots: ExcludedRoot[] = [];
  while (stack.length > 0) {
    const { abs, rel, excludedRoot } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      unreadable.push(rel || '.');
      continue;
    }
    for (const entry of entries) {
      if (++seen % 2000 === 0) {
        options.onProgress?.(seen);
        await new Promise((r) => setImmediate(r));
        if (options.signal?.aborted) throw new ScanCancelled();
      }
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = join(abs, entry.name);
      if (entry.isDirectory()) {
        if (excludedRoot) stack.push({ abs: childAbs, rel: childRel, excludedRoot });
        else if (!matcher.excludes(childRel) || matcher.entersExcludedDir(childRel)) stack.push({ abs: childAbs, rel: childRel, excludedRoot: null });
        else {
          const root = { path: childRel + '/', bytes: 0, files: 0 };
          finishedRoots.push(root);
          stack.push({ abs: childAbs, rel: childRel, excludedRoot: root });
        }
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue; // sockets, fifos, devices
      let size = 0;
      if (entry.isFile()) {
        try {
          size = lstatSync(childAbs).size;
        } catch {
          continue; // vanished while walking
        }
      }
      all.files++;
      all.bytes += size;
      const folder = folderOf(childRel);
      if (excludedRoot) {
        excludedRoot.bytes += size;
        excludedRoot.files++;
        folder.excluded.files++;
        folder.excluded.bytes += size;
      } else if (matcher.excludes(childRel)) {
        largestExcluded.add({ path: childRel, bytes: size, files: 1 });
        folder.excluded.files++;
        folder.excluded.bytes += size;
      } else {
        sent.files++;
        sent.bytes += size;
        folder.sent.files++;
        folder.sent.bytes += size;
        largestSent.add({ path: childRel, size });
        sentPaths?.push(childRel);
      }
    }
  }
  // An excluded folder is one entry, with everything under it.
  for (const root of finishedRoots) largestExcluded.add(root);
  options.onProgress?.(seen);
  const report: ContextReport & { sentPaths?: string[] } = {
    contextDir: context.contextDir,
    ignoreFile: context.ignoreFile,
    ignoreOrigin: context.ignoreOrigin,
    builder: context.builder,
    patterns,
    sent,
    all,
    saved: { files: all.files - sent.files, bytes: all.bytes - sent.bytes },
    folders: [...folders.values()].sort((a, b) => b.sent.bytes + b.excluded.bytes - (a.sent.bytes + a.excluded.bytes)),
    largestSentFiles: largestSent.items(),
    largestExcluded: largestExcluded.items(),
    unreadable,
    durationMs: performance.now() - started,
  };
  if (sentPaths) report.sentPaths = sentPaths.sort();
  return report;
}

/** Keeps the `size` largest items seen, by `weight`. */
class TopList<T> {
  private list: T[] = [];
  constructor(private readonly size: number, private readonly weight: (item: T) => number) {}
  add(item: T): void {
    if (this.size <= 0) return;
    if (this.list.length === this.size && this.weight(item) <= this.weight(this.list[this.list.length - 1])) return;
    let at = this.list.length;
    while (at > 0 && this.weight(this.list[at - 1]) < this.weight(item)) at--;
    this.list.splice(at, 0, item);
    if (this.list.length > this.size) this.list.pop();
  }
  items(): T[] {
    return this.list;
  }
}
