// Time of the Segments view's PCA scatter (web/views/segments-charts.js drawScatter) for
// 1,000,000 points in 8 clusters, in Node with a stub canvas: the binning and the density image
// (the work the page does in JavaScript; the browser's putImageData of one canvas-sized image
// comes on top). Usage: node bench/scatter.mjs [points]
globalThis.getComputedStyle = () => ({ getPropertyValue: () => '', fontFamily: 'sans-serif' });
globalThis.document = { documentElement: {} };
const { drawScatter } = await import('../web/views/segments-charts.js');

const n = Number(process.argv[2]) || 1_000_000;
let s = 7;
const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
const xy = new Float32Array(2 * n);
const codes = new Int32Array(n);
for (let i = 0; i < n; i++) {
  const c = i % 8;
  codes[i] = c;
  xy[2 * i] = Math.cos(c) * 4 + (rnd() + rnd() + rnd() - 1.5);
  xy[2 * i + 1] = Math.sin(c) * 4 + (rnd() + rnd() + rnd() - 1.5);
}
const ctx = {
  createImageData: (w, h) => ({ data: new Uint8ClampedArray(w * h * 4) }),
  putImageData() {}, clearRect() {}, beginPath() {}, moveTo() {}, lineTo() {}, stroke() {}, fillText() {},
};
const canvas = { clientWidth: 760, clientHeight: 440, getContext: () => ctx };
globalThis.devicePixelRatio = 2;
const times = [];
for (let r = 0; r < 5; r++) times.push(drawScatter(canvas, xy, codes).ms);
times.sort((a, b) => a - b);
console.log(JSON.stringify({ points: n, canvas: '1520x880', median_ms: +times[2].toFixed(1), min_ms: +times[0].toFixed(1) }));
