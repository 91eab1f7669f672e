// Charts of the member's money screens (docs/design/UI.md: Chart.js, each chart with a text alternative).
// Chart.js is loaded on demand (its own chunk), registered with only what these charts use, and
// styles its canvas through the CSSOM (allowed by the CSP's style-src 'self'). It is fetched only
// once a chart's box is on screen and the screen's figures are painted: the figures never wait for
// its 60 KiB (compressed), and a phone that never scrolls down to a chart never downloads it.
//
// A chart is drawn into a <canvas role="img" aria-label>; the caller puts the data as text next to
// it (a table or a list). Returns a destroy function for the view's cleanup.

import { h } from './dom.js';

const PALETTE = ['#1556c0', '#1b7a3d', '#b26a00', '#b42318', '#6941c6', '#0e7490'];

const NEAR_SCREEN = '0px 0px 100px 0px';

/** After the next paint, when the browser is idle (or a second at most). */
function afterPaint(callback) {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 1000 });
    else setTimeout(callback, 0);
  }));
}

/** Resolves when the canvas is on screen (or about to be) and what the screen shows is painted. */
function whenOnScreen(canvas) {
  return new Promise((resolve) => {
    if (typeof IntersectionObserver !== 'function') {
      afterPaint(resolve);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      afterPaint(resolve);
    }, { rootMargin: NEAR_SCREEN });
    observer.observe(canvas);
  });
}

let chartModule = null;
async function loadChart() {
  if (!chartModule) {
    chartModule = import('chart.js').then((mod) => {
      mod.Chart.register(mod.LineController, mod.LineElement, mod.PointElement, mod.LinearScale,
        mod.CategoryScale, mod.DoughnutController, mod.ArcElement, mod.Legend, mod.Tooltip);
      return mod.Chart;
    });
  }
  return chartModule;
}

/** The canvas (in a sized box) that a chart is drawn into. */
export function chartCanvas(label, { className = '' } = {}) {
  const canvas = h('canvas', { role: 'img', 'aria-label': label });
  return { canvas, root: h('div', { className: `chart-box ${className}`.trim() }, canvas) };
}

const MONEY_TICK = new Intl.NumberFormat('es-PE', { maximumFractionDigits: 0 });

/**
 * A line chart: labels (x) and series [{label, values}]. `tooltip(value)` formats a point; the
 * y axis names its currency (`unit`, "S/" unless told).
 */
export async function lineChart(canvas, { labels, series, tooltip, unit = 'S/' }) {
  await whenOnScreen(canvas);
  const Chart = await loadChart();
  if (!canvas.isConnected) return () => {};
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: series.map((item, index) => ({
        label: item.label, data: item.values, borderColor: PALETTE[index % PALETTE.length],
        backgroundColor: PALETTE[index % PALETTE.length], tension: 0.25, pointRadius: 2,
        borderWidth: 2,
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${tooltip(ctx.parsed.y)}` } },
      },
      scales: { y: { ticks: { callback: (value) => `${unit} ${MONEY_TICK.format(value)}` } } },
    },
  });
  return () => chart.destroy();
}

/** A doughnut chart: [{label, value}]. */
export async function doughnutChart(canvas, { parts, tooltip }) {
  await whenOnScreen(canvas);
  const Chart = await loadChart();
  if (!canvas.isConnected) return () => {};
  const chart = new Chart(canvas, {
    type: 'doughnut',
    data: {
      labels: parts.map((part) => part.label),
      datasets: [{ data: parts.map((part) => part.value),
        backgroundColor: parts.map((_, index) => PALETTE[index % PALETTE.length]) }],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (ctx) => `${ctx.label}: ${tooltip(ctx.parsed)}` } },
      },
    },
  });
  return () => chart.destroy();
}
