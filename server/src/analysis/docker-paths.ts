// Paths as WORKDIR, COPY and ADD take them: quoted or not, POSIX or Windows.

/** The path without one pair of surrounding quotes. */
export function unquotePath(path: string): string {
  return /^(["']).*\1$/.test(path) && path.length >= 2 ? path.slice(1, -1) : path;
}

/** `/usr/local`, `C:\\`, `c:/system32`: absolute on Linux or Windows images. */
export function isAbsolutePath(path: string): boolean {
  const bare = unquotePath(path);
  return bare.startsWith('/') || /^[A-Za-z]:([\\/]|$)/.test(bare) || bare.startsWith('\\');
}

/** The path starts with a variable, so where it points is only known at build time. */
export function startsWithVariable(path: string): boolean {
  return unquotePath(path).startsWith('$');
}
