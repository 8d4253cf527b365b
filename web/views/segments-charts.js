// Charts of the Segments view. Small charts (RFM segment bars, the k chooser's elbow and
// silhouette curves) use Chart.js like the rest of the page (views/charts.js: lazily created,
// themed); the PCA scatter and the correlation heat map are canvases of our own, because a scatter
// must draw a million points quickly: points are binned into the canvas' pixels (a density image,
// one pass over a Float32Array), never drawn one by one.
import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend } from 'chart.js';
import { lazyChart, themeColors } from './charts.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

/** The color of "no group" (DBSCAN noise, −1). */
export const NOISE = '#868e96';

/** Colors of categories (clusters, segments): distinguishable in light and dark themes. */
export const PALETTE = [
  '#2458d6', '#e8590c', '#2f9e44', '#c2255c', '#7048e8', '#0c8599', '#e67700', '#5c940d',
  '#a61e4d', '#1971c2', '#d9480f', '#087f5b', '#862e9c', '#495057', '#f08c00', '#364fc7',
];

/** The color of category `value` (a cluster number keeps its own color) at index i of a legend. */
export function categoryColor(value, i) {
  if (/^-1$/.test(value)) return NOISE;
  if (/^\d+$/.test(value)) return PALETTE[Number(value) % PALETTE.length];
  return PALETTE[i % PALETTE.length];
}

