// Where each rule's generated docs page (docs/rules/<id>.md) is, as a `file:` URI. The client
// passes the extension's folder; without it (a server started by a test or another editor)
// the docs beside the bundle are used when they are there: dist/server.js -> ../docs/rules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export class RuleDocs {
  private readonly folder: string | null;
  private hrefs = new Map<string, string | undefined>();

  constructor(extensionPath: string | undefined, serverFolder: string) {
    const candidates = [extensionPath && join(extensionPath, 'docs', 'rules'), join(serverFolder, '..', 'docs', 'rules')];
    this.folder = candidates.find((folder): folder is string => !!folder && existsSync(folder)) ?? null;
  }

  /** The `file:` URI of the rule's page, or undefined when it is not shipped. */
  href(ruleId: string): string | undefined {
    if (!this.folder) return undefined;
    if (!this.hrefs.has(ruleId)) {
      const file = join(this.folder, `${ruleId}.md`);
      this.hrefs.set(ruleId, existsSync(file) ? pathToFileURL(file).href : undefined);
    }
    return this.hrefs.get(ruleId);
  }
}
