import type { ImageRef } from './types';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` from `values`.
 * `unresolved` is true when a variable had no value and no default.
 */
export function substituteVariables(text: string, values: ReadonlyMap<string, string | null>): { value: string; unresolved: boolean } {
  let unresolved = false;
  const value = text.replace(VARIABLE, (_match, braced: string, operator: string | undefined, word: string, plain: string) => {
    const name = braced ?? plain;
    const current = values.get(name);
    const isSet = current !== undefined && current !== null;
    if (operator === ':-' || operator === '-') {
      if (isSet && (operator === '-' || current !== '')) return current!;
      return word;
    }
    if (operator === ':+' || operator === '+') return isSet ? word : '';
    if (!isSet) {
      unresolved = true;
      return '';
    }
    return current!;
  });
  return { value, unresolved };
}

/** Splits `registry/path/name:tag@digest` into its parts (Docker's reference grammar, loosely). */
export function parseImageRef(raw: string, resolved: string, unresolved: boolean): ImageRef {
  let rest = resolved;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let name = rest.toLowerCase();
  if ((registry === null || registry === 'docker.io' || registry === 'index.docker.io') && name.startsWith('library/')) {
    name = name.slice('library/'.length);
  }
  return { raw, resolved, unresolved, registry, name, tag, digest };
}

/** The last path component of the image name: `gcr.io/distroless/static` -> `static`. */
export function imageShortName(image: ImageRef): string {
  const slash = image.name.lastIndexOf('/');
  return slash === -1 ? image.name : image.name.slice(slash + 1);
}
