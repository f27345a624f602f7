// EXPOSE arguments as BuildKit splits them: `[ip:][hostPort:]containerPort[/proto]`.

export interface ExposeSpec {
  ip: string;
  hostPort: string;
  containerPort: string;
  /** The protocol as written, '' when absent. */
  proto: string;
}

export function parseExposeArg(raw: string): ExposeSpec {
  const slash = raw.lastIndexOf('/');
  const proto = slash === -1 ? '' : raw.slice(slash + 1);
  let rest = slash === -1 ? raw : raw.slice(0, slash);
  let ip = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    ip = close === -1 ? rest : rest.slice(0, close + 1);
    rest = close === -1 ? '' : rest.slice(close + 2);
  }
  const parts = rest.split(':');
  if (ip) return { ip, hostPort: parts.length > 1 ? parts[0] : '', containerPort: parts[parts.length - 1], proto };
  if (parts.length >= 3) return { ip: parts.slice(0, -2).join(':'), hostPort: parts[parts.length - 2], containerPort: parts[parts.length - 1], proto };
  if (parts.length === 2) return { ip: '', hostPort: parts[0], containerPort: parts[1], proto };
  return { ip: '', hostPort: '', containerPort: parts[0], proto };
}
