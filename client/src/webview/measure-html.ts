// The Measure Image page: the latest figures, a chart of every run (image size; cold and warm
// build time) and a table. Stable element ids:
//   #latest-size #latest-cold #latest-warm #latest-context   (data-value: bytes or ms)
//   #measure-chart (svg; g.measure-run with data-index per run)
//   #measurements (table) > tbody > tr.measure-row with data-time, data-size, data-cold, data-warm, data-context
import { formatBytes } from '../container/images';
import type { MeasureRecord } from '../container/measure';
import { escapeHtml, page } from './html';

export interface MeasurePage {
  dockerfileName: string;
  records: MeasureRecord[];
  nonce: string;
  cspSource: string;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function renderMeasure(data: MeasurePage): string {
  const latest = data.records[data.records.length - 1];
  const previous = data.records[data.records.length - 2];
  const change = (now: number, before: number | undefined, format: (n: number) => string) => {
    if (before === undefined || before === 0) return '';
    const delta = now - before;
    const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
    return `${sign}${format(Math.abs(delta))} (${sign}${Math.abs((delta / before) * 100).toFixed(1)}%) since the previous run`;
  };
  const figure = (id: string, label: string, value: string, raw: number, note: string) =>
    `<div class="figure"><div class="label">${escapeHtml(label)}</div><div class="value" id="${id}" data-value="${raw}">${escapeHtml(value)}</div><div class="muted">${escapeHtml(note)}</div></div>`;
  const figures = latest
    ? `<div class="figures" id="summary">
  ${figure('latest-size', 'Image size', formatBytes(latest.imageBytes), latest.imageBytes, change(latest.imageBytes, previous?.imageBytes, formatBytes))}
  ${figure('latest-cold', 'Cold build (--no-cache)', formatMs(latest.coldMs), latest.coldMs, change(latest.coldMs, previous?.coldMs, formatMs))}
  ${figure('latest-warm', 'Warm build (cached)', formatMs(latest.warmMs), latest.warmMs, change(latest.warmMs, previous?.warmMs, formatMs))}
  ${figure('latest-context', 'Build context', formatBytes(latest.contextBytes), latest.contextBytes, `${latest.contextFiles} files`)}
</div>`
    : '<p class="muted">No measurements yet.</p>';
  const rows = [...data.records]
    .map((r, index) => ({ r, index }))
    .reverse()
    .map(
      ({ r, index }) => `<tr class="measure-row" data-index="${index}" data-time="${escapeHtml(r.time)}" data-size="${r.imageBytes}" data-cold="${r.coldMs}" data-warm="${r.warmMs}" data-context="${r.contextBytes}">
<td>${escapeHtml(new Date(r.time).toLocaleString())}</td><td class="mono">${escapeHtml(r.tag)}${r.stage ? ` <span class="muted">(${escapeHtml(r.stage)})</span>` : ''}</td>
<td class="num">${escapeHtml(formatBytes(r.imageBytes))}</td><td class="num">${r.layers}</td><td class="num">${escapeHtml(formatMs(r.coldMs))}</td><td class="num">${escapeHtml(formatMs(r.warmMs))}</td>
<td class="num">${escapeHtml(formatBytes(r.contextBytes))}</td><td class="num">${r.contextFiles}</td><td>${escapeHtml(r.engine)} / ${escapeHtml(r.builder)}</td></tr>`,
    )
    .join('');
  const body = `
<h1>Measurements: ${escapeHtml(data.dockerfileName)}</h1>
${figures}
<h2>Over time</h2>
${chart(data.records)}
<p class="legend muted"><span><svg width="10" height="10"><rect class="bar" width="10" height="10"/></svg> image size</span><span><svg width="10" height="10"><rect class="bar cold" width="10" height="10"/></svg> cold build</span><span><svg width="10" height="10"><rect class="bar warm" width="10" height="10"/></svg> warm build</span></p>
<h2>Runs</h2>
<table id="measurements"><thead><tr><th>When</th><th>Tag</th><th class="num">Size</th><th class="num">Layers</th><th class="num">Cold</th><th class="num">Warm</th><th class="num">Context</th><th class="num">Files</th><th>Engine</th></tr></thead>
<tbody>${rows || '<tr><td colspan="9" class="muted">none</td></tr>'}</tbody></table>`;
  return page({ title: `Measurements: ${data.dockerfileName}`, nonce: data.nonce, cspSource: data.cspSource, body });
}

/** Two panels side by side per run: image size, and cold/warm build time. */
function chart(records: MeasureRecord[]): string {
  if (records.length === 0) return '<svg id="measure-chart" width="0" height="0"></svg>';
  const maxSize = Math.max(1, ...records.map((r) => r.imageBytes));
  const maxTime = Math.max(1, ...records.map((r) => Math.max(r.coldMs, r.warmMs)));
  const rowHeight = 30;
  const label = 130;
  const panel = 240;
  const groups = records
    .map((r, i) => {
      const y = i * rowHeight + 14;
      const size = ((r.imageBytes / maxSize) * panel).toFixed(1);
      const cold = ((r.coldMs / maxTime) * panel).toFixed(1);
      const warm = ((r.warmMs / maxTime) * panel).toFixed(1);
      const x2 = label + panel + 90;
      return `<g class="measure-run" data-index="${i}"><text x="0" y="${y + 10}">${escapeHtml(`#${i + 1} ${new Date(r.time).toLocaleDateString()}`)}</text>
<rect class="bar" x="${label}" y="${y}" width="${size}" height="12"/><text x="${label + Number(size) + 4}" y="${y + 10}">${escapeHtml(formatBytes(r.imageBytes))}</text>
<rect class="bar cold" x="${x2}" y="${y - 2}" width="${cold}" height="7"/><rect class="bar warm" x="${x2}" y="${y + 7}" width="${warm}" height="7"/>
<text x="${x2 + Math.max(Number(cold), Number(warm)) + 4}" y="${y + 10}">${escapeHtml(`${formatMs(r.coldMs)} / ${formatMs(r.warmMs)}`)}</text></g>`;
    })
    .join('');
  const width = label + 2 * panel + 260;
  return `<svg id="measure-chart" width="${width}" height="${records.length * rowHeight + 20}" role="img" aria-label="Image size and build times per run"><text x="${label}" y="10" class="muted">image size</text><text x="${label + panel + 90}" y="10">cold / warm build</text>${groups}</svg>`;
}
