// The calculators' Python, in a module Web Worker, so the page never waits on it.
//
// Started by the page (calculator-start.js in a calculator page's head, or calculator-client.js),
// which hands it the runtime's configuration first: the page's page-data block carries it,
// written by the MkDocs hook (plansite/hook.py) from plansite/browser.py. Loads Pyodide from this
// site (the content-hashed directory assets/pyodide/<hash>/), with a standard library trimmed to
// what is used and compiled ahead of time, and the `calculators` wheel and its glue module, which
// download while Python starts. Nothing is fetched from any other host.
//
// Messages from the page:  {runtime}                 first: {base, stdlib, wheel, glue, lock,
//                                                    pyodide, calculators}; base is relative to
//                                                    this script
//                          {page: "loaded"}          the page has loaded (its load event)
//                          {id, calculator, input}   input: the JSON text of one calculator's input
//                          {id, tally, input}        the application form's double two-thirds
//                                                    (calculator_glue.tally)
//                          {id, roster}              roster: a signature roster file's bytes
//                          {runtime, workbook: true} the screening page: also load the workbook
//                                                    library (runtime.workbook: its wheels and
//                                                    the standard library modules it adds)
//                          {id, screen, data, filename}  a workbook's or CSV file's bytes, one
//                                                    case per row (calculator_glue.screen)
//                          {id, download, calculator} "xlsx" or "csv": the last file's results
//                                                    (bytes, in the reply's `bytes`)
// Messages to the page:    {type: "progress", loaded, total}   bytes of the runtime received
//                          {type: "ready", ms, phases, calculators, pyodide}  phases.snapshot:
//                                                    started from the kept snapshot
//                          {type: "snapshot", ms, bytes}  the started Python was kept (SNAPSHOT)
//                          {type: "failed", message}
//                          {id, result}              result: the calculator's JSON text
//                          {id, failure}             a bug, not invalid input (which is a result)

const started = performance.now();
// Python's start-up (not the restoring of a snapshot, which is quick) waits until the page has
// loaded (its load event: parsed, and the theme's scripts have run), or 3 s at most: the files
// download at once, but the CPU goes to the page's own scripts first. On a phone the download
// outlasts the page's loading, so this costs little (bench: first visit 5.4-5.5 s either way);
// on a fast network it keeps Python's start-up from slowing the page's first scripts, which
// Lighthouse counts as blocking time (on a 2-core machine, waiting for the load event: 129-241 ms
// and performance 95-99, median 98, in 10 runs; for DOMContentLoaded: 146-293 ms and 93-98,
// median 95, in 13).
let pageLoaded;
const loadedPage = Promise.race([
  new Promise((resolve) => { pageLoaded = resolve; }),
  new Promise((resolve) => setTimeout(resolve, 3000)),
]);
const phases = {}; // ms since the worker started, for plansite/bench/browser.py
const queue = [];
let glue = null;
let starting = false;

