// Runs calculator requests under Pyodide in Node, as the calculator pages do in a browser:
// Pyodide from node_modules, the standard library and the wheel the site serves, the same glue
// module (docs/assets/js/calculator_glue.py). No network: fetch is disabled before Pyodide loads.
//
//   node tests/pyodide_runner.mjs --pyodide DIR --stdlib ZIP --wheel WHL --glue PY [--pyc ZIP] [--snapshot 1] < requests.json
//
// --snapshot 1: as a calculator page's later visits do (assets/js/calculator-worker.js), start
// Python, import the glue and warm the three calculators up, take a memory snapshot, then answer
// the requests from a second interpreter restored from that snapshot (with the wheel unpacked
// again: a snapshot does not hold the file system).
//
// requests.json: [{"calculator": NAME, "input": JSON text} | {"roster": base64 bytes}, ...]
// Prints one JSON object: {python, pyodide, files: {path: sha256}, results: [JSON text, ...],
// ms: {load, run}}. `files` are the package's files as Pyodide imported them (site-packages),
// for the byte-identity check.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
for (const key of ["pyodide", "stdlib", "wheel", "glue"]) {
  if (!args[key]) {
    console.error(`pyodide_runner: --${key} is required`);
    process.exit(2);
  }
}

// No request may leave this process: Pyodide reads local files with fs in Node; anything that
// reaches for the network is a failure of the test, not a download.
globalThis.fetch = async (url) => {
  throw new Error(`pyodide_runner: network access attempted: ${url}`);
};

// Pyodide's errors quote its minified source at length: say only what went wrong
process.on("uncaughtException", (error) => {
  console.error(`pyodide_runner: ${error && error.message || error}`);
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  console.error(`pyodide_runner: ${error && error.message || error}`);
  process.exit(1);
});

const requests = JSON.parse(fs.readFileSync(0, "utf8"));
const t0 = performance.now();
const { loadPyodide } = await import(path.resolve(args.pyodide, "pyodide.mjs"));
const info = JSON.parse(fs.readFileSync(path.resolve(args.pyodide, "pyodide-lock.json"), "utf8")).info;
const options = {
  indexURL: path.resolve(args.pyodide) + "/",
  stdLibURL: path.resolve(args.stdlib),
  lockFileContents: { info, packages: {} },
  packageBaseUrl: path.resolve(args.pyodide) + "/",
  stdout: () => {},
  stderr: (text) => console.error(text),
};
const snapshotMode = args.snapshot === "1";
async function started(extra) {
  const py = await loadPyodide({ ...options, ...extra });
  py.unpackArchive(new Uint8Array(fs.readFileSync(args.wheel)), "wheel");
  // the package's modules compiled ahead, as the worker unpacks them (not over a restored one)
  if (args.pyc && !extra._loadSnapshot) py.unpackArchive(new Uint8Array(fs.readFileSync(args.pyc)), "zip");
  py.FS.writeFile("/home/pyodide/calculator_glue.py", fs.readFileSync(args.glue));
  return [py, py.pyimport("calculator_glue")];
}
let [pyodide, glue] = await started(snapshotMode ? { _makeSnapshot: true } : {});
let snapshotBytes = 0;
if (snapshotMode) {
  for (const name of ["eligibility", "consent", "funding"]) glue.run(name, "{}");
  const snapshot = pyodide.makeMemorySnapshot();
  snapshotBytes = snapshot.length;
  [pyodide, glue] = await started({ _loadSnapshot: snapshot });
}
const tLoaded = performance.now();

const results = requests.map((r) => {
  if (r.roster !== undefined) return glue.roster(new Uint8Array(Buffer.from(r.roster, "base64")));
  return glue.run(r.calculator, r.input);
});
const tRun = performance.now();

// the package's files as Pyodide imported them, hashed here (Pyodide has no hashlib)
const paths = JSON.parse(pyodide.runPython(`
import json, sys
from importlib import resources
import calculators
out = [m.__file__ for n, m in sorted(sys.modules.items()) if n == "calculators" or n.startswith("calculators.")]
out.append(str(resources.files("calculators").joinpath("params.json")))
json.dumps(out)
`));
const files = {};
for (const p of paths) {
  files[p.slice(p.indexOf("/calculators/") + 1)] = createHash("sha256").update(pyodide.FS.readFile(p)).digest("hex");
}

process.stdout.write(JSON.stringify({
  python: pyodide.runPython("import sys; sys.version"),
  pyodide: pyodide.version,
  files,
  results,
  ms: { load: Math.round(tLoaded - t0), run: Math.round(tRun - tLoaded) },
  snapshot: snapshotBytes,
}));
