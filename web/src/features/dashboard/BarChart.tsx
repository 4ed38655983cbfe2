import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what a bar chart needs (Chart.js is tree-shaken); this module is imported by the dashboard page alone,
// so the library lives in the page's lazy chunk, never in the initial bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** A colour of the theme (`--ok`, `--bad`, …), read when the chart is drawn so light and dark both fit. */
export type ThemeColor = 'ok' | 'bad' | 'warn' | 'review' | 'info' | 'accent' | 'muted';

export interface BarSeries {
  label: string;
  data: number[];
  /** One colour for the series, or one per bar. */
  color: ThemeColor | ThemeColor[];
}

function cssColor(name: ThemeColor): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim() || '#888';
}

/**
 * A bar chart drawn on a canvas. The canvas is an image named by `summary`; the figures themselves are in
 * the table each dashboard section shows next to it (the accessible alternative).
 */
export function BarChart({
  labels,
  series,
  summary,
  locale,
  stacked = false,
  horizontal = false,
}: {
  labels: string[];
  series: BarSeries[];
  summary: string;
  locale: string;
  stacked?: boolean;
  horizontal?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify({ labels, series, locale, stacked, horizontal });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for every input of the drawing.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const text = cssColor('muted');
    const grid = getComputedStyle(document.documentElement).getPropertyValue('--border').trim() || '#ddd';
    const chart = new Chart(el, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: Array.isArray(s.color) ? s.color.map(cssColor) : cssColor(s.color),
        })),
      },
      options: {
        locale,
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked, ticks: { color: text, precision: 0 }, grid: { color: grid } },
          y: { stacked, beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
        },
        plugins: { legend: { display: series.length > 1, labels: { color: text } } },
      },
    });
    return () => chart.destroy();
  }, [key]);

  return (
    <div className="dashboard-chart">
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
