#!/usr/bin/env bash
# `npm start`: build the app and start it. On first run the app opens its welcome screen, which
# explains privacy and downloads the default models (with progress, resumable).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! node -e "require('electron')" >/dev/null 2>&1 || [ ! -e "$(node -p "require('electron')" 2>/dev/null)" ]; then
  cat >&2 <<'MSG'
Electron's own binary is not installed (it is downloaded by `npm install` from GitHub, which this
machine cannot reach, or it was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
On a normal machine: `npm install` again with network access, then `npm start`.
Without Electron you can still talk to Lumio from the terminal:
  npx lumio models download      # the default models
  npx lumio talk --in question.wav --out reply.wav
MSG
  exit 1
fi

echo "Building Lumio…"
npx electron-vite build
# better-sqlite3 is the one native addon tied to the runtime's ABI: build it for Electron
# (`npm test` rebuilds it for Node when needed). The other engines use N-API and run in both.
echo "Preparing native modules for Electron…"
# The rebuild compiles smart-whisper again: keep the CPU flags postinstall chose (scripts/native/whisper-cpu.ts).
eval "$(npx tsx scripts/native/whisper-cpu.ts --print-env)"
npx electron-builder install-app-deps >/dev/null
exec npx electron-vite preview
