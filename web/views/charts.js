// Chart.js (v4) set-up: only the parts used are registered, colors come from the page's CSS
// variables (so light and dark follow the system), and charts are created lazily when their
// canvas scrolls into view. Labels are drawn as text on the canvas by Chart.js.
import {
  Chart,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const live = new Set();

/** The current theme colors, read from CSS custom properties. */
export function themeColors() {
  const s = getComputedStyle(document.documentElement);
  const v = (name) => s.getPropertyValue(name).trim();
  return {
    text: v('--text-muted') || '#555',
    grid: v('--border') || '#ddd',
    accent: v('--accent') || '#2563eb',
    accentSoft: v('--accent-soft') || '#93c5fd',
    good: v('--good') || '#16a34a',
    warn: v('--warn') || '#d97706',
    bad: v('--bad') || '#dc2626',
    font: s.fontFamily,
  };
}

function baseOptions(colors) {
  Chart.defaults.font.family = colors.font;
  Chart.defaults.color = colors.text;
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { display: false },
      tooltip: { displayColors: false },
    },
  };
}

/** Creates a chart when `canvas` first becomes visible; returns nothing. */
export function lazyChart(canvas, makeConfig) {
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    const chart = new Chart(canvas, makeConfig(themeColors()));
    chart.$makeConfig = makeConfig;
    live.add(chart);
  });
  io.observe(canvas);
  canvas.$observer = io;
}

/** Destroys the charts whose canvases are inside `root` (before re-rendering it). */
export function destroyCharts(root) {
  for (const chart of live) {
    if (root.contains(chart.canvas)) {
      chart.destroy();
      live.delete(chart);
    }
  }
  for (const canvas of root.querySelectorAll('canvas')) canvas.$observer?.disconnect();
}

/** Re-applies theme colors to every chart (light/dark switch). */
export function refreshChartThemes() {
  const colors = themeColors();
  for (const chart of live) {
    const fresh = chart.$makeConfig(colors);
    chart.options = fresh.options;
    chart.data.datasets.forEach((d, i) => Object.assign(d, fresh.data.datasets[i]));
    chart.update('none');
  }
}

/** Histogram of a numeric or date column: bins [edges[i], edges[i+1]). */
export function histogramConfig({ edges, counts }, label, format) {
  const labels = counts.map((_, i) => format(edges[i]));
  return (colors) => ({
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          data: counts,
          backgroundColor: colors.accentSoft,
          hoverBackgroundColor: colors.accent,
          barPercentage: 1,
          categoryPercentage: 1,
          borderWidth: 0,
        },
      ],
    },
    options: {
      ...baseOptions(colors),
      scales: {
        x: {
          grid: { display: false },
          ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 5, color: colors.text },
          border: { color: colors.grid },
        },
        y: {
          beginAtZero: true,
          grid: { color: colors.grid },
          ticks: { maxTicksLimit: 4, precision: 0, color: colors.text },
          border: { display: false },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          displayColors: false,
          callbacks: {
            title: (items) => {
              const i = items[0].dataIndex;
              return `${format(edges[i])} to ${format(edges[i + 1])}`;
            },
            label: (item) => `${item.raw.toLocaleString('en-US')} ${label}`,
          },
        },
      },
    },
  });
}

/** Horizontal bars of quality dimensions (0..1) with a tooltip giving each formula. */
export function dimensionsConfig(dims, onBarClick = null) {
  return (colors) => ({
    type: 'bar',
    data: {
      labels: dims.map((d) => `${d.label}  ${(Math.round(d.value * 1000) / 10).toFixed(1)}%`),
      datasets: [
        {
          data: dims.map((d) => Math.round(d.value * 1000) / 10),
          backgroundColor: dims.map((d) =>
            d.value >= 0.9 ? colors.good : d.value >= 0.7 ? colors.warn : colors.bad,
          ),
          borderRadius: 3,
          barThickness: 18,
        },
      ],
    },
    options: {
      ...baseOptions(colors),
      indexAxis: 'y',
      onClick: onBarClick ? (evt, elements) => elements.length && onBarClick(elements[0].index) : undefined,
      scales: {
        x: {
          min: 0,
          max: 100,
          grid: { color: colors.grid },
          ticks: { callback: (v) => `${v}%`, maxTicksLimit: 6, color: colors.text },
          border: { display: false },
        },
        y: { grid: { display: false }, ticks: { color: colors.text }, border: { color: colors.grid } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          displayColors: false,
          callbacks: {
            title: (items) => dims[items[0].dataIndex].label,
            label: (item) => `${item.raw}%`,
            afterLabel: (item) => [dims[item.dataIndex].formula, dims[item.dataIndex].detail],
          },
        },
      },
    },
  });
}