function fetched(url, how) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url.split("/").pop()}: HTTP ${response.status}`);
    return how(response);
  });
}

// The loading line's progress: the runtime's bytes received (as the worker reads them, after
// HTTP decompression) against their sizes (RUNTIME.sizes, from plansite/browser.py). Every fetch
// of this worker under the runtime's directory, Pyodide's own included, is counted as it streams.
let progressTotal = 0;
let progressLoaded = 0;
let progressSent = 0;
function reportProgress(force) {
  const now = performance.now();
  if (!force && now - progressSent < 150) return;
  progressSent = now;
  postMessage({ type: "progress", loaded: progressLoaded, total: progressTotal });
}

// Every fetch of this worker goes through here:
// - the runtime's big files are asked for the moment the worker starts (fetchEarly), before
//   Pyodide asks for them (it does only once pyodide.mjs has arrived and run): Pyodide's own
//   fetch of each is handed the response already on its way;
// - under the runtime's directory, the bytes are counted as they stream (the progress figure).
const plainFetch = self.fetch.bind(self);
const early = new Map();
let countUnder = null;
function fetchEarly(url) {
  if (!early.has(url)) early.set(url, plainFetch(url));
}
self.fetch = async (input, init) => {
  const url = String(new URL(typeof input === "string" ? input : (input && input.url) || String(input), self.location.href));
  let response;
  if (early.has(url) && !(init && init.integrity)) {
    response = await early.get(url);
    early.delete(url);
  } else {
    response = await plainFetch(input, init);
  }
  if (!countUnder || !response.ok || !response.body || !url.startsWith(countUnder)) return response;
  const counter = new TransformStream({
    transform(chunk, controller) {
      progressLoaded += chunk.byteLength;
      reportProgress(false);
      controller.enqueue(chunk);
    },
    flush() { reportProgress(true); },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
};

// -- the started Python, kept on this device ---------------------------------------------------
// Python's start-up is most of a calculator's wait once its files are cached. After the first
// start on a device, the worker keeps a memory snapshot of the started interpreter (Pyodide's
// makeMemorySnapshot: the WebAssembly memory, with the package imported and its parameters read,
// taken before any reader's input reaches Python, so it holds no answer), gzip-compressed, in
// the runtime's cache (RUNTIME.cache, named by the runtime's hash: a new build starts afresh and
// the service worker deletes the old cache). Later starts restore it instead of starting Python.
// A snapshot that cannot be read or restored is deleted and Python starts as on a first visit.
// Not on the screening page (its workbook library changes what the interpreter holds).
const SNAPSHOT = "python-memory.snapshot.gz";

async function snapshotCache(RUNTIME) {
  if (!RUNTIME.cache || !self.caches || !self.CompressionStream) return null;
  try { return await caches.open(RUNTIME.cache); } catch (error) { return null; }
}

async function savedSnapshot(cache, url) {
  if (!cache) return null;
  try {
    const hit = await cache.match(url);
    return hit && hit.body ? hit : null;
  } catch (error) { return null; }
}

// Compressed a slice at a time, each in a task of its own, starting 3 s after the worker is
// ready: the reader's first answers never wait behind it.
const SNAPSHOT_SLICE = 1 << 20;
function keepSnapshot(cache, url, bytes) {
  const gzip = new CompressionStream("gzip");
  const compressed = new Response(gzip.readable).blob();
  const writer = gzip.writable.getWriter();
  const nextTask = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  (async () => {
    await nextTask(3000);
    for (let at = 0; at < bytes.length; at += SNAPSHOT_SLICE) {
      await writer.write(bytes.subarray(at, at + SNAPSHOT_SLICE));
      await nextTask(0);
    }
    await writer.close();
  })().catch((error) => writer.abort(error).catch(() => {}));
  return compressed
    .then((blob) => cache.put(url, new Response(blob, { headers: { "Content-Type": "application/octet-stream" } }))
      .then(() => postMessage({ type: "snapshot", ms: Math.round(performance.now() - started), bytes: blob.size })))
    .catch(() => { /* no room, or a private window: the next start is a normal one */ });
}

async function start(RUNTIME, workbook) {
  if (!RUNTIME || !RUNTIME.base) {
    throw new Error("the page gave no runtime configuration (its page-data block, plansite/hook.py)");
  }
  const base = new URL(RUNTIME.base, import.meta.url).href;
  if (RUNTIME.sizes) {
    // what is fetched (not the module scripts, imported without fetch: counted when imported)
    progressTotal = Object.values(RUNTIME.sizes).reduce((a, b) => a + b, 0);
    if (workbook && RUNTIME.workbook && RUNTIME.workbook.sizes) {
      progressTotal += Object.values(RUNTIME.workbook.sizes).reduce((a, b) => a + b, 0);
    }
    countUnder = base;
  }
  // the largest files first, at once
  fetchEarly(base + "pyodide.asm.wasm");
  fetchEarly(base + RUNTIME.stdlib);
  // the wheel and the glue download while Python starts
  const wheel = fetched(base + RUNTIME.wheel, (r) => r.arrayBuffer())
    .then((b) => { phases.wheel = Math.round(performance.now() - started); return b; });
  const glueText = fetched(base + RUNTIME.glue, (r) => r.text());
  // the package's modules compiled ahead (plansite/browser.py: compiled_package)
  const pyc = RUNTIME.pyc ? fetched(base + RUNTIME.pyc, (r) => r.arrayBuffer()) : null;
  // the screening page's workbook library: only when the page asks for it
  const extra = workbook && RUNTIME.workbook
    ? Promise.all([RUNTIME.workbook.stdlib, ...RUNTIME.workbook.wheels].map((f) => fetched(base + f, (r) => r.arrayBuffer())))
    : null;
  // Pyodide imports its Emscripten module (pyodide.asm.mjs) only once pyodide.mjs has run:
  // importing it now downloads both at once (the browser keeps one copy of a module), and
  // says when its bytes are in (module scripts are not fetched through `fetch`)
  const imported = (name) => import(base + name).then((module) => {
    progressLoaded += (RUNTIME.sizes && RUNTIME.sizes[name]) || 0;
    reportProgress(true);
    return module;
  });
  imported("pyodide.asm.mjs").catch(() => { /* Pyodide's own import reports it */ });
  const cache = await snapshotCache(RUNTIME);
  const snapshotUrl = base + SNAPSHOT;
  const saved = await savedSnapshot(cache, snapshotUrl);
  const { loadPyodide } = await imported("pyodide.mjs");
  phases.imported = Math.round(performance.now() - started);
  const options = {
    indexURL: base,
    stdLibURL: base + RUNTIME.stdlib,
    // a lock file without packages, given inline: nothing more to fetch
    lockFileContents: RUNTIME.lock,
    packageBaseUrl: base,
    stdout: () => {},
    stderr: (text) => console.warn(text),
  };
  let pyodide = null;
  if (saved) {
    try {
      const bytes = new Response(saved.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer()
        .then((b) => { phases.snapshotRead = Math.round(performance.now() - started); return b; });
      // a damaged file fails here: Pyodide sees it when it awaits, and it is not reported as
      // unhandled meanwhile
      bytes.catch(() => {});
      pyodide = await loadPyodide({ ...options, _loadSnapshot: bytes });
      phases.snapshot = true;
    } catch (error) {
      console.warn("calculators: the kept Python snapshot could not be used; starting afresh: " + (error && error.message || error));
      pyodide = null;
      cache.delete(snapshotUrl).catch(() => {});
      fetchEarly(base + "pyodide.asm.wasm");
      fetchEarly(base + RUNTIME.stdlib);
    }
  }
  if (!pyodide) {
    await loadedPage;
    phases.loaded = Math.round(performance.now() - started);
  }
  const makeSnapshot = !pyodide && !!cache && !workbook;
  if (!pyodide) pyodide = await loadPyodide({ ...options, _makeSnapshot: makeSnapshot });
  phases.python = Math.round(performance.now() - started);
  // the package's files (its parameters among them) are read from Pyodide's file system, which
  // a snapshot does not hold: unpacked every time (a few ms)
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel");
  // a restored interpreter has imported the package already
  if (pyc && !phases.snapshot) pyodide.unpackArchive(new Uint8Array(await pyc), "zip");
  if (extra) {
    const [stdlib, ...wheels] = await extra;
    pyodide.FS.writeFile("/lib/python_stdlib_workbook.zip", new Uint8Array(stdlib));
    pyodide.runPython("import sys; sys.path.append('/lib/python_stdlib_workbook.zip')");
    for (const w of wheels) pyodide.unpackArchive(new Uint8Array(w), "wheel");
    phases.workbook = Math.round(performance.now() - started);
  }
  pyodide.FS.writeFile("/home/pyodide/calculator_glue.py", await glueText);
  phases.unpacked = Math.round(performance.now() - started);
  const module = pyodide.pyimport("calculator_glue");
  phases.package = Math.round(performance.now() - started);
  // once started, and warmed up, before any input of the reader: see SNAPSHOT above
  const snapshot = makeSnapshot ? () => keepSnapshot(cache, snapshotUrl, pyodide.makeMemorySnapshot()) : null;
  return { module, snapshot };
}

function handle(message) {
  const { id } = message;
  const t0 = performance.now();
  try {
    let result;
    if (message.screen !== undefined) {
      result = glue.screen(message.screen, new Uint8Array(message.data), message.filename || "");
    } else if (message.download !== undefined) {
      const proxy = glue.download(message.download, message.calculator || "");
      const bytes = proxy.toJs();
      proxy.destroy();
      postMessage({ id, bytes, ms: performance.now() - t0 }, [bytes.buffer]);
      return;
    } else if (message.roster !== undefined) {
      result = glue.roster(new Uint8Array(message.roster));
    } else if (message.tally !== undefined) {
      result = glue.tally(message.input);
    } else {
      result = glue.run(message.calculator, message.input);
    }
    postMessage({ id, result, ms: performance.now() - t0 });
  } catch (error) {
    postMessage({ id, failure: String(error && error.message || error) });
  }
}

onmessage = (event) => {
  const message = event.data;
  if (message && message.page === "loaded") {
    pageLoaded();
    return;
  }
  if (message && message.runtime !== undefined) {
    if (!starting) {
      starting = true;
      run(message.runtime, message.workbook);
    }
    return;
  }
  if (glue) handle(message);
  else queue.push(message);
};

function run(runtime, workbook) {
  start(runtime, workbook).then(({ module, snapshot }) => {
    glue = module;
    postMessage({
      type: "ready",
      ms: Math.round(performance.now() - started),
      phases,
      calculators: runtime.calculators,
      pyodide: runtime.pyodide,
    });
    // The first evaluation of each calculator prepares its parameters (a few ms): do it now,
    // so the reader's first result comes as fast as the next ones.
    for (const name of ["eligibility", "consent", "funding"]) {
      try { glue.run(name, "{}"); } catch (error) { /* shown when the reader asks */ }
    }
    // before the queue: the snapshot must hold no input of the reader's
    if (snapshot) {
      try { snapshot(); } catch (error) { /* the next start is a normal one */ }
    }
    while (queue.length) handle(queue.shift());
  }, (error) => {
    postMessage({ type: "failed", message: String(error && error.message || error) });
  });
}
