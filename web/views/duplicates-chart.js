// The match-weight histogram of the Duplicates view, drawn on a canvas: one bar per whole match
// weight (pairs compared, on a square-root scale so the few likely duplicates stay visible next
// to the many non-matches), bars at or above the threshold in the accent colour, the threshold as
// a line. Clicking or dragging on it moves the threshold. The canvas is an image with a text
// alternative; the slider next to it is the keyboard control.
import { themeColors } from './charts.js';

/** Match weight → match probability: 1 / (1 + 2^-w). */
export function weightToProbability(w) {
  return 1 / (1 + 2 ** -w);
}

/** Match probability → match weight: log2(p / (1 - p)). */
export function probabilityToWeight(p) {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  return Math.log2(q / (1 - q));
}

export class WeightHistogram {
  /**
   * @param canvas the canvas to draw on
   * @param onPick called with a weight when the user clicks or drags on the chart
   */
  constructor(canvas, onPick) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.hist = { min_weight: 0, counts: [] };
    this.threshold = 0;
    let dragging = false;
    const pick = (e) => {
      const r = canvas.getBoundingClientRect();
      const n = this.hist.counts.length;
      if (n === 0) return;
      const x = Math.min(Math.max(e.clientX - r.left, 0), r.width);
      this.onPick(this.hist.min_weight + (x / r.width) * n);
    };
    canvas.addEventListener('pointerdown', (e) => {
      dragging = true;
      canvas.setPointerCapture?.(e.pointerId);
      pick(e);
    });
    canvas.addEventListener('pointermove', (e) => dragging && pick(e));
    canvas.addEventListener('pointerup', () => (dragging = false));
    canvas.addEventListener('pointercancel', () => (dragging = false));
  }

  /** Sets the histogram ({min_weight, counts}) and the threshold weight; redraws. */
  set(hist, thresholdWeight) {
    this.hist = hist ?? { min_weight: 0, counts: [] };
    this.threshold = thresholdWeight;
    this.draw();
  }

  /** Moves the threshold line; redraws. */
  setThreshold(weight) {
    this.threshold = weight;
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const dpr = globalThis.devicePixelRatio || 1;
    const width = c.clientWidth || 600;
    const height = c.clientHeight || 160;
    if (c.width !== Math.round(width * dpr)) c.width = Math.round(width * dpr);
    if (c.height !== Math.round(height * dpr)) c.height = Math.round(height * dpr);
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const colors = themeColors();
    const counts = this.hist.counts;
    const n = counts.length;
    if (n === 0) return;
    const axis = 16;
    const plotH = height - axis;
    const top = Math.sqrt(Math.max(...counts, 1));
    const bw = width / n;
    for (let i = 0; i < n; i++) {
      if (!counts[i]) continue;
      const h = Math.max(1, (Math.sqrt(counts[i]) / top) * (plotH - 4));
      const w = this.hist.min_weight + i;
      g.fillStyle = w + 1 > this.threshold ? colors.accent : colors.accentSoft;
      g.fillRect(i * bw + 0.5, plotH - h, Math.max(1, bw - 1), h);
    }
    // Axis labels: every 5 weights.
    g.fillStyle = colors.text;
    g.font = '11px system-ui, sans-serif';
    g.textAlign = 'center';
    for (let i = 0; i <= n; i++) {
      const w = this.hist.min_weight + i;
      if (w % 5 !== 0) continue;
      const x = i * bw;
      // The end labels stay inside the canvas.
      g.textAlign = x < 12 ? 'left' : x > width - 12 ? 'right' : 'center';
      g.fillText(String(w), x, height - 3);
    }
    const x = (this.threshold - this.hist.min_weight) * bw;
    g.strokeStyle = colors.bad;
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x, plotH);
    g.stroke();
  }
}
