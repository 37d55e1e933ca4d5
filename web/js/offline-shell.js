// Registers sw.js, which lets the pages open from cache when the server cannot be reached, and
// hands it the files this page loaded so a reload works offline even right after the first
// visit. Browsers allow service workers only over https or on localhost; elsewhere the pages
// simply need the server. <html data-offline-ready> tells when the copy is complete.
export function registerOfflineShell() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = [location.pathname, ...performance.getEntriesByType('resource').map((e) => e.name)]
        .map((u) => new URL(u, location.href))
        .filter((u) => u.origin === location.origin && !u.pathname.startsWith('/api/') && u.pathname !== '/ws')
        .map((u) => u.pathname);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { document.documentElement.dataset.offlineReady = 'true'; };
      registration.active?.postMessage({ type: 'keep', paths: [...new Set(urls)] }, [channel.port2]);
    })
    .catch(() => { /* optional: without it the pages just need the server */ });
}
