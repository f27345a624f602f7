// The server must survive anything: a handler that throws answers with its fallback and the
// error goes to the log, instead of failing the request or ending the process.
export function guarded<P, R>(
  name: string,
  log: (message: string) => void,
  fallback: R,
  handler: (params: P) => R | Promise<R>,
): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (error) {
      log(`${name} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return fallback;
    }
  };
}
