// Shared pieces of the webviews: the page shell (strict CSP with a nonce, theme colours from
// VS Code's CSS variables, no remote resources), escaping, and inline SVG bars. Plain
// functions of data to HTML, so tests read the pages without VS Code.

export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A random nonce for the CSP (base64url, 128 bits). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Buffer.from(bytes).toString('base64url');
}

export interface PageOptions {
  title: string;
  nonce: string;
  /** The webview's `cspSource` (allowed for styles and images; nothing else is loaded). */
  cspSource: string;
  body: string;
  /** Script run in the page (gets the nonce). */
  script?: string;
}

const STYLE = `
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
  h1 { font-size: 1.3em; font-weight: 600; }
  h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; }
  .figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
  .figure { border: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); border-radius: 4px; padding: 8px 12px; min-width: 120px; }
  .figure .label { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
  .figure .value { font-size: 1.3em; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); vertical-align: top; }
  th { color: var(--vscode-descriptionForeground); font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tbody.group-title td { font-weight: 600; color: var(--vscode-descriptionForeground); background: var(--vscode-sideBarSectionHeader-background, transparent); }
  tr[data-line]:not([data-line=""]) { cursor: pointer; }
  tr[data-line]:not([data-line=""]):hover, tr:focus { background: var(--vscode-list-hoverBackground); outline: none; }
  code, .mono { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  .instr { max-width: 48em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  a, .link { color: var(--vscode-textLink-foreground); }
  .muted { color: var(--vscode-descriptionForeground); }
  .warn { color: var(--vscode-editorWarning-foreground); }
  svg .bar { fill: var(--vscode-charts-blue); }
  svg .bar.base { fill: var(--vscode-charts-purple, var(--vscode-descriptionForeground)); }
  svg .bar.waste, svg .bar.excluded { fill: var(--vscode-charts-red); }
  svg .bar.cold { fill: var(--vscode-charts-orange); }
  svg .bar.warm { fill: var(--vscode-charts-green); }
  svg .track { fill: var(--vscode-editorWidget-border, rgba(128,128,128,0.2)); }
  svg text { fill: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: 11px; }
  .legend span { margin-right: 14px; }
  .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
`;

export function page(options: PageOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'nonce-${options.nonce}'`,
    `img-src ${options.cspSource} data:`,
    `script-src 'nonce-${options.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title)}</title>
<style nonce="${options.nonce}">${STYLE}</style>
</head>
<body>
${options.body}
${options.script ? `<script nonce="${options.nonce}">${options.script}</script>` : ''}
</body>
</html>
`;
}

/** A horizontal bar (inline SVG: no style attributes, which the CSP forbids). */
export function bar(fraction: number, className = 'bar', width = 120, height = 10, overlay?: { fraction: number; className: string }): string {
  const clamp = (f: number) => Math.max(0, Math.min(1, Number.isFinite(f) ? f : 0));
  const w = (clamp(fraction) * width).toFixed(1);
  const extra = overlay ? `<rect class="bar ${overlay.className}" x="0" y="0" width="${(clamp(overlay.fraction) * width).toFixed(1)}" height="${height}"/>` : '';
  return `<svg width="${width}" height="${height}" role="img" aria-label="${Math.round(clamp(fraction) * 100)}%"><rect class="track" x="0" y="0" width="${width}" height="${height}"/><rect class="${className}" x="0" y="0" width="${w}" height="${height}"/>${extra}</svg>`;
}

/** Script that posts `{ type: 'reveal', line }` when a row with `data-line` is clicked or Enter is pressed. */
export const REVEAL_SCRIPT = `
  const vscode = acquireVsCodeApi();
  const reveal = (row) => {
    const line = row && row.getAttribute('data-line');
    if (line !== null && line !== '') vscode.postMessage({ type: 'reveal', line: Number(line) });
  };
  document.addEventListener('click', (event) => reveal(event.target.closest('[data-line]')));
  document.addEventListener('keydown', (event) => { if (event.key === 'Enter') reveal(event.target.closest('[data-line]')); });
`;

export function percent(fraction: number): string {
  return `${(Math.max(0, fraction) * 100).toFixed(1)}%`;
}
