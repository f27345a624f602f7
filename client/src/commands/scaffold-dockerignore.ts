// Scaffold .dockerignore: plan the file for the Dockerfile's build context (ecosystems found,
// merge into the ignore file that applies), show the change as a diff, and write only after
// the person agrees. Patterns that would exclude what a COPY/ADD needs are left out and said
// so; existing lines that already do are warned about. Runs no engine, so it also works in an
// untrusted workspace. An options object (./arguments.ts) writes without asking, or only plans.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { commands, EventEmitter, Uri, window, workspace, type TextDocumentContentProvider } from 'vscode';
import { planScaffold, type ScaffoldPlan } from '../../../server/src/analysis/dockerignore-scaffold';
import { parseScaffoldArgument } from './arguments';
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

/** What the scaffold planned and whether it wrote the file (for callers such as tests). */
export interface ScaffoldResult {
  /** The ignore file planned for. */
  target: string;
  written: boolean;
  /** Patterns the plan adds (none on a second run). */
  added: string[];
  skipped: { pattern: string; reason: string }[];
  ecosystems: string[];
  warnings: string[];
}

/**
 * From the palette, menus and the quick fix: the diff, then a modal question. With
 * `{ dockerfile?, write: true }` it writes without either (and opens nothing); with
 * `write: false` it only returns the plan (./arguments.ts).
 */
export async function scaffoldDockerignore(proposals: ProposalProvider, argument?: unknown): Promise<ScaffoldResult | undefined> {
  const parsed = parseScaffoldArgument(argument);
  if (parsed.form === 'invalid') {
    void window.showErrorMessage(parsed.error);
    return undefined;
  }
  const options = parsed.form === 'options' ? parsed.options : null;
  const document = await pickDockerfile(parsed.form === 'options' ? parsed.options.dockerfile : parsed.resource);
  if (!document) return undefined;
  const settings = readCommandSettings(document.uri);
  const context = contextFor(document, settings);
  if (!context) return undefined;
  const plan = planScaffold(context, modelOf(document));
  const result = (written: boolean): ScaffoldResult => ({
    target: plan.target,
    written,
    added: plan.added,
    skipped: plan.skipped,
    ecosystems: plan.ecosystems.map((e) => e.name),
    warnings: plan.warnings.map((w) => w.message),
  });
  if (options && !options.write) return result(false);
  const name = basename(plan.target);
  const warningText = plan.warnings.map((w) => w.message).join('\n');
  if (plan.added.length === 0) {
    const skipped = plan.skipped.length ? ` Left out because a COPY needs them: ${plan.skipped.map((s) => s.pattern).join(', ')}.` : '';
    if (plan.warnings.length) void window.showWarningMessage(`${name} already has every pattern the scaffold would add.${skipped}\n${warningText}`, { modal: false });
    else void window.showInformationMessage(`${name} already has every pattern the scaffold would add.${skipped}`);
    return result(false);
  }
  if (!options && !(await confirmInDiff(proposals, plan, context.contextDir))) return result(false);
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
    return result(false);
  }
  await workspace.fs.writeFile(Uri.file(plan.target), Buffer.from(plan.newText, 'utf8'));
  if (!options) await window.showTextDocument(Uri.file(plan.target), { preview: false });
  if (plan.warnings.length) void window.showWarningMessage(warningText);
  return result(true);
}

/** Shows the proposal as a diff and asks (modal) whether to write it. */
async function confirmInDiff(proposals: ProposalProvider, plan: ScaffoldPlan, contextDir: string): Promise<boolean> {
  const name = basename(plan.target);
  const left = plan.existingText === null ? Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name} (none yet)` }) : Uri.file(plan.target);
  const right = Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name} (proposed)`, query: plan.target });
  if (plan.existingText === null) proposals.set(left, '');
  proposals.set(right, plan.newText);
  await commands.executeCommand('vscode.diff', left, right, `${name}: proposed ${plan.existingText === null ? 'file' : 'additions'} (${plan.added.length} patterns)`, { preview: true });
  const ecosystems = plan.ecosystems.length ? plan.ecosystems.map((e) => `${e.name} (${e.evidence})`).join(', ') : 'none recognised';
  const detail = [
    `Ecosystems: ${ecosystems}.`,
    plan.existingText === null ? `A new ${name} in ${contextDir}.` : `Your lines stay as they are, below the added block, and keep precedence.`,
    ...plan.skipped.map((s) => `Left out ${s.pattern}: ${s.reason}.`),
    ...plan.warnings.map((w) => `Warning: ${w.message}.`),
  ].join('\n');
  const answer = await window.showInformationMessage(`Write ${plan.added.length} patterns to ${name}?`, { modal: true, detail }, 'Write');
  return answer === 'Write';
}
