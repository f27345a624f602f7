// What the server keeps per open document: its own ParseCache (so an edit re-parses only the
// stage it touches), the pending debounce timer and the last analysis, keyed by version.
// Everything is dropped when the document closes.
import { ParseCache } from '../analysis/model';
import type { DocumentAnalysis } from './analyze-document';

export class DocumentState {
  readonly cache = new ParseCache();
  timer: ReturnType<typeof setTimeout> | null = null;
  analysis: DocumentAnalysis | null = null;
  /** From the document's settings at its last check; a just-opened document is checked at once. */
  debounceMs = 150;

  cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The last analysis, if it was made for this version under this configuration. */
  current(version: number, generation: number): DocumentAnalysis | null {
    const analysis = this.analysis;
    return analysis && analysis.version === version && analysis.generation === generation ? analysis : null;
  }
}

export class DocumentStates {
  private states = new Map<string, DocumentState>();

  get(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = new DocumentState();
      this.states.set(uri, state);
    }
    return state;
  }

  peek(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  delete(uri: string): void {
    this.states.get(uri)?.cancelTimer();
    this.states.delete(uri);
  }

  get size(): number {
    return this.states.size;
  }
}

const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|Containerfile)$/i;

/**
 * Whether the server checks a document: the `dockerfile` language, or a file named like a
 * Dockerfile in case the user mapped it to another language. `Dockerfile.dockerignore` and
 * other ignore files are not Dockerfiles.
 */
export function isDockerfileDocument(uri: string, languageId: string): boolean {
  const name = baseName(uri);
  if (/\.dockerignore$/i.test(name)) return false;
  return languageId === 'dockerfile' || DOCKERFILE_NAME.test(name);
}

function baseName(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
