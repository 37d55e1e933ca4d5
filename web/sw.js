// Lets the pages open without a connection (a rep in a lift can still tap; the taps wait in
// localStorage). Network first, so an online page is always the server's current files; the
// cached copy is only the fallback. The API and the WebSocket are never touched.
const CACHE = 'wolfpack-pages-v1';
const NETWORK_WAIT_MS = 4000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws' || !/^\/(|wall|[\w./-]+\.(html|js|css|svg|png|webmanifest|ico|json))$/.test(url.pathname)) return;
  // Cached under the path alone: a ?token= must not end up in Cache Storage.
  const key = new Request(url.origin + url.pathname);
  event.respondWith(fromNetwork(event.request, key).catch(() => caches.match(key).then((hit) => hit || Response.error())));
});

// The page lists what it loaded; keep a copy of whatever is not cached yet.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'keep' || !Array.isArray(event.data.paths)) return;
  const done = () => event.ports[0]?.postMessage('kept');
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(event.data.paths.map(async (path) => {
    const key = new Request(new URL(path, location.origin).href);
    if (await cache.match(key)) return;
    const response = await fetch(key).catch(() => null);
    if (response?.ok) await cache.put(key, response);
  }))).then(done, done));
});

async function fromNetwork(request, key) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_WAIT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy)).catch(() => {});
    }
    return response;
  } finally {
    clearTimeout(timer);
  }
}
