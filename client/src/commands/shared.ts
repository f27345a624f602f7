// What the engine commands share: settings, the workspace-trust check, picking the
// Dockerfile, asking for the engine (bounded, with a clear message), the per-Dockerfile
// records in workspaceState, and webview panels. Logic lives in ../container and
// server/src/analysis; this file is the thin VS Code side.
import { statSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import {
  commands,
  ProgressLocation,
  Selection,
  TextEditorRevealType,
  Uri,
  ViewColumn,
  window,
  workspace,
  type ExtensionContext,
  type TextDocument,
  type WebviewPanel,
} from 'vscode';
import { resolveBuildContext, type ResolvedContext } from '../../../server/src/analysis/build-context';
import { DockerfileModel } from '../../../server/src/analysis/model';
import type { Stage } from '../../../server/src/analysis/types';
import { builderHint, DEFAULT_TAG_PATTERN } from '../container/build-plan';
import { detectEngine, DEFAULT_ENGINE_SETTINGS, type EngineInfo, type EngineSettings } from '../container/engine';
import type { LineSize } from '../container/images';
import type { MeasureRecord } from '../container/measure';
import { makeNonce } from '../webview/html';

export const SECTION = 'dockerfileOptimizer';

export interface CommandSettings {
  engine: EngineSettings;
  tagPattern: string;
  contextPath: string;
}

export function readCommandSettings(resource?: Uri): CommandSettings {
  const config = workspace.getConfiguration(SECTION, resource);
  const flags = config.get<unknown>('build.extraFlags');
  const kind = config.get<string>('engine.kind', 'auto');
  const buildKit = config.get<string>('engine.buildKit', 'auto');
  return {
    engine: {
      path: config.get<string>('engine.path', DEFAULT_ENGINE_SETTINGS.path)?.trim() || DEFAULT_ENGINE_SETTINGS.path,
      kind: (['auto', 'docker', 'buildx', 'podman', 'nerdctl'].includes(kind) ? kind : 'auto') as EngineSettings['kind'],
      buildKit: (['auto', 'on', 'off'].includes(buildKit) ? buildKit : 'auto') as EngineSettings['buildKit'],
      extraBuildFlags: Array.isArray(flags) ? flags.filter((flag): flag is string => typeof flag === 'string' && flag.length > 0) : [],
    },
    tagPattern: config.get<string>('build.tagPattern', DEFAULT_TAG_PATTERN) || DEFAULT_TAG_PATTERN,
    contextPath: config.get<string>('contextPath', '') ?? '',
  };
}

/** Engine commands run programs from the workspace's settings: only in a trusted workspace. */
export function requireTrust(what: string): boolean {
  if (workspace.isTrusted) return true;
  void window.showWarningMessage(
    `${what} is disabled in an untrusted workspace: it runs the container engine on this folder's files. Linting still works. Trust the workspace to use it.`,
    'Manage Workspace Trust',
  ).then((choice) => choice && commands.executeCommand('workbench.trust.manage'));
  return false;
}

const DOCKERFILE_GLOB = '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*,*.dockerfile}';

function looksLikeDockerfile(document: TextDocument): boolean {
  if (document.uri.scheme !== 'file') return false;
  if (document.languageId === 'dockerfile') return true;
  return /^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|Containerfile|dockerfile)$/.test(basename(document.uri.fsPath)) && !document.uri.fsPath.endsWith('.dockerignore');
}

/**
 * The Dockerfile a command works on: the argument (a Uri, a URI string or an absolute path),
 * the active editor's, or one picked from the workspace. Saved first.
 */
export async function pickDockerfile(argument: unknown): Promise<TextDocument | undefined> {
  let uri: Uri | undefined = argument instanceof Uri ? argument : typeof argument === 'string' ? (isAbsolute(argument) ? Uri.file(argument) : Uri.parse(argument)) : undefined;
  if (!uri) {
    const active = window.activeTextEditor?.document;
    if (active && looksLikeDockerfile(active)) uri = active.uri;
  }
  if (!uri) {
    const found = await workspace.findFiles(DOCKERFILE_GLOB, '**/{node_modules,.git}/**', 200);
    if (found.length === 0) {
      void window.showErrorMessage('No Dockerfile found in the workspace. Open one, or create a file named Dockerfile.');
      return undefined;
    }
    const picked =
      found.length === 1
        ? { uri: found[0] }
        : await window.showQuickPick(
            found.map((file) => ({ label: workspace.asRelativePath(file), uri: file })).sort((a, b) => a.label.localeCompare(b.label)),
            { placeHolder: 'Dockerfile' },
          );
    if (!picked) return undefined;
    uri = picked.uri;
  }
  if (uri.scheme !== 'file') {
    void window.showErrorMessage('The container engine can only build a Dockerfile saved on disk.');
    return undefined;
  }
  let document: TextDocument;
  try {
    document = await workspace.openTextDocument(uri);
  } catch {
    void window.showErrorMessage(`The Dockerfile ${uri.fsPath} does not exist (any more).`);
    return undefined;
  }
  if (document.isDirty && !(await document.save())) {
    void window.showErrorMessage(`${basename(uri.fsPath)} has unsaved changes that could not be saved; the engine reads the file on disk.`);
    return undefined;
  }
  return document;
}

/** The model of a document's text (the analysis engine's parse). */
export function modelOf(document: TextDocument): DockerfileModel {
  return new DockerfileModel(document.getText());
}

