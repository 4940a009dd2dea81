/** Formatting shared by the pages. */

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

export function formatRatio(r: number): string {
  if (Number.isNaN(r)) return '–';
  if (!Number.isFinite(r)) return r > 0 ? '∞' : '−∞';
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(2)}×`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

export const SEVERITY_COLOR: Record<string, 'red' | 'orange' | 'blue'> = { 'correctness-risk': 'red', 'sla-risk': 'orange', info: 'blue' };
