// Starts the calculators' Python as soon as this file arrives (the calculator pages load it,
// async, in their head: overrides/main.html), before the theme's styles and scripts have run;
// assets/js/calculator-client.js takes the worker over (window.yyCalculatorWorker). A file, not an
// inline script, so that the Content-Security-Policy forbids inline scripts (plansite/deploy.py).
(function () {
  "use strict";
  // calculator-client.js came first (it starts the worker itself): nothing to do
  if (window.yyCalculators || window.yyCalculatorWorker) return;
  try {
    var runtime = JSON.parse(document.getElementById("page-data").textContent).runtime;
    var worker = new Worker(new URL(runtime.worker, location.href), { type: "module" });
    // the screening page's tag carries data-workbook: the worker loads the workbook library too
    var script = document.currentScript;
    worker.postMessage({ runtime: runtime, workbook: !!(script && script.hasAttribute("data-workbook")) });
    // the worker downloads at once, and starts Python once the page has loaded (see the worker)
    var loaded = function () { worker.postMessage({ page: "loaded" }); };
    if (document.readyState === "complete") loaded();
    else window.addEventListener("load", loaded, { once: true });
    var queue = [];
    worker.onmessage = function (e) { queue.push(e.data); };
    worker.onerror = function (e) { queue.push({ type: "failed", message: e.message || "worker error" }); };
    window.yyCalculatorWorker = { worker: worker, queue: queue, started: performance.now() };
  } catch (e) { /* calculator-client.js starts it */ }
})();
