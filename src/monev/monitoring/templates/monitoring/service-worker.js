// Service worker of the blangko monev (served by the app from <scope>sw.js, scope <scope>,
// e.g. /kunjungan/): it keeps the blangko pages the user opened and the static files they use, so
// a blangko opens again without a connection. Nothing else is cached; POSTs (saves, sync)
// always go to the network — edits made offline wait in the page's own queue.
{% load static %}const CACHE = "monev-blangko-v1";
const SCOPE = "{{ scope }}";
const STATIC = "{% get_static_prefix %}";
const isBlangko = (path) => path.startsWith(SCOPE) && /^\d+\/$/.test(path.slice(SCOPE.length));

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("monev-blangko-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page tells which files it uses (its own URL, scripts, stylesheets) once it is open.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.cache) || [];
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        urls.map((url) =>
          fetch(url, { credentials: "same-origin" })
            .then((response) => keep(cache, new Request(url), response))
            .catch(() => undefined),
        ),
      ),
    ),
  );
});

const keep = (cache, request, response) => {
  // only good, own, not-redirected answers (never the login page instead of the blangko)
  if (response.ok && !response.redirected && response.type === "basic") {
    return cache.put(request, response.clone()).then(() => response);
  }
  return response;
};

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && isBlangko(url.pathname)) {
    // network first: the server's blangko when it can be reached, the kept one otherwise
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        fetch(request)
          .then((response) => keep(cache, new Request(url.pathname), response))
          .catch(() => cache.match(url.pathname).then((hit) => hit || Response.error())),
      ),
    );
  } else if (url.pathname.startsWith(STATIC)) {
    // kept files at once, refreshed in the background
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((hit) => {
          const fresh = fetch(request)
            .then((response) => keep(cache, request, response))
            .catch(() => hit || Response.error());
          return hit || fresh;
        }),
      ),
    );
  }
});
