// Keeps a drop-down panel (the Export menu) inside the viewport: on a narrow screen a panel
// anchored to its button's right edge would reach past the left edge of the screen.

/** Space kept between a panel and the viewport's edges (px). */
const MARGIN = 8;

/**
 * Moves an open, absolutely positioned `panel` sideways so that it lies inside the viewport, and
 * caps its height to the room below its top (it scrolls inside beyond that). Call after showing
 * it and when the window is resized.
 */
export function keepInViewport(panel) {
  if (panel.hidden) return;
  panel.style.transform = '';
  panel.style.maxHeight = '';
  const width = document.documentElement.clientWidth;
  const height = window.innerHeight;
  const box = panel.getBoundingClientRect();
  let dx = 0;
  if (box.left < MARGIN) dx = MARGIN - box.left;
  else if (box.right > width - MARGIN) dx = Math.max(MARGIN - box.left, width - MARGIN - box.right);
  if (dx) panel.style.transform = `translateX(${Math.round(dx)}px)`;
  const room = height - MARGIN - Math.max(box.top, 0);
  if (box.bottom > height - MARGIN && room >= 160) panel.style.maxHeight = `${Math.floor(room)}px`;
}
