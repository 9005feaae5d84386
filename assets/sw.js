/* The service worker of Guide Digital du Recouvrement: the home page and the four chapters stay readable offline,
   and a page that cannot be reached offline shows a French notice instead of the browser's error.

   - On install it keeps the home page, the chapters the home page links to (so their list lives in content/ only)
     and every script and stylesheet those pages load: once a phone has opened the app, it can read the guide with
     no network at all.
   - Pages: the network first (a new version is always served when online), the kept copy when offline — only for the
     home page and the chapters; any other page offline gets /hors-ligne.html. Personal pages are never kept.
   - Scripts and stylesheets under /assets/ carry their content hash in their name: served from the cache first.
   - The app's own traffic (/_event, /_upload, /_health…) and every non-GET request go to the network untouched:
     an answer given while offline waits in the page, and is sent when the connection comes back. */

const CACHE = "guide-v3";
const OFFLINE = "/hors-ligne.html";
const SHELL = [OFFLINE, "/styles.css", "/icon-32.png", "/manifest.webmanifest", "/register-sw.js"];
// The server varies its responses on Origin, which a module script sends and the worker's own fetch does not:
// a kept copy is the same whoever asked.
const ANY = { ignoreVary: true };
const READABLE = /^\/(chapitres\/[a-z0-9-]+)?$/; // the home page and a chapter (not its quiz)
// every script and stylesheet a page names: in its links, and in the module script that loads them after the
// first paint (guide_app/core/first_paint.py)
const ASSET = /"(\/assets\/[^"?#]+)"/g;
const CHAPTER_LINK = /href="(\/chapitres\/[a-z0-9-]+)"/g;

async function keepPage(cache, path) {
  const response = await fetch(path, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  const html = await response.text();
  // Kept as a fresh response: a server that adds a trailing slash by redirecting (Starlette's static files do,
  // without guide_app/core/serving.py in front) gives a response marked "redirected", which the browser refuses
  // for a page. Its headers (the CSP) stay.
  await cache.put(path, new Response(html, { status: 200, headers: response.headers }));
  return html;
}

async function install() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL);
  const home = await keepPage(cache, "/");
  const chapters = [...new Set([...home.matchAll(CHAPTER_LINK)].map((match) => match[1]))];
  const pages = await Promise.all(chapters.map((path) => keepPage(cache, path)));
  const assets = new Set();
  for (const html of [home, ...pages]) for (const match of html.matchAll(ASSET)) assets.add(match[1]);
  await cache.addAll([...assets]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

async function page(request, path) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && READABLE.test(path)) await cache.put(path, response.clone());
    return response;
  } catch (offline) {
    const kept = READABLE.test(path) ? await cache.match(path, ANY) : undefined;
    return kept || (await cache.match(OFFLINE, ANY)) || Response.error();
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, ANY);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/_")) return;
  const path = url.pathname.replace(/\/$/, "") || "/";
  if (request.mode === "navigate") {
    event.respondWith(page(request, path));
  } else if (url.pathname.startsWith("/assets/") || SHELL.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});
