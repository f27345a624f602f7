// The stage graph webview: build stages as boxes (name, base image, user), `FROM` and
// `COPY --from` edges labelled with the copied paths, images read with `COPY --from=<image>`
// as boxes of their own. Stages flow left to right: a stage stands right of every stage it
// builds FROM or copies from. Plain functions of the server's stage data (no VS Code API);
// clicking a stage posts `{ type: 'reveal', line }` so the command reveals its FROM line.
import type { StageInfo } from '../../../server/src/lsp/stages';
import { escapeHtml, page, REVEAL_SCRIPT } from './html';

/** The fields of the stages request the graph uses. */
export type GraphStage = Pick<StageInfo, 'index' | 'name' | 'line' | 'base' | 'baseStage' | 'isFinal' | 'user' | 'workdir' | 'usedByFinal' | 'copies'>;

export interface GraphNode {
  id: string;
  /** The stage, or null for an image read by COPY --from. */
  stage: number | null;
  title: string;
  subtitle: string;
  detail: string;
  /** One-based line to reveal (the FROM line; the COPY line for images), or null. */
  line: number | null;
  kind: 'final' | 'used' | 'unused' | 'image';
  column: number;
  x: number;
  y: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'from' | 'copy' | 'mount';
  label: string;
  /** SVG path data and where the label goes. */
  path: string;
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 62;
const GAP_X = 150;
const GAP_Y = 28;
const MARGIN = 16;
const MAX_LABEL = 42;

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function stageTitle(stage: GraphStage): string {
  return stage.name ?? `stage ${stage.index}`;
}

/** Places the stages in columns (a stage right of everything it reads) and routes the edges. */
export function layoutStageGraph(stages: readonly GraphStage[]): GraphLayout {
  const byIndex = new Map(stages.map((stage) => [stage.index, stage]));
  const images = new Map<string, { line: number }>();
  for (const stage of stages) {
    for (const copy of stage.copies ?? []) if (copy.fromStage === null && !images.has(copy.ref)) images.set(copy.ref, { line: copy.line });
  }
  // Columns: images first, then each stage one right of its inputs (earlier stages only, so this ends).
  const column = new Map<number, number>();
  for (const stage of stages) {
    let at = 0;
    const copies = stage.copies ?? [];
    for (const input of [stage.baseStage, ...copies.map((copy) => copy.fromStage)]) {
      const before = input === null || input === undefined || input >= stage.index ? undefined : column.get(input);
      if (before !== undefined) at = Math.max(at, before + 1);
    }
    if (copies.some((copy) => copy.fromStage === null)) at = Math.max(at, 1);
    column.set(stage.index, at);
  }
  const nodes: GraphNode[] = [];
  const rows = new Map<number, number>();
  const place = (col: number) => {
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    return { x: MARGIN + col * (NODE_WIDTH + GAP_X), y: MARGIN + row * (NODE_HEIGHT + GAP_Y) };
  };
  for (const [ref, image] of images) {
    nodes.push({ id: `image:${ref}`, stage: null, title: clip(ref, 30), subtitle: 'image', detail: '', line: image.line + 1, kind: 'image', column: 0, ...place(0) });
  }
  for (const stage of stages) {
    const col = column.get(stage.index) ?? 0;
    const base = stage.baseStage !== null && byIndex.has(stage.baseStage) ? `FROM ${stageTitle(byIndex.get(stage.baseStage)!)}` : `FROM ${stage.base}`;
    const details = [`user: ${stage.user ?? 'image default'}`];
    if (stage.workdir) details.push(stage.workdir);
    nodes.push({
      id: `stage:${stage.index}`,
      stage: stage.index,
      title: stageTitle(stage),
      subtitle: clip(base, 34),
      detail: clip(details.join(' · '), 36),
      line: stage.line + 1,
      kind: stage.isFinal ? 'final' : stage.usedByFinal ? 'used' : 'unused',
      column: col,
      ...place(col),
    });
  }
  const nodeById = new Map(nodes.map((node) => [node.id, node]));
  const edges: GraphEdge[] = [];
  const addEdge = (from: string, to: string, kind: GraphEdge['kind'], label: string) => {
    const existing = edges.find((edge) => edge.from === from && edge.to === to && edge.kind === kind);
    if (existing) {
      existing.label = clip(`${existing.label}, ${label}`, MAX_LABEL);
      return;
    }
    const a = nodeById.get(from);
    const b = nodeById.get(to);
    if (!a || !b) return;
    const x1 = a.x + NODE_WIDTH;
    const y1 = a.y + NODE_HEIGHT / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_HEIGHT / 2;
    const bend = Math.max(40, (x2 - x1) / 2);
    edges.push({
      from,
      to,
      kind,
      label: clip(label, MAX_LABEL),
      path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
      labelX: (x1 + x2) / 2,
      labelY: (y1 + y2) / 2 - 4,
    });
  };
  for (const stage of stages) {
    const to = `stage:${stage.index}`;
    if (stage.baseStage !== null && byIndex.has(stage.baseStage)) addEdge(`stage:${stage.baseStage}`, to, 'from', 'FROM');
    for (const copy of stage.copies ?? []) {
      const from = copy.fromStage === null ? `image:${copy.ref}` : `stage:${copy.fromStage}`;
      addEdge(from, to, copy.kind, `${copy.kind === 'mount' ? 'mount' : 'COPY'} ${copy.paths.join(', ')}`);
    }
  }
  const width = Math.max(...nodes.map((node) => node.x + NODE_WIDTH), 0) + MARGIN;
  const height = Math.max(...nodes.map((node) => node.y + NODE_HEIGHT), 0) + MARGIN;
  return { nodes, edges, width, height };
}

const GRAPH_STYLE = `
  .graph { overflow: auto; border: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); border-radius: 4px; margin: 12px 0; }
  .graph svg { display: block; }
  .node rect { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border)); stroke-width: 1; }
  .node.final rect { stroke: var(--vscode-charts-green, var(--vscode-focusBorder)); stroke-width: 2.5; }
  .node.unused { opacity: 0.55; }
  .node.unused rect { stroke-dasharray: 4 3; }
  .node.image rect { stroke-dasharray: 2 2; fill: transparent; }
  .node.focus rect { stroke: var(--vscode-focusBorder); stroke-width: 3; }
  .node[data-line] { cursor: pointer; }
  .node:hover rect, .node:focus rect { fill: var(--vscode-list-hoverBackground); }
  .node:focus { outline: none; }
  .node .title { font-weight: 600; font-size: 12px; }
  .node .sub, .node .detail { fill: var(--vscode-descriptionForeground); font-size: 11px; }
  .edge { fill: none; stroke: var(--vscode-charts-blue, var(--vscode-foreground)); stroke-width: 1.4; }
  .edge.from { stroke: var(--vscode-charts-purple, var(--vscode-descriptionForeground)); stroke-dasharray: 5 3; }
  .edge.mount { stroke: var(--vscode-charts-orange, var(--vscode-foreground)); stroke-dasharray: 2 3; }
  .edge-label { font-size: 10px; text-anchor: middle; }
  .arrow { fill: var(--vscode-charts-blue, var(--vscode-foreground)); }
`;

function renderSvg(layout: GraphLayout, focus: number | null): string {
  const edges = layout.edges
    .map(
      (edge) =>
        `<g class="edge-group"><path class="edge ${edge.kind}" d="${edge.path}" marker-end="url(#arrow)"/>` +
        `<text class="edge-label" x="${edge.labelX.toFixed(1)}" y="${edge.labelY.toFixed(1)}">${escapeHtml(edge.label)}</text></g>`,
    )
    .join('\n');
  const nodes = layout.nodes
    .map((node) => {
      const classes = ['node', node.kind, node.stage !== null && node.stage === focus ? 'focus' : ''].filter(Boolean).join(' ');
      const line = node.line !== null ? ` data-line="${node.line}" tabindex="0" role="button"` : '';
      const label = `${node.title}, ${node.subtitle}${node.detail ? ', ' + node.detail : ''}${node.kind === 'unused' ? ', not used by the final stage' : node.kind === 'final' ? ', final stage' : ''}`;
      return (
        `<g class="${classes}"${line} aria-label="${escapeHtml(label)}" transform="translate(${node.x},${node.y})">` +
        `<title>${escapeHtml(label)}</title>` +
        `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="5"/>` +
        `<text class="title" x="10" y="18">${escapeHtml(node.title)}${node.kind === 'final' ? ' (final)' : ''}</text>` +
        `<text class="sub" x="10" y="35">${escapeHtml(node.subtitle)}</text>` +
        (node.detail ? `<text class="detail" x="10" y="51">${escapeHtml(node.detail)}</text>` : '') +
        `</g>`
      );
    })
    .join('\n');
  return (
    `<svg width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="Build stages and what they copy from each other">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
    `${edges}\n${nodes}</svg>`
  );
}

export interface StageGraphPageOptions {
  nonce: string;
  cspSource: string;
  /** The Dockerfile's name, for the heading. */
  title: string;
  /** The stage to highlight (from the CodeLens that opened the graph). */
  focus?: number | null;
}

/** The whole webview page. */
export function stageGraphHtml(stages: readonly GraphStage[], options: StageGraphPageOptions): string {
  const focus = options.focus ?? null;
  if (stages.length === 0) {
    return page({ title: `Stages: ${options.title}`, nonce: options.nonce, cspSource: options.cspSource, body: `<h1>Stages of ${escapeHtml(options.title)}</h1><p class="muted">No FROM instruction yet.</p>` });
  }
  const layout = layoutStageGraph(stages);
  const unused = stages.filter((stage) => !stage.usedByFinal).length;
  const body = `
<style nonce="${options.nonce}">${GRAPH_STYLE}</style>
<h1>Stages of ${escapeHtml(options.title)}</h1>
<p class="muted">${stages.length} stage${stages.length === 1 ? '' : 's'}${unused > 0 ? `, ${unused} not used by the final stage` : ''}. Solid arrows: <code>COPY --from</code> (with the copied paths); dashed: <code>FROM</code>; dotted: <code>RUN --mount=from</code>. Click a stage to go to its FROM line.</p>
<div class="graph">${renderSvg(layout, focus)}</div>
<table>
<thead><tr><th>Stage</th><th>Base</th><th>User</th><th>WORKDIR</th><th>Final image</th></tr></thead>
<tbody>
${stages
  .map(
    (stage) =>
      `<tr data-line="${stage.line + 1}" tabindex="0"><td>${escapeHtml(stageTitle(stage))}</td><td><code>${escapeHtml(stage.base)}</code></td><td>${escapeHtml(stage.user ?? '(image default)')}</td><td><code>${escapeHtml(stage.workdir ?? '')}</code></td><td>${stage.isFinal ? 'is the final stage' : stage.usedByFinal ? 'used' : '<span class="warn">not used</span>'}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  const scrollToFocus = focus !== null ? `\n  document.querySelector('.node.focus')?.scrollIntoView({ block: 'center', inline: 'center' });` : '';
  return page({ title: `Stages: ${options.title}`, nonce: options.nonce, cspSource: options.cspSource, body, script: REVEAL_SCRIPT + scrollToFocus });
}