/** Horizontal bars of RFM segments: customers and revenue share, side by side. */
export function segmentBarsConfig(segments) {
  return (colors) => ({
    type: 'bar',
    data: {
      labels: segments.map((s) => s.segment),
      datasets: [
        { label: 'Customers (%)', data: segments.map((s) => round1(s.customer_share * 100)), backgroundColor: colors.accent, borderRadius: 2 },
        { label: 'Revenue (%)', data: segments.map((s) => round1(s.revenue_share * 100)), backgroundColor: colors.warn, borderRadius: 2 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: 'y',
      scales: {
        x: { beginAtZero: true, grid: { color: colors.grid }, ticks: { callback: (v) => `${v}%`, color: colors.text } },
        y: { grid: { display: false }, ticks: { color: colors.text, autoSkip: false } },
      },
      plugins: {
        legend: { display: true, position: 'bottom', labels: { color: colors.text, boxWidth: 12 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label.replace(' (%)', '')}: ${item.raw}%` } },
      },
    },
  });
}

function round1(v) {
  return Math.round(v * 10) / 10;
}

/** A line chart of y over k (inertia or silhouette), the marked k drawn larger. */
export function curveConfig(ks, ys, label, markK) {
  return (colors) => ({
    type: 'line',
    data: {
      labels: ks.map(String),
      datasets: [{
        label,
        data: ys,
        borderColor: colors.accent,
        backgroundColor: colors.accent,
        pointRadius: ks.map((k) => (k === markK ? 6 : 3)),
        pointBackgroundColor: ks.map((k) => (k === markK ? colors.warn : colors.accent)),
        tension: 0,
      }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { title: { display: true, text: 'k (clusters)', color: colors.text }, grid: { display: false }, ticks: { color: colors.text } },
        y: { title: { display: true, text: label, color: colors.text }, grid: { color: colors.grid }, ticks: { color: colors.text, maxTicksLimit: 5 } },
      },
      plugins: { legend: { display: false }, tooltip: { displayColors: false } },
    },
  });
}

/** Creates a Chart.js chart on `canvas` once it is visible (views/charts.js lazyChart). */
export function chart(canvas, makeConfig) {
  lazyChart(canvas, makeConfig);
}

function parseHex(c) {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Draws a scatter of n points xy = [x0, y0, x1, y1, ...] (Float32Array) on `canvas`, colored by
 * codes (Int32Array of category indexes, −1 or null: grey). Every point lands in a pixel (a dot
 * of 1 to 3 pixels); a pixel shows the color of the last point drawn there, with an opacity rising
 * with the log of how many points it holds (a density image). Returns {ms, points, bounds}.
 */
export function drawScatter(canvas, xy, codes, options = {}) {
  // options: {colors: a hex color per category index (default PALETTE, repeated), xLabel, yLabel}
  const t0 = performance.now();
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const cssW = canvas.clientWidth || 600;
  const cssH = canvas.clientHeight || 400;
  const W = Math.max(50, Math.round(cssW * dpr));
  const H = Math.max(50, Math.round(cssH * dpr));
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  const n = xy.length >> 1;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i], y = xy[2 * i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(maxX > minX)) { minX -= 1; maxX += 1; }
  if (!(maxY > minY)) { minY -= 1; maxY += 1; }
  const pad = 12 * dpr;
  const sx = (W - 2 * pad) / (maxX - minX);
  const sy = (H - 2 * pad) / (maxY - minY);
  const count = new Uint32Array(W * H);
  const code = new Int16Array(W * H).fill(-1);
  // Large tables: a 2×2 dot per point would cover everything; small ones get bigger dots.
  const dot = n > 50000 ? 1 : n > 5000 ? 2 : 3;
  if (dot === 1) {
    // The large-table path: one pixel per point, integer rounding, no inner loops.
    const ox = pad - minX * sx + 0.5;
    const oy = H - pad + minY * sy + 0.5;
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      const px = (ox + xy[j] * sx) | 0;
      const py = (oy - xy[j + 1] * sy) | 0;
      if (px < 0 || py < 0 || px >= W || py >= H) continue;
      const p = py * W + px;
      count[p]++;
      code[p] = codes ? codes[i] : -1;
    }
  }
  for (let i = 0; dot > 1 && i < n; i++) {
    const px = Math.round(pad + (xy[2 * i] - minX) * sx);
    const py = Math.round(H - pad - (xy[2 * i + 1] - minY) * sy);
    const c = codes ? codes[i] : -1;
    for (let dy = 0; dy < dot; dy++) {
      for (let dx = 0; dx < dot; dx++) {
        const xx = px + dx - (dot >> 1), yy = py + dy - (dot >> 1);
        if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
        const p = yy * W + xx;
        count[p]++;
        code[p] = c;
      }
    }
  }
  let max = 1;
  for (let p = 0; p < count.length; p++) if (count[p] > max) max = count[p];
  const img = ctx.createImageData(W, H);
  const px32 = new Uint32Array(img.data.buffer);
  const packed = (options.colors?.length ? options.colors : PALETTE).map((c) => {
    const [r, g, b] = parseHex(c);
    return (b << 16) | (g << 8) | r; // little-endian RGBA without alpha
  });
  const grey = (150 << 16) | (142 << 8) | 134;
  const inv = 1 / Math.log1p(max);
  const m = packed.length;
  for (let p = 0; p < count.length; p++) {
    const c = count[p];
    if (c === 0) continue;
    const k = code[p];
    const a = (255 * (0.45 + 0.55 * Math.log1p(c) * inv)) | 0;
    px32[p] = ((a << 24) | (k >= 0 ? packed[k % m] : grey)) >>> 0;
  }
  ctx.clearRect(0, 0, W, H);
  ctx.putImageData(img, 0, 0);
  // Axes through zero (the data's mean after PCA).
  const colors = themeColors();
  ctx.strokeStyle = colors.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const zx = pad + (0 - minX) * sx, zy = H - pad - (0 - minY) * sy;
  if (zx > 0 && zx < W) { ctx.moveTo(zx, 0); ctx.lineTo(zx, H); }
  if (zy > 0 && zy < H) { ctx.moveTo(0, zy); ctx.lineTo(W, zy); }
  ctx.stroke();
  ctx.fillStyle = colors.text;
  ctx.font = `${11 * dpr}px ${colors.font}`;
  ctx.fillText(options.xLabel ?? 'pc1', W - 40 * dpr, zy > 14 * dpr && zy < H ? zy - 4 * dpr : H - 4 * dpr);
  ctx.fillText(options.yLabel ?? 'pc2', zx > 0 && zx < W - 30 * dpr ? zx + 4 * dpr : 4 * dpr, 12 * dpr);
  return { ms: performance.now() - t0, points: n, bounds: { minX, maxX, minY, maxY } };
}

/**
 * Draws a correlation heat map (values in [−1, 1], null where undefined) on `canvas` with the
 * column names along both sides; blue for positive, red for negative.
 */
export function drawHeatmap(canvas, names, matrix) {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const n = names.length;
  const label = 130;
  const cell = Math.max(28, Math.min(60, Math.floor(420 / Math.max(1, n))));
  const cssW = label + cell * n + 8;
  const cssH = label + cell * n + 8;
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  canvas.width = cssW * dpr;
  canvas.height = cssH * dpr;
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  const colors = themeColors();
  ctx.font = `11px ${colors.font}`;
  ctx.textBaseline = 'middle';
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = colors.text;
    ctx.textAlign = 'right';
    ctx.fillText(clip(names[i]), label - 6, label + cell * i + cell / 2);
    ctx.save();
    ctx.translate(label + cell * i + cell / 2, label - 6);
    ctx.rotate(-Math.PI / 4);
    ctx.textAlign = 'left';
    ctx.fillText(clip(names[i]), 0, 0);
    ctx.restore();
    for (let j = 0; j < n; j++) {
      const v = matrix[i][j];
      const x = label + cell * j, y = label + cell * i;
      if (v === null || v === undefined) {
        ctx.fillStyle = colors.grid;
      } else {
        const a = Math.min(1, Math.abs(v));
        ctx.fillStyle = v >= 0 ? `rgba(36, 88, 214, ${a})` : `rgba(220, 38, 38, ${a})`;
      }
      ctx.fillRect(x + 1, y + 1, cell - 2, cell - 2);
      ctx.fillStyle = v !== null && Math.abs(v) > 0.55 ? '#fff' : colors.text;
      ctx.textAlign = 'center';
      ctx.fillText(v === null || v === undefined ? '—' : v.toFixed(2), x + cell / 2, y + cell / 2);
    }
  }
}

function clip(s) {
  return s.length > 18 ? `${s.slice(0, 17)}…` : s;
}
