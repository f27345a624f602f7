// The Build Context Report page: what the engine receives with the ignore file, what it would
// receive without, the saving, the largest folders and files. Stable element ids:
//   #sent-size #sent-files #all-size #all-files #saved-size   (data-value: bytes or count)
//   #context-chart (svg; g.folder with data-path: sent and excluded bars per top-level entry)
//   #folders (table) > tbody > tr.folder-row with data-path, data-sent, data-excluded
//   #largest-files, #largest-excluded (tables)
//   #copy-warnings (list: COPY/ADD sources the ignore file excludes; absent when there are none)
import type { ContextReport } from '../../../server/src/analysis/build-context';
import { formatBytes } from '../container/images';
import { bar, escapeHtml, page } from './html';

export interface ContextReportPage {
  report: ContextReport;
  /** COPY/ADD sources that the ignore file excludes, as sentences. */
  warnings?: string[];
  nonce: string;
  cspSource: string;
}

const BUILDER_NAMES = { buildkit: 'BuildKit', legacy: 'the legacy builder', podman: 'Podman (Buildah)' };

export function renderContextReport(data: ContextReportPage): string {
  const { report } = data;
  const figure = (id: string, label: string, value: string, raw: number, note = '') =>
    `<div class="figure"><div class="label">${escapeHtml(label)}</div><div class="value" id="${id}" data-value="${raw}">${escapeHtml(value)}</div><div class="muted">${escapeHtml(note)}</div></div>`;
  const ignore = report.ignoreFile
    ? `<code>${escapeHtml(report.ignoreFile)}</code> (${report.ignoreOrigin === 'dockerfile' ? 'the Dockerfile’s own ignore file, which wins with BuildKit' : 'in the context root'}), ${report.patterns.length} patterns`
    : '<span class="warn">no ignore file: everything in the folder is sent</span>';
  const largest = Math.max(1, ...report.folders.map((f) => f.sent.bytes + f.excluded.bytes));
  const folders = report.folders
    .slice(0, 40)
    .map(
      (f) => `<tr class="folder-row" data-path="${escapeHtml(f.path)}" data-sent="${f.sent.bytes}" data-excluded="${f.excluded.bytes}"><td class="mono">${escapeHtml(f.path)}</td>
<td class="num">${escapeHtml(formatBytes(f.sent.bytes))}</td><td class="num">${f.sent.files}</td><td class="num">${f.excluded.bytes || f.excluded.files ? escapeHtml(formatBytes(f.excluded.bytes)) : ''}</td><td class="num">${f.excluded.files || ''}</td>
<td>${bar((f.sent.bytes + f.excluded.bytes) / largest, 'bar excluded', 160, 10, { fraction: f.sent.bytes / largest, className: '' })}</td></tr>`,
    )
    .join('');
  const body = `
<h1>Build context: ${escapeHtml(report.contextDir)}</h1>
<p class="muted">As ${escapeHtml(BUILDER_NAMES[report.builder])} reads it · ${ignore} · scanned in ${report.durationMs.toFixed(0)} ms</p>
<div class="figures" id="summary">
  ${figure('sent-size', 'Sent to the engine', formatBytes(report.sent.bytes), report.sent.bytes, `${report.sent.files} files`)}
  <span id="sent-files" data-value="${report.sent.files}" hidden></span>
  ${figure('all-size', 'Without the ignore file', formatBytes(report.all.bytes), report.all.bytes, `${report.all.files} files`)}
  <span id="all-files" data-value="${report.all.files}" hidden></span>
  ${figure('saved-size', 'Saved by the ignore file', formatBytes(report.saved.bytes), report.saved.bytes, `${report.saved.files} files, ${report.all.bytes ? ((report.saved.bytes / report.all.bytes) * 100).toFixed(1) : '0.0'}%`)}
</div>
${data.warnings?.length ? `<h2 class="warn">COPY and ADD sources the ignore file excludes</h2><ul id="copy-warnings">${data.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
${report.unreadable.length ? `<p class="warn">Could not read: ${report.unreadable.slice(0, 10).map(escapeHtml).join(', ')}</p>` : ''}
<h2>Chart</h2>
${chart(report)}
<p class="legend muted"><span><svg width="10" height="10"><rect class="bar" width="10" height="10"/></svg> sent</span><span><svg width="10" height="10"><rect class="bar excluded" width="10" height="10"/></svg> excluded by the ignore file</span></p>
<h2>Top-level folders and files</h2>
<table id="folders"><thead><tr><th>Path</th><th class="num">Sent</th><th class="num">Files</th><th class="num">Excluded</th><th class="num">Files</th><th></th></tr></thead><tbody>${folders || '<tr><td colspan="6" class="muted">empty</td></tr>'}</tbody></table>
<h2>Largest files sent</h2>
<table id="largest-files"><thead><tr><th>File</th><th class="num">Size</th></tr></thead><tbody>${report.largestSentFiles.map((f) => `<tr><td class="mono">${escapeHtml(f.path)}</td><td class="num">${escapeHtml(formatBytes(f.size))}</td></tr>`).join('') || '<tr><td colspan="2" class="muted">none</td></tr>'}</tbody></table>
<h2>Largest excluded paths</h2>
<table id="largest-excluded"><thead><tr><th>Path</th><th class="num">Size</th><th class="num">Files</th></tr></thead><tbody>${report.largestExcluded.map((e) => `<tr><td class="mono">${escapeHtml(e.path)}</td><td class="num">${escapeHtml(formatBytes(e.bytes))}</td><td class="num">${e.files}</td></tr>`).join('') || '<tr><td colspan="3" class="muted">none</td></tr>'}</tbody></table>`;
  return page({ title: 'Build context report', nonce: data.nonce, cspSource: data.cspSource, body });
}

function chart(report: ContextReport): string {
  const folders = report.folders.slice(0, 15);
  const largest = Math.max(1, ...folders.map((f) => f.sent.bytes + f.excluded.bytes));
  const label = 200;
  const width = 360;
  const groups = folders
    .map((f, i) => {
      const y = i * 18 + 2;
      const sent = (f.sent.bytes / largest) * width;
      const excluded = (f.excluded.bytes / largest) * width;
      return `<g class="folder" data-path="${escapeHtml(f.path)}"><text x="0" y="${y + 10}">${escapeHtml(f.path.length > 30 ? f.path.slice(0, 29) + '…' : f.path)}</text><rect class="bar" x="${label}" y="${y}" width="${sent.toFixed(1)}" height="12"/><rect class="bar excluded" x="${(label + sent).toFixed(1)}" y="${y}" width="${excluded.toFixed(1)}" height="12"/><text x="${(label + sent + excluded + 6).toFixed(1)}" y="${y + 10}">${escapeHtml(formatBytes(f.sent.bytes + f.excluded.bytes))}</text></g>`;
    })
    .join('');
  return `<svg id="context-chart" width="${label + width + 90}" height="${folders.length * 18 + 4}" role="img" aria-label="Sent and excluded bytes per top-level folder">${groups}</svg>`;
}
