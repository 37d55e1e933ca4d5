// Burn-in care: what stays on screen for hours (the header, the side panel, the clock) drifts a
// few pixels along a slow loop, so no pixel shows the same edge all day. Sets --drift-x and
// --drift-y (in vmin) on the element; wall.css eases every move over the update interval.
export function startDrift(el, { amplitude = 0.6, periodMs = 47 * 60 * 1000, everyMs = 30000, now = () => Date.now() } = {}) {
  const step = () => {
    const phase = (now() % periodMs) / periodMs * 2 * Math.PI;
    // Two frequencies: a Lissajous loop that does not retrace a straight line.
    el.style.setProperty('--drift-x', `${(amplitude * Math.sin(phase)).toFixed(3)}vmin`);
    el.style.setProperty('--drift-y', `${(amplitude * Math.sin(2 * phase + 1)).toFixed(3)}vmin`);
  };
  step();
  const timer = setInterval(step, everyMs);
  return () => clearInterval(timer);
}