/** The resolved context, or undefined with a message when its folder is missing. */
export function contextFor(document: TextDocument, settings: CommandSettings, builder = builderHint(settings.engine)): ResolvedContext | undefined {
  const context = resolveBuildContext(document.uri.fsPath, { contextPath: settings.contextPath, builder });
  let isFolder = false;
  try {
    isFolder = statSync(context.contextDir).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    void window.showErrorMessage(`The build context folder ${context.contextDir} does not exist. Check \`${SECTION}.contextPath\` (now "${settings.contextPath}").`, 'Open Settings').then(
      (choice) => choice && commands.executeCommand('workbench.action.openSettings', `${SECTION}.contextPath`),
    );
    return undefined;
  }
  return context;
}

/** Asks for the engine (at most ~2 s) and explains what is wrong when it is not there. */
export async function engineOrExplain(settings: CommandSettings): Promise<EngineInfo | undefined> {
  const detection = await window.withProgress({ location: ProgressLocation.Window, title: 'Checking the container engine' }, () => detectEngine(settings.engine));
  if (detection.ok) return detection.engine;
  const choice = await window.showErrorMessage(detection.message, 'Open Settings');
  if (choice) await commands.executeCommand('workbench.action.openSettings', `${SECTION}.engine`);
  return undefined;
}

/** The stage a build targets: picked from the parsed stages (final first), or the only one. */
export async function pickStage(model: DockerfileModel, remembered: string | null): Promise<{ stage: Stage | null; target: string | undefined } | undefined> {
  const stages = model.stages;
  if (stages.length <= 1) return { stage: model.finalStage, target: undefined };
  const label = (stage: Stage) => stage.name ?? `stage ${stage.index}`;
  const items = [...stages].reverse().map((stage) => ({
    label: label(stage),
    description: `${stage.isFinal ? 'final · ' : ''}FROM ${stage.base.raw} · line ${stage.from.range.start.line + 1}`,
    stage,
  }));
  const rememberedItem = items.find((item) => item.stage.name === remembered || String(item.stage.index) === remembered);
  if (rememberedItem) items.unshift(...items.splice(items.indexOf(rememberedItem), 1));
  const picked = await window.showQuickPick(items, { placeHolder: 'Target stage (the final one builds the whole image)' });
  if (!picked) return undefined;
  return { stage: picked.stage, target: picked.stage.isFinal ? undefined : (picked.stage.name ?? String(picked.stage.index)) };
}

// ------------------------------------------------------------------------------ records

export interface BuildRecord {
  tag: string;
  target: string | null;
  buildArgs: [string, string][];
  imageId: string | null;
  /** ISO time of the last successful build. */
  time: string | null;
  engine: string | null;
  builder: string | null;
  /** The Dockerfile text the image was built from, and the sizes per line (inline sizes). */
  text: string | null;
  lineSizes: LineSize[];
}

export class Records {
  constructor(private readonly context: ExtensionContext) {}
  build(path: string): BuildRecord | undefined {
    return this.context.workspaceState.get<BuildRecord>(`dockerfileOptimizer.build:${path}`);
  }
  async setBuild(path: string, record: BuildRecord): Promise<void> {
    await this.context.workspaceState.update(`dockerfileOptimizer.build:${path}`, record);
  }
  measurements(path: string): MeasureRecord[] {
    return this.context.workspaceState.get<MeasureRecord[]>(`dockerfileOptimizer.measure:${path}`) ?? [];
  }
  async setMeasurements(path: string, records: MeasureRecord[]): Promise<void> {
    await this.context.workspaceState.update(`dockerfileOptimizer.measure:${path}`, records);
  }
}

// ------------------------------------------------------------------------------ webviews

const panels = new Map<string, { panel: WebviewPanel; target: Uri | null }>();

/**
 * Shows (or refreshes) the panel `key`; `render` gets the nonce and cspSource. Messages
 * `{ type: 'reveal', line }` (1-based) open `document` at that line.
 */
export function showPage(key: string, title: string, document: Uri | null, render: (nonce: string, cspSource: string) => string): WebviewPanel {
  let entry = panels.get(key);
  if (!entry) {
    const panel = window.createWebviewPanel('dockerfileOptimizer.page', title, { viewColumn: ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    const created = { panel, target: document };
    entry = created;
    panels.set(key, created);
    const subscription = panel.webview.onDidReceiveMessage(async (message: { type?: string; line?: unknown }) => {
      if (message?.type !== 'reveal' || typeof message.line !== 'number' || !created.target) return;
      await revealLine(created.target, message.line - 1);
    });
    panel.onDidDispose(() => {
      subscription.dispose();
      panels.delete(key);
    });
  }
  const { panel } = entry;
  entry.target = document;
  panel.title = title;
  panel.webview.html = render(makeNonce(), panel.webview.cspSource);
  panel.reveal(ViewColumn.Beside, true);
  return panel;
}

/** Opens the document and puts the cursor on a zero-based line. */
export async function revealLine(uri: Uri, line: number): Promise<void> {
  const editor = await window.showTextDocument(uri, { viewColumn: ViewColumn.One, preserveFocus: false });
  const target = Math.max(0, Math.min(line, editor.document.lineCount - 1));
  const range = editor.document.lineAt(target).range;
  editor.selection = new Selection(range.start, range.end);
  editor.revealRange(range, TextEditorRevealType.InCenter);
}
