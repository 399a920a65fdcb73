// The calculators' Python, in a module Web Worker, so the page never waits on it.
//
// Started by calculator.js as soon as a calculator page loads. Loads Pyodide from this site (the
// content-hashed directory assets/pyodide/<hash>/ that plansite/browser.py writes), with a
// standard library trimmed to what is used and compiled ahead of time, and the `calculators`
// wheel, which downloads while Python starts. Nothing is fetched from any other host.
//
// Messages from the page:  {id, calculator, input}   input: the JSON text of one calculator's input
//                          {id, roster}              roster: a signature roster file's bytes
// Messages to the page:    {type: "ready", ms, calculators, pyodide}
//                          {type: "failed", message}
//                          {id, result}              result: the calculator's JSON text
//                          {id, failure}             a bug, not invalid input (which is a result)

// Filled in by plansite/browser.py: {base, stdlib, wheel, glue, lock, pyodide, calculators}
const RUNTIME = /*RUNTIME*/null;

const started = performance.now();
const phases = {}; // ms since the worker started, for plansite/bench/browser.py
const queue = [];
let glue = null;

async function start() {
  if (!RUNTIME) {
    throw new Error("the calculators' runtime has not been built (plansite/browser.py)");
  }
  const base = new URL(RUNTIME.base, import.meta.url).href;
  // the wheel downloads while Python starts
  const wheel = fetch(base + RUNTIME.wheel).then((response) => {
    if (!response.ok) throw new Error(`${RUNTIME.wheel}: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  const { loadPyodide } = await import(base + "pyodide.mjs");
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
  pyodide.FS.writeFile("/home/pyodide/calculator_glue.py", RUNTIME.glue);
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
    } else {
      result = glue.run(message.calculator, message.input);
    }
    postMessage({ id, result, ms: performance.now() - t0 });
  } catch (error) {
    postMessage({ id, failure: String(error && error.message || error) });
  }
}

onmessage = (event) => {
  if (glue) handle(event.data);
  else queue.push(event.data);
};

start().then((module) => {
  glue = module;
  postMessage({
    type: "ready",
    ms: Math.round(performance.now() - started),
    phases,
    calculators: RUNTIME.calculators,
    pyodide: RUNTIME.pyodide,
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
