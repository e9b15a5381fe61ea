#!/usr/bin/env bash
# The project's one test command (`npm test`): type-check, lint (layers, eslint, prettier), unit and integration
# tests under plain Node with real engines on small models, then the e2e suite in Chromium.
# Ends with one summary line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
status=0

step() { printf '\n== %s ==\n' "$1"; }

# better-sqlite3 is the one addon tied to an ABI: `npm start` rebuilds it for Electron, tests need Node's.
if ! node -e "require('better-sqlite3')(':memory:').close()" 2>/dev/null; then
  step "rebuilding better-sqlite3 for Node $(node -v)"
  npm rebuild better-sqlite3 >/dev/null || status=1
fi

step "type-check"
npx tsc -p tsconfig.node.json --noEmit || status=1
npx tsc -p tsconfig.web.json --noEmit || status=1

step "lint (layer allowlist, eslint, prettier)"
npm run --silent lint || status=1

step "unit and integration tests (vitest, plain Node)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/unit.json" || status=1

if [ -f e2e/vitest.config.ts ]; then
  step "build (electron-vite: main, preload, renderer)"
  npx electron-vite build || status=1
  step "e2e (Playwright + Debian Chromium against the real core)"
  npx vitest run --config e2e/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$reports/e2e.json" || status=1
fi

node -e '
  const fs = require("fs"); let p = 0, f = 0, s = 0;
  for (const file of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"));
    // A file that fails to load has no failed test but is a failure: count it once.
    const broken = r.testResults.filter((t) => t.status === "failed" && t.assertionResults.every((a) => a.status !== "failed")).length;
    p += r.numPassedTests; f += r.numFailedTests + broken; s += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(`\n${p} passed, ${f} failed, ${s} skipped`);
' "$reports"
exit $status
