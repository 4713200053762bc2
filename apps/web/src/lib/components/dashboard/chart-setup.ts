// Chart.js, loaded in the browser only (from a component's JS: no inline script, no eval, so
// it runs under the app's CSP). Only the parts the dashboard draws are registered.
import type { Chart as ChartType, ChartConfiguration } from 'chart.js';

let loading: Promise<typeof import('chart.js')> | undefined;

export function loadChartJs() {
  loading ??= import('chart.js').then((m) => {
    m.Chart.register(
      m.BarController,
      m.BarElement,
      m.LineController,
      m.LineElement,
      m.PointElement,
      m.CategoryScale,
      m.LinearScale,
      m.Tooltip,
      m.Legend,
      m.Filler,
    );
    return m;
  });
  return loading;
}

export type Series = { label: string; values: number[]; color: string };

/** Theme colours from the page's CSS custom properties, so charts follow light and dark. */
export function themeColor(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  // The palette is light-dark() pairs (app.css), so the property's text is not a colour a chart can
  // use: let the browser resolve it on a probe element under the page's colour scheme.
  const probe = document.createElement('span');
  probe.style.color = `var(${name}, ${fallback})`;
  document.documentElement.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved || fallback;
}

export function chartConfig(
  kind: 'bar' | 'line',
  labels: string[],
  series: Series[],
  stacked: boolean,
): ChartConfiguration {
  const text = themeColor('--muted', '#5f5a52');
  const grid = themeColor('--border', '#dedad2');
  return {
    type: kind,
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.values,
        backgroundColor: s.color,
        borderColor: s.color,
        borderWidth: kind === 'line' ? 2 : 0,
        pointRadius: kind === 'line' && labels.length <= 60 ? 2 : 0,
        tension: 0.2,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { color: text, boxWidth: 12 } } },
      scales: {
        x: { stacked, ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
        y: { stacked, beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
      },
    },
  };
}

export type { ChartType };
