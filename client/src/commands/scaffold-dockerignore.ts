// Scaffold .dockerignore: plan the file for the Dockerfile's build context (ecosystems found,
// merge into the ignore file that applies), show the change as a diff, and write only after
// the person agrees. Patterns that would exclude what a COPY/ADD needs are left out and said
// so; existing lines that already do are warned about. Runs no engine, so it also works in an
// untrusted workspace.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { commands, EventEmitter, Uri, window, workspace, type TextDocumentContentProvider } from 'vscode';
import { planScaffold } from '../../../server/src/analysis/dockerignore-scaffold';
import { contextFor, modelOf, pickDockerfile, readCommandSettings } from './shared';

export const PROPOSAL_SCHEME = 'dockerfile-optimizer-proposal';

/** Serves the proposed texts shown in the diff editor. */
export class ProposalProvider implements TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  set(uri: Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
  provideTextDocumentContent(uri: Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

export async function scaffoldDockerignore(proposals: ProposalProvider, argument?: unknown): Promise<void> {
  const document = await pickDockerfile(argument);
  if (!document) return;
  const settings = readCommandSettings(document.uri);
  const context = contextFor(document, settings);
  if (!context) return;
  const plan = planScaffold(context, modelOf(document));
  const name = basename(plan.target);
  const warningText = plan.warnings.map((w) => w.message).join('\n');
  if (plan.added.length === 0) {
    const skipped = plan.skipped.length ? ` Left out because a COPY needs them: ${plan.skipped.map((s) => s.pattern).join(', ')}.` : '';
    if (plan.warnings.length) void window.showWarningMessage(`${name} already has every pattern the scaffold would add.${skipped}\n${warningText}`, { modal: false });
    else void window.showInformationMessage(`${name} already has every pattern the scaffold would add.${skipped}`);
    return;
  }
  const left = plan.existingText === null ? Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name} (none yet)` }) : Uri.file(plan.target);
  const right = Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name} (proposed)`, query: plan.target });
  if (plan.existingText === null) proposals.set(left, '');
  proposals.set(right, plan.newText);
  await commands.executeCommand('vscode.diff', left, right, `${name}: proposed ${plan.existingText === null ? 'file' : 'additions'} (${plan.added.length} patterns)`, { preview: true });
  const ecosystems = plan.ecosystems.length ? plan.ecosystems.map((e) => `${e.name} (${e.evidence})`).join(', ') : 'none recognised';
  const detail = [
    `Ecosystems: ${ecosystems}.`,
    plan.existingText === null ? `A new ${name} in ${context.contextDir}.` : `Your lines stay as they are, below the added block, and keep precedence.`,
    ...plan.skipped.map((s) => `Left out ${s.pattern}: ${s.reason}.`),
    ...plan.warnings.map((w) => `Warning: ${w.message}.`),
  ].join('\n');
  const answer = await window.showInformationMessage(`Write ${plan.added.length} patterns to ${name}?`, { modal: true, detail }, 'Write');
  if (answer !== 'Write') return;
  // Never clobber: if the file changed meanwhile (on disk or unsaved in an editor), plan again.
  const open = workspace.textDocuments.find((d) => d.uri.fsPath === plan.target);
  let current: string | null = null;
  try {
    current = readFileSync(plan.target, 'utf8');
  } catch {
    current = null;
  }
  if (open?.isDirty || current !== plan.existingText) {
    void window.showWarningMessage(`${name} changed since the proposal was made; nothing was written. Save it and run Scaffold .dockerignore again.`);
    return;
  }
  await workspace.fs.writeFile(Uri.file(plan.target), Buffer.from(plan.newText, 'utf8'));
  await window.showTextDocument(Uri.file(plan.target), { preview: false });
  if (plan.warnings.length) void window.showWarningMessage(warningText);
}
