// One code-server per scenario: a fresh user-data folder, extensions folder and workspace,
// the packaged extension installed with --install-extension, the server on a free loopback
// port in its own process group, stopped by its PID (never by name).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Tools } from './tools';
import { waitFor } from './wait';

/**
 * The browser's title once the workbench has applied the user settings: code-server's page
 * receives them after it has started, and a scenario that acts before then runs without its
 * settings (a save before `editor.codeActionsOnSave` arrived ran no fix-all; the client's trace
 * showed no fix-all request for that save).
 */
export const SETTINGS_APPLIED_TITLE = 'dfo-e2e: settings applied';

/** Settings that keep the workbench quiet and predictable (see ../shared/e2e/README.md). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'window.title': SETTINGS_APPLIED_TITLE,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'files.autoSave': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  'git.enabled': false,
};

export interface CodeServerDirs {
  root: string;
  userData: string;
  extensions: string;
  workspace: string;
}

export interface StartOptions {
  /** Leave workspace trust on: code-server asks whether to trust the folder. */
  workspaceTrust?: boolean;
  /** A fixed port (on 127.0.0.1); a free one when not given. */
  port?: number;
  /** Environment variables over this process's, for code-server and its extension host. */
  env?: Record<string, string>;
}

export class CodeServer {
  private process: ChildProcess | null = null;
  url = '';

  constructor(
    private readonly tools: Tools,
    readonly dirs: CodeServerDirs,
    private readonly logFile: string,
  ) {
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    mkdirSync(dirs.extensions, { recursive: true });
    mkdirSync(dirs.workspace, { recursive: true });
  }

  writeUserSettings(settings: Record<string, unknown>): void {
    writeFileSync(this.userSettingsFile, JSON.stringify(settings, null, 2));
  }

  private get userSettingsFile(): string {
    return join(this.dirs.userData, 'User', 'settings.json');
  }

  /** Installs a .vsix into this server's extensions folder; fails unless code-server says it did. */
  installExtension(vsix: string): string {
    const result = spawnSync(this.tools.node, this.args(['--install-extension', vsix]), { encoding: 'utf8', timeout: 120_000 });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    if (result.status !== 0 || !/was successfully installed/.test(output)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status ?? result.signal}):\n${output}`);
    }
    return output.split('\n').pop() ?? '';
  }

  async start(options: StartOptions = {}): Promise<string> {
    const port = options.port ?? (await freePort());
    const log = openSync(this.logFile, 'a');
    const flags = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'];
    if (!options.workspaceTrust) flags.push('--disable-workspace-trust');
    // detached: its own process group, so stopping it also stops the extension host and the
    // language server it started.
    this.process = spawn(this.tools.node, this.args([...flags, this.dirs.workspace]), {
      stdio: ['ignore', log, log],
      detached: true,
      env: { ...process.env, ...options.env },
    });
    closeSync(log);
    const started = this.process;
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      'code-server to answer /healthz',
      async () => {
        if (started.exitCode !== null) throw new Error(`code-server exited with ${started.exitCode}; see ${this.logFile}`);
        return (await fetch(`${url}/healthz`)).ok;
      },
      60_000,
      200,
    );
    this.url = url;
    return url;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** SIGTERM to the process group, SIGKILL after 5 s. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
    signalGroup(child.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const gone = await Promise.race([exited, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000)))]);
    clearTimeout(timer);
    // The group may outlive its leader (the extension host, the language server): end it too.
    signalGroup(child.pid, gone ? 'SIGTERM' : 'SIGKILL');
    if (!gone) await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
  }

  private args(extra: string[]): string[] {
    return [
      this.tools.codeServerEntry,
      // Its own config file: code-server would otherwise write one (with a password) under ~/.config.
      '--config', join(this.dirs.root, 'code-server.yaml'),
      '--user-data-dir', this.dirs.userData,
      '--extensions-dir', this.dirs.extensions,
      ...extra,
    ];
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
