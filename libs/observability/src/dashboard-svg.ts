// A reviewer's preview of a dashboard's layout: one rectangle per widget at its grid
// position, with its title and type. Plain SVG text, no browser needed.
import { GRID_COLUMNS, type Dashboard, type Widget } from './dashboard-body.ts';

export const SVG_COLUMN_PX = 40;
export const SVG_ROW_PX = 24;
const HEADER_PX = 32;
const FILL: Record<Widget['type'], string> = { metric: '#dbeafe', log: '#dcfce7', text: '#f3f4f6' };

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** What a reviewer reads on a widget: its title, or a text widget's first line. */
export function widgetTitle(w: Widget): string {
  if (w.type !== 'text') return w.properties.title;
  return (w.properties.markdown.split('\n')[0] ?? '').replace(/^#+\s*/, '');
}

function fit(text: string, widthPx: number): string {
  const max = Math.max(4, Math.floor((widthPx - 12) / 7));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function renderDashboardSvg(dashboard: Dashboard): string {
  const widgets = dashboard.body.widgets;
  const rows = Math.max(0, ...widgets.map((w) => w.y + w.height));
  const width = GRID_COLUMNS * SVG_COLUMN_PX;
  const height = HEADER_PX + rows * SVG_ROW_PX;
  const parts = widgets.map((w) => {
    const x = w.x * SVG_COLUMN_PX;
    const y = HEADER_PX + w.y * SVG_ROW_PX;
    const wPx = w.width * SVG_COLUMN_PX;
    const hPx = w.height * SVG_ROW_PX;
    const view = w.type === 'text' ? 'text' : `${w.type} · ${w.properties.view}`;
    return [
      `  <g data-type="${w.type}">`,
      `    <rect x="${x + 2}" y="${y + 2}" width="${wPx - 4}" height="${hPx - 4}" rx="4" fill="${FILL[w.type]}" stroke="#6b7280"/>`,
      `    <text x="${x + 8}" y="${y + 18}" font-size="12" font-weight="bold">${escapeXml(fit(widgetTitle(w), wPx))}</text>`,
      hPx >= 40 ? `    <text x="${x + 8}" y="${y + 34}" font-size="10" fill="#4b5563">${escapeXml(view)}</text>` : '',
      '  </g>',
    ].filter(Boolean).join('\n');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `  <rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `  <text x="8" y="22" font-size="16" font-weight="bold">${escapeXml(dashboard.name)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
