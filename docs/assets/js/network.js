// The site and the network, on every page:
//
// - offline after one visit: registers the service worker (sw.js at the site's root, written by
//   plansite/offline.py with Workbox) once the page is idle, so that its precaching of the
//   site's pages never competes with what the reader opened (on a calculator page, 3 s after
//   its Python is ready);
// - says on the page when the reader is offline (zh, en), and hides that when back online;
// - once a calculator's Python is ready, keeps the runtime's files in the worker's runtime
//   cache (yy-runtime-<hash>; from the HTTP cache, so no byte moves again), so that a
//   calculator comes back ready offline;
// - fetches the calculators' runtime ahead when the reader shows intent: a touch, a hover or
//   the focus on a link to a calculator, and on the calculators' index page once it is idle.
//   Plan pages fetch nothing until then.
//
// The runtime's place and files come from the page-data block (plansite/hook.py: prefetch).
(function () {
  "use strict";

  var DATA = {};
  try {
    var block = document.getElementById("page-data");
    DATA = block ? JSON.parse(block.textContent) || {} : {};
  } catch (e) { DATA = {}; }
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var PREFETCH = DATA.prefetch || null;
  // this file is <root>/assets/js/network.js
  var ROOT = new URL("../../", document.currentScript.src);

  function idle(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 5000 });
    else setTimeout(fn, 1500);
  }

  function runtimeUrls() {
    if (!PREFETCH) return [];
    var base = new URL(PREFETCH.base, location.href);
    return PREFETCH.files.map(function (name) { return new URL(name, base).href; });
  }

  // -- the offline notice -------------------------------------------------------------------
  var notice = null;
  function showOffline(offline) {
    if (offline && !notice) {
      notice = document.createElement("p");
      notice.className = "offline-notice";
      notice.setAttribute("role", "status");
      notice.setAttribute("data-offline", "true");
      notice.textContent = LANG === "en"
        ? "You are offline. The pages this site has kept on this device and the calculators you have used still work."
        : "您目前处于离线状态。本站已保存在本设备上的页面和用过的计算器仍可使用。";
      document.body.appendChild(notice);
    } else if (!offline && notice) {
      notice.remove();
      notice = null;
    }
  }
  window.addEventListener("offline", function () { showOffline(true); });
  window.addEventListener("online", function () { showOffline(false); });
  if (navigator.onLine === false) showOffline(true);

  // -- the service worker ---------------------------------------------------------------------
  function register() {
    if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
    navigator.serviceWorker.register(new URL("sw.js", ROOT).href, { scope: ROOT.pathname })
      .catch(function (e) { console.warn("service worker: " + (e && e.message || e)); });
  }
  // after the page, and on a calculator page after its Python (its download comes first)
  var calculatorPage = !!document.querySelector("form[data-calculator]");
  if (document.readyState === "complete") idle(register);
  else window.addEventListener("load", function () {
    if (!calculatorPage) idle(register);
  });

  // -- the runtime in the worker's cache, once a calculator ran ------------------------------
  function keepRuntime() {
    if (!PREFETCH || !window.caches) return;
    var name = PREFETCH.cache;
    caches.open(name).then(function (cache) {
      return Promise.all(runtimeUrls().map(function (url) {
        return cache.match(url).then(function (hit) { return hit || cache.add(url); });
      }));
    }).catch(function () { /* a private window may have no cache storage: online still works */ });
  }
  // The precache waits a little after Python is ready: the reader's first answers, and the
  // worker keeping its snapshot (from 3 s after ready, calculator-worker.js), come first.
  var AFTER_READY_MS = 3000;
  if (window.yyCalculators && calculatorPage) {
    window.yyCalculators.on(function (m) {
      if (m.type === "ready") {
        idle(keepRuntime);
        setTimeout(function () { idle(register); }, AFTER_READY_MS);
      } else if (m.type === "failed") idle(register);
    });
  }

  // -- fetching the runtime ahead ------------------------------------------------------------
  var prefetched = false;
  function prefetch() {
    if (prefetched || !PREFETCH) return;
    prefetched = true;
    // the reader asked to save data: wait until they open a calculator
    if (navigator.connection && navigator.connection.saveData) return;
    runtimeUrls().forEach(function (url) {
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = url;
      document.head.appendChild(link);
    });
  }
  var CALCULATOR_LINK = /\/calculators\/(eligibility|consent|funding)\/(#.*)?$/;
  function intent(event) {
    var a = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (a && CALCULATOR_LINK.test(a.href)) prefetch();
  }
  if (!calculatorPage) {
    document.addEventListener("pointerover", intent, { passive: true });
    document.addEventListener("touchstart", intent, { passive: true });
    document.addEventListener("focusin", intent);
    // the calculators' index: the reader is about to open one
    if (document.querySelector("[data-calculators-index]") || /\/calculators\/$/.test(location.pathname)) {
      window.addEventListener("load", function () { idle(prefetch); });
    }
  }
})();
