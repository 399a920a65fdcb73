// Writes site/sw.js, the service worker, with Workbox's generateSW (workbox-build, pinned in
// package-lock.json). Run by plansite/offline.py, which passes the settings as JSON:
//   node plansite/offline.mjs '{"site": ..., "runtimeCache": ..., "searchCache": ..., "keep": [...]}'
import { generateSW } from "workbox-build";

const opts = JSON.parse(process.argv[2]);
const { count, size, warnings } = await generateSW({
  globDirectory: opts.site,
  // Precached on the first visit, after the page has loaded (assets/js/offline.js registers the
  // worker when the page is idle): every page of both languages, the styles and scripts they
  // need. Not the calculators' runtime, nor the search index: those are cached the first time
  // they are used (below), so a reader who only reads the plan never downloads them.
  globPatterns: [
    "**/*.html",
    // what every page asks for as it opens: the language selector's sitemaps (plansite/sitemaps.py),
    // Material's search configuration (a few hundred bytes)
    "**/sitemap.xml",
    "search/search_index.json",
    "en/search/search_index.json",
    "assets/stylesheets/*.min.css",
    "assets/javascripts/bundle.*.min.js",
    "assets/css/*.css",
    "assets/js/*.js",
    "assets/search/*.{js,css}",
    "assets/images/*.{png,svg,ico}",
  ],
  globIgnores: ["assets/pyodide/**", "**/*.br", "**/*.gz", "sw.js", "sw-caches.js"],
  swDest: opts.site + "/sw.js",
  mode: "production",
  sourcemap: false,
  inlineWorkboxRuntime: true,
  // a new build: the new worker takes over at once and Workbox drops the old precache
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  directoryIndex: "index.html",
  ignoreURLParametersMatching: [/.*/],
  // Material's hashed files carry their version in their name
  dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.min\.(js|css)$/,
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  // sw-caches.js deletes the runtime caches of earlier builds (their names carry the hash)
  importScripts: ["sw-caches.js"],
  runtimeCaching: [
    {
      // Pyodide, the trimmed standard library, the wheel: content-hashed, so cache-first
      urlPattern: /\/assets\/pyodide\/[0-9a-f]+\//,
      handler: "CacheFirst",
      options: { cacheName: opts.runtimeCache },
    },
    {
      urlPattern: /\/assets\/search\/[0-9a-f]+\//,
      handler: "CacheFirst",
      options: { cacheName: opts.searchCache },
    },
    {
      // the PDFs, the comments' data and anything else of this site: the network, or the
      // copy kept from the last time when offline
      urlPattern: ({ url, request }) => url.origin === self.location.origin && request.mode !== "navigate",
      handler: "NetworkFirst",
      options: { cacheName: "yy-other", networkTimeoutSeconds: 10 },
    },
  ],
});
for (const w of warnings) console.error("offline: workbox: " + w);
console.log(JSON.stringify({ count, size }));
