// The calculators' Python, in a module Web Worker, so the page never waits on it.
//
// Started by the page (calculator.js, or a calculator page's first lines) as soon as it loads,
// which hands it the runtime's configuration first: the page's page-data block carries it,
// written by the MkDocs hook (plansite/hook.py) from plansite/browser.py. Loads Pyodide from this
// site (the content-hashed directory assets/pyodide/<hash>/), with a standard library trimmed to
// what is used and compiled ahead of time, and the `calculators` wheel and its glue module, which
// download while Python starts. Nothing is fetched from any other host.
//
// Messages from the page:  {runtime}                 first: {base, stdlib, wheel, glue, lock,
//                                                    pyodide, calculators}; base is relative to
//                                                    this script
//                          {id, calculator, input}   input: the JSON text of one calculator's input
//                          {id, tally, input}        the application form's double two-thirds
//                                                    (calculator_glue.tally)
//                          {id, roster}              roster: a signature roster file's bytes
// Messages to the page:    {type: "progress", loaded, total}   bytes of the runtime received
//                          {type: "ready", ms, calculators, pyodide}
//                          {type: "failed", message}
//                          {id, result}              result: the calculator's JSON text
//                          {id, failure}             a bug, not invalid input (which is a result)

const started = performance.now();
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

function countBytes(base) {
  const plainFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const response = await plainFetch(input, init);
    const url = typeof input === "string" ? input : (input && input.url) || String(input);
    if (!response.ok || !response.body || !String(new URL(url, base)).startsWith(base)) return response;
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
}

async function start(RUNTIME) {
  if (!RUNTIME || !RUNTIME.base) {
    throw new Error("the page gave no runtime configuration (its page-data block, plansite/hook.py)");
  }
  const base = new URL(RUNTIME.base, import.meta.url).href;
  if (RUNTIME.sizes) {
    // what is fetched (not the module scripts, imported without fetch: counted when imported)
    progressTotal = Object.values(RUNTIME.sizes).reduce((a, b) => a + b, 0);
    countBytes(base);
  }
  // the wheel and the glue download while Python starts
  const wheel = fetched(base + RUNTIME.wheel, (r) => r.arrayBuffer());
  const glueText = fetched(base + RUNTIME.glue, (r) => r.text());
  // Pyodide imports its Emscripten module (pyodide.asm.mjs) only once pyodide.mjs has run:
  // importing it now downloads both at once (the browser keeps one copy of a module), and
  // says when its bytes are in (module scripts are not fetched through `fetch`)
  const imported = (name) => import(base + name).then((module) => {
    progressLoaded += (RUNTIME.sizes && RUNTIME.sizes[name]) || 0;
    reportProgress(true);
    return module;
  });
  imported("pyodide.asm.mjs").catch(() => { /* Pyodide's own import reports it */ });
  const { loadPyodide } = await imported("pyodide.mjs");
  phases.imported = Math.round(performance.now() - started);
  const pyodide = await loadPyodide({
    indexURL: base,
    stdLibURL: base + RUNTIME.stdlib,
    // a lock file without packages, given inline: nothing more to fetch
    lockFileContents: RUNTIME.lock,
    packageBaseUrl: base,
    stdout: () => {},
    stderr: (text) => console.warn(text),
  });
  phases.python = Math.round(performance.now() - started);
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel");
  pyodide.FS.writeFile("/home/pyodide/calculator_glue.py", await glueText);
  const module = pyodide.pyimport("calculator_glue");
  phases.package = Math.round(performance.now() - started);
  return module;
}

function handle(message) {
  const { id } = message;
  const t0 = performance.now();
  try {
    let result;
    if (message.roster !== undefined) {
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
  if (message && message.runtime !== undefined) {
    if (!starting) {
      starting = true;
      run(message.runtime);
    }
    return;
  }
  if (glue) handle(message);
  else queue.push(message);
};

function run(runtime) {
  start(runtime).then((module) => {
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
    while (queue.length) handle(queue.shift());
  }, (error) => {
    postMessage({ type: "failed", message: String(error && error.message || error) });
  });
}
