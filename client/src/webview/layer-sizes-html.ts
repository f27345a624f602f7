// The Show Layer Sizes page: totals, a chart of the layers, and a table with one row per
// history row (size, share of the image, wasted bytes, the instruction, its line), base image
// rows grouped apart. Stable element ids for tests and the e2e scenarios:
//   #total-size #own-size #base-size #wasted-bytes #efficiency  (figures; data-bytes / data-value)
//   #layers-chart (svg; one rect.bar per layer with data-row)
//   #layers (table) > tbody#own-layers / tbody#base-layers > tr.layer-row
//       with data-row, data-line (1-based Dockerfile line, '' when none), data-size, data-wasted
//   #largest-files (per-layer largest files), #inefficiencies (paths touched by several layers)
// Clicking (or Enter on) a row with a line posts { type: 'reveal', line } (1-based).
import { formatBytes, type LayerRow, type LayerSizesReport } from '../container/images';
import { bar, escapeHtml, page, percent, REVEAL_SCRIPT } from './html';

export interface LayerSizesPage {
  report: LayerSizesReport;
  dockerfileName: string;
  imageId: string;
  builtAt?: string;
  nonce: string;
  cspSource: string;
}

export function renderLayerSizes(data: LayerSizesPage): string {
  const { report } = data;
  const total = report.total.bytes || 1;
  const largest = Math.max(1, ...report.rows.map((row) => row.size));
  const figures = `
<div class="figures" id="summary">
  ${figure('total-size', 'Image size', formatBytes(report.total.bytes), report.total.bytes, `${report.total.layers} layers`)}
  ${figure('own-size', 'Added by this Dockerfile', formatBytes(report.own.bytes), report.own.bytes, `${report.own.layers} layers, ${percent(report.own.bytes / total)}`)}
  ${figure('base-size', 'Base image', formatBytes(report.base.bytes), report.base.bytes, `${report.base.layers} layers`)}
  ${figure('wasted-bytes', 'Wasted space', formatBytes(report.wastedBytes), report.wastedBytes, 'deleted or overwritten by a later layer')}
  ${figure('efficiency', 'Efficiency', percent(report.efficiency), report.efficiency, `dive: ${percent(report.dive.efficiency)}, ${formatBytes(report.dive.wastedBytes)} wasted`)}
</div>`;
  const body = `
<h1>Layer sizes: ${escapeHtml(report.image)}</h1>
<p class="muted">${escapeHtml(data.dockerfileName)}${report.stage ? ` · stage <code>${escapeHtml(report.stage)}</code>` : ''} · image <code>${escapeHtml(data.imageId.replace(/^sha256:/, '').slice(0, 12))}</code>${data.builtAt ? ` · built ${escapeHtml(data.builtAt)}` : ''}</p>
${figures}
<h2>Chart</h2>
${chart(report.rows, largest)}
<p class="legend muted"><span><svg width="10" height="10"><rect class="bar" width="10" height="10"/></svg> added by this Dockerfile</span><span><svg width="10" height="10"><rect class="bar base" width="10" height="10"/></svg> base image</span><span><svg width="10" height="10"><rect class="bar waste" width="10" height="10"/></svg> wasted (removed or overwritten later)</span></p>
<h2>Layers</h2>
<table id="layers">
  <thead><tr><th class="num">Line</th><th>Instruction</th><th class="num">Size</th><th>Share</th><th class="num">Wasted</th><th class="num">Files</th></tr></thead>
  <tbody class="group-title"><tr><td colspan="6">Added by this Dockerfile</td></tr></tbody>
  <tbody id="own-layers">${report.rows.filter((r) => !r.base).map((r) => row(r, total)).join('') || '<tr><td colspan="6" class="muted">none</td></tr>'}</tbody>
  <tbody class="group-title"><tr><td colspan="6">Base image</td></tr></tbody>
  <tbody id="base-layers">${report.rows.filter((r) => r.base).map((r) => row(r, total)).join('') || '<tr><td colspan="6" class="muted">none</td></tr>'}</tbody>
</table>
<h2>Largest files added per layer</h2>
${largestFiles(report.rows)}
<h2>Paths touched by more than one layer</h2>
${inefficiencies(report)}`;
  return page({ title: `Layer sizes: ${report.image}`, nonce: data.nonce, cspSource: data.cspSource, body, script: REVEAL_SCRIPT });
}

function figure(id: string, label: string, value: string, raw: number, note: string): string {
  return `<div class="figure"><div class="label">${escapeHtml(label)}</div><div class="value" id="${id}" data-value="${raw}">${escapeHtml(value)}</div><div class="muted">${escapeHtml(note)}</div></div>`;
}

