// A short chime for celebrations and announcements, off unless the display's settings turn it
// on. Browsers start audio only after a person interacted with the page (or when the kiosk
// browser is started with an autoplay policy that allows it): until then it stays silent
// rather than failing.
let context = null;

export function chime({ enabled }) {
  if (!enabled || typeof AudioContext === 'undefined') return false;
  try {
    context = context || new AudioContext();
    if (context.state === 'suspended') context.resume().catch(() => {});
    if (context.state !== 'running') return false;
    const t = context.currentTime;
    for (const [i, freq] of [660, 880, 1320].entries()) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.2, t + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.12 + 0.5);
      osc.connect(gain).connect(context.destination);
      osc.start(t + i * 0.12);
      osc.stop(t + i * 0.12 + 0.55);
    }
    return true;
  } catch {
    return false;
  }
}
