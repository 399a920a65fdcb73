// The calculators' Python, for the pages that use it: the page's facts (its page-data block,
// written by plansite/hook.py) and the one Web Worker per page (calculator-worker.js) that runs
// the `calculators` package. The first lines of a calculator page usually started that worker
// already (calculator-start.js); this script takes it over, or starts it when first asked.
//
// It offers them to the page's other scripts: the calculator forms (calculator.js), the
// application form's tally (application-form.js), the screening page (screening.js), the
// consent page's comparison and roster (civil-code.js, not-signed.js), the service worker's
// timing (network.js):
// window.yyCalculators = {data, start(), call(message) -> Promise, on(listener),
// onProgress(listener), fillDistricts(root), el(tag, attrs, children)}: el is the one small DOM
// builder of the calculator pages' scripts.
(function () {
  "use strict";

  // -- the page's facts ------------------------------------------------------------------------
  var DATA = {};
  try {
    var block = document.getElementById("page-data");
    DATA = block ? JSON.parse(block.textContent) || {} : {};
  } catch (e) { DATA = {}; }

  // <optgroup data-districts="in_plan|outside_plan"> gets the districts of the plan or the other
  // places of 岳阳; <select data-districts="in_plan"> gets the plan's districts after its first
  // option (the blank answer).
  function fillDistricts(root) {
    var districts = DATA.districts || {};
    Array.prototype.forEach.call(root.querySelectorAll("[data-districts]"), function (box) {
      if (box.getAttribute("data-districts-filled")) return;
      var list = districts[box.getAttribute("data-districts")] || [];
      var before = box.tagName === "SELECT" && box.options.length ? box.options[1] || null : null;
      list.forEach(function (d) {
        var option = document.createElement("option");
        option.value = d.code;
        option.textContent = d.name;
        box.insertBefore(option, before);
      });
      box.setAttribute("data-districts-filled", "true");
    });
  }

  // -- the worker (one per page) ------------------------------------------------------------
  var worker = null;
  var pending = {};
  var nextId = 1;
  var listeners = [];
  var progressListeners = []; // {type: "progress", loaded, total}: the runtime's bytes received
  var workerState = null; // the "ready" or "failed" message, once it came

  function tell(m) {
    workerState = m;
    listeners.forEach(function (f) { f(m); });
    if (m.type === "failed") {
      // nothing more will come: what was asked fails, with the reason
      Object.keys(pending).forEach(function (id) {
        var done = pending[id];
        delete pending[id];
        done({ failure: m.message });
      });
    }
  }

  function onWorkerMessage(m) {
    if (m.type === "progress") {
      progressListeners.forEach(function (f) { f(m); });
      return;
    }
    if (m.type === "snapshot") {
      // the worker kept the started Python on this device (calculator-worker.js: SNAPSHOT)
      performance.mark("calculator:snapshot");
      return;
    }
    if (m.type === "ready" || m.type === "failed") {
      tell(m);
      return;
    }
    var done = pending[m.id];
    delete pending[m.id];
    if (done) done(m);
  }

  // The first lines of a calculator page usually started the worker already (so that Python
  // starts before the theme's scripts have run): take it over. Otherwise start it, and hand it
  // the runtime's configuration from the page-data block.
  function startWorker() {
    if (worker || workerState) return;
    var early = window.yyCalculatorWorker;
    if (early && early.worker) {
      worker = early.worker;
      performance.mark("calculator:worker", { startTime: early.started });
    } else {
      performance.mark("calculator:worker");
      var runtime = DATA.runtime;
      try {
        if (!runtime) throw new Error("this page has no calculators' runtime (page-data)");
        worker = new Worker(new URL(runtime.worker, location.href), { type: "module" });
        // the screening page (form[data-batch]) needs the workbook library as well
        worker.postMessage({ runtime: runtime, workbook: !!document.querySelector("form[data-batch]") });
        // Python starts once the page has loaded (calculator-worker.js)
        var loaded = function () { worker.postMessage({ page: "loaded" }); };
        if (document.readyState === "complete") loaded();
        else window.addEventListener("load", loaded, { once: true });
      } catch (e) {
        worker = null;
        tell({ type: "failed", message: String(e && e.message || e) });
        return;
      }
    }
    worker.onerror = function (e) { tell({ type: "failed", message: e.message || "worker error" }); };
    worker.onmessage = function (event) { onWorkerMessage(event.data); };
    if (early && early.queue) early.queue.splice(0).forEach(onWorkerMessage);
  }

  function call(message) {
    startWorker();
    return new Promise(function (resolve) {
      if (!worker || (workerState && workerState.type === "failed")) {
        resolve({ failure: (workerState && workerState.message) || "no worker" });
        return;
      }
      message.id = nextId++;
      pending[message.id] = resolve;
      worker.postMessage(message, message.roster ? [message.roster] : []);
    });
  }

  // listener({type: "ready", ...} or {type: "failed", message}), at once if that has happened
  function on(listener) {
    listeners.push(listener);
    if (workerState) listener(workerState);
  }

  function onProgress(listener) { progressListeners.push(listener); }

  // -- the one small DOM builder of the calculator pages' scripts -------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  window.yyCalculators = { data: DATA, start: startWorker, call: call, on: on, onProgress: onProgress,
                           fillDistricts: fillDistricts, el: el };
})();