function describe(row: LayerRow): string {
  if (row.instruction) return row.instruction;
  if (row.createdBy) return row.createdBy.replace(/^\/bin\/sh -c #\(nop\)\s+/, '').replace(/\s+# buildkit$/, '');
  return row.base ? '(base image layer)' : '(unknown step)';
}

function row(r: LayerRow, total: number): string {
  const line = r.line === null ? '' : String(r.line + 1);
  const label = r.line === null ? '' : `<span class="link">${line}</span>`;
  const tab = r.line === null ? '' : ' tabindex="0"';
  return `<tr class="layer-row" data-row="${r.row}" data-line="${line}" data-size="${r.size}" data-wasted="${r.wastedBytes}"${tab}>
<td class="num">${label}</td><td class="instr mono" title="${escapeHtml(r.createdBy)}">${escapeHtml(describe(r))}</td>
<td class="num">${r.layer === null ? '<span class="muted">no layer</span>' : escapeHtml(formatBytes(r.size))}</td>
<td>${r.layer === null ? '' : bar(r.size / total, r.base ? 'bar base' : 'bar', 120, 10, r.wastedBytes > 0 ? { fraction: r.wastedBytes / total, className: 'waste' } : undefined) + ' ' + percent(r.size / total)}</td>
<td class="num${r.wastedBytes > 0 ? ' warn' : ''}">${r.wastedBytes > 0 ? escapeHtml(formatBytes(r.wastedBytes)) : ''}</td>
<td class="num">${r.layer === null ? '' : r.fileCount}</td></tr>`;
}

function chart(rows: LayerRow[], largest: number): string {
  const layers = rows.filter((r) => r.layer !== null);
  const rowHeight = 18;
  const labelWidth = 260;
  const barWidth = 360;
  const height = layers.length * rowHeight + 4;
  const bars = layers
    .map((r, i) => {
      const y = i * rowHeight + 2;
      const w = ((r.size / largest) * barWidth).toFixed(1);
      const waste = r.wastedBytes > 0 ? `<rect class="bar waste" x="${labelWidth}" y="${y}" width="${((r.wastedBytes / largest) * barWidth).toFixed(1)}" height="12"/>` : '';
      const label = `${r.line === null ? (r.base ? 'base' : '?') : 'L' + (r.line + 1)} ${describe(r)}`;
      return `<g data-row="${r.row}" data-line="${r.line === null ? '' : r.line + 1}"><text x="0" y="${y + 10}">${escapeHtml(label.length > 40 ? label.slice(0, 39) + '…' : label)}</text><rect class="${r.base ? 'bar base' : 'bar'}" data-row="${r.row}" x="${labelWidth}" y="${y}" width="${w}" height="12"/>${waste}<text x="${labelWidth + Number(w) + 6}" y="${y + 10}">${escapeHtml(formatBytes(r.size))}</text></g>`;
    })
    .join('');
  return `<svg id="layers-chart" width="${labelWidth + barWidth + 80}" height="${height}" role="img" aria-label="Layer sizes">${bars}</svg>`;
}

function largestFiles(rows: LayerRow[]): string {
  const withFiles = rows.filter((r) => r.largestFiles.length > 0 && r.size > 0);
  if (withFiles.length === 0) return '<p class="muted" id="largest-files">No files.</p>';
  return `<table id="largest-files"><thead><tr><th class="num">Line</th><th>File</th><th class="num">Size</th></tr></thead><tbody>${withFiles
    .map((r) =>
      r.largestFiles
        .slice(0, 5)
        .map((f, i) => `<tr data-line="${r.line === null ? '' : r.line + 1}" data-row="${r.row}"><td class="num">${i === 0 && r.line !== null ? r.line + 1 : ''}</td><td class="mono">/${escapeHtml(f.path)}</td><td class="num">${escapeHtml(formatBytes(f.size))}</td></tr>`)
        .join(''),
    )
    .join('')}</tbody></table>`;
}

function inefficiencies(report: LayerSizesReport): string {
  if (report.inefficiencies.length === 0) return '<p class="muted" id="inefficiencies">None: no path is written by more than one layer.</p>';
  return `<table id="inefficiencies"><thead><tr><th>Path</th><th class="num">Layers</th><th class="num">Bytes over all layers</th></tr></thead><tbody>${report.inefficiencies
    .slice(0, 20)
    .map((e) => `<tr><td class="mono">/${escapeHtml(e.path)}</td><td class="num">${e.count}</td><td class="num">${escapeHtml(formatBytes(e.cumulativeBytes))}</td></tr>`)
    .join('')}</tbody></table>`;
}
