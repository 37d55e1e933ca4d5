// The HTTP API (/api/v1) with the session token in the Authorization header, never in a URL.
// Answers parse as JSON; a failure rejects with {status, code, message} (status 0: offline).
export function createApi(token) {
  async function send(method, path, body) {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(`/api/v1${path}`, { method, headers, cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw { status: 0, code: 'offline', message: 'The server cannot be reached. Check the connection and try again.' };
    }
    return res;
  }

  async function call(method, path, body) {
    const res = await send(method, path, body);
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!res.ok) throw failure(res, data);
    return data;
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    put: (path, body) => call('PUT', path, body),
    del: (path) => call('DELETE', path),
    // A file from the API saved by the browser: fetched with the header into a Blob, so no
    // token is ever part of a link.
    async download(path, filename) {
      const res = await send('GET', path);
      if (!res.ok) throw failure(res, await res.json().catch(() => null));
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const a = Object.assign(document.createElement('a'), { href, download: filename });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 30000);
      return blob;
    },
  };
}

function failure(res, data) {
  return {
    status: res.status,
    code: data?.error?.code || `http_${res.status}`,
    message: data?.error?.message || `The server answered ${res.status}.`,
  };
}

// Ends this device's session on the server (best effort: offline, the token just stays unused).
export function endSession(token) {
  if (!token) return Promise.resolve();
  return fetch('/api/v1/sessions/current', { method: 'DELETE', headers: { Authorization: `Bearer ${token}` }, keepalive: true })
    .then(() => {}, () => {});
}
