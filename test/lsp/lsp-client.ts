// A small LSP client for tests: spawns the bundled server (`node dist/server.js --stdio`),
// speaks JSON-RPC over its stdio, answers the server's requests (workspace/configuration,
// client/registerCapability) and collects what it publishes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';

export const ROOT = join(__dirname, '..', '..');
export const SERVER_BUNDLE = join(ROOT, 'dist', 'server.js');

/** Builds the bundles when dist/server.js is missing or older than a server source file. */
export function ensureServerBundle(): void {
  if (existsSync(SERVER_BUNDLE) && statSync(SERVER_BUNDLE).mtimeMs >= newestSource(join(ROOT, 'server', 'src'))) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  // Another entry point may fail to build while others edit it; the server bundle is what counts.
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`building dist/server.js failed:\n${build.stderr}`);
}

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

interface Waiter {
  uri: string;
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

export class TestServer {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  /** What the server gets for `workspace/configuration`; change it, then notify didChangeConfiguration. */
  settings: Record<string, unknown>;
  configurationRequests = 0;
  private waiters: Waiter[] = [];
  private stderr = '';

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(
    options: { settings?: Record<string, unknown>; initializationOptions?: unknown; capabilities?: ClientCapabilities; nodeArgs?: string[] } = {},
  ): Promise<TestServer> {
    ensureServerBundle();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new TestServer(child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk) => (server.stderr += String(chunk)));
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      server.configurationRequests++;
      return params.items.map((item) => (item.section === 'dockerfileOptimizer' ? server.settings : null));
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/logMessage', (params: { message: string }) => server.logs.push(params.message));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => server.onPublish(params));
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? CLIENT_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  get errorOutput(): string {
    return this.stderr;
  }

  /** The next publication for `uri` that `accept` takes (the last one, if it already does). */
  diagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
    const last = this.published.get(uri);
    if (last && accept(last)) return Promise.resolve(last);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.published.get(uri))}`));
      }, timeoutMs);
      const done = (params: PublishDiagnosticsParams) => {
        clearTimeout(timer);
        resolve(params);
      };
      this.waiters.push({ uri, accept, resolve: done });
    });
  }

  /** Diagnostics published for exactly this document version. */
  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnostics(uri, (params) => params.version === version).then((params) => params.diagnostics);
  }

  open(uri: string, text: string, version = 1, languageId = 'dockerfile'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    if (this.alive) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), delay(5000)]);
        await this.connection.sendNotification('exit');
      } catch {
        // the server is gone already
      }
      await Promise.race([exited, delay(5000)]);
      if (this.alive) this.process.kill();
    }
    this.connection.dispose();
  }

  private onPublish(params: PublishDiagnosticsParams): void {
    this.published.set(params.uri, params);
    const ready = this.waiters.filter((waiter) => waiter.uri === params.uri && waiter.accept(params));
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve(params);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
