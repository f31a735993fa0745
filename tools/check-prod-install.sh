#!/usr/bin/env bash
# Proves the production install: a fresh clone of this checkout's HEAD is installed and built (`npm ci`,
# `npm run build`); a second folder receives only the package manifests, the catalogue, dist/ and studio/build (as
# the Docker image does), installs production dependencies only (`npm ci --omit=dev`: no tsx, no esbuild, no vite),
# and the built runtime is started there with plain `node dist/main.mjs` on PGlite in a temporary data folder. It
# must answer /api/health, /hall, /hall/hall.js and /studio/ with 200, the built CLI must check the catalogue, and
# SIGTERM must stop it cleanly; after that the built CLI backs the data folder up. Exits 0 when all of that held,
# 1 otherwise.
# BANSHI_CHECK_KEEP=1 keeps the temporary folder for a look afterwards.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/banshi-prod-check.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server" 2>/dev/null || true; fi
  if [ "${BANSHI_CHECK_KEEP:-0}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# GET base+path with Node (no curl needed): prints the status (0 when nothing answered), the body into $work/answer.
get() {
  node -e "fetch(process.argv[1]).then(async r => { require('node:fs').writeFileSync(process.argv[2], Buffer.from(await r.arrayBuffer())); console.log(r.status); }, () => console.log(0))" \
    "$base$1" "$work/answer"
}
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }
fail() {
  echo "生产安装检查未通过 (production install check failed): $1" >&2
  if [ -f "$work/server.log" ]; then
    echo "--- runtime output (last 40 lines) ---" >&2
    tail -n 40 "$work/server.log" >&2
  fi
  exit 1
}

step "clone $(git -C "$repo" rev-parse --short HEAD) into $work/build"
git clone --quiet --no-hardlinks "$repo" "$work/build"

step "npm ci (all dependencies)"
(cd "$work/build" && npm ci --no-audit --no-fund --loglevel=error)

step "npm run build"
(cd "$work/build" && npm run --silent build)
[ -f "$work/build/dist/main.mjs" ] || fail "npm run build wrote no dist/main.mjs"
[ -f "$work/build/studio/build/200.html" ] || fail "npm run build wrote no studio/build"

step "second copy: the manifests, the catalogue, dist/ and studio/build only; npm ci --omit=dev"
# What the Docker image holds: no sources, so nothing built may reach back into them.
workspaces="$(cd "$work/build" && node -p "require('./package.json').workspaces.join(' ')")"
for folder in . $workspaces; do
  mkdir -p "$work/prod/$folder"
  cp "$work/build/$folder/package.json" "$work/prod/$folder/"
done
cp "$work/build/package-lock.json" "$work/prod/"
cp -a "$work/build/catalog" "$work/build/dist" "$work/prod/"
cp -a "$work/build/studio/build" "$work/prod/studio/build"
(cd "$work/prod" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
for dev in tsx esbuild vite typescript vitest; do
  [ ! -e "$work/prod/node_modules/$dev" ] || fail "the production install holds the development package $dev"
done
mb() { du -sm "$1" | cut -f1; }
echo "production folder $(mb "$work/prod") MB: node_modules $(mb "$work/prod/node_modules") MB, dist $(mb "$work/prod/dist") MB," \
  "studio/build $(mb "$work/prod/studio/build") MB (the build's node_modules: $(mb "$work/build/node_modules") MB)"

port="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });")"
base="http://127.0.0.1:$port"

step "node dist/main.mjs on PGlite, port $port"
mkdir "$work/data"
started=$SECONDS
(cd "$work/prod" && exec env PORT="$port" HOST=127.0.0.1 BANSHI_DATA_DIR="$work/data" node dist/main.mjs) \
  >"$work/server.log" 2>&1 &
server=$!
until [ "$(get /api/health)" = 200 ]; do
  kill -0 "$server" 2>/dev/null || fail "the runtime exited before answering /api/health"
  [ $((SECONDS - started)) -lt 300 ] || fail "no answer from /api/health within 300 s"
  sleep 1
done
echo "answering after $((SECONDS - started)) s: $(cat "$work/answer")"

for path in /api/health /hall /hall/hall.js /studio/; do
  code="$(get "$path")"
  echo "GET $path -> $code ($(wc -c <"$work/answer") bytes)"
  [ "$code" = 200 ] || fail "GET $path answered $code"
done
grep -q '<html' "$work/answer" || fail "GET /studio/ is not the studio's page"

step "built CLI: node dist/banshi.mjs check catalog"
(cd "$work/prod" && node dist/banshi.mjs check catalog) || fail "node dist/banshi.mjs check catalog failed"

step "SIGTERM"
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" = 0 ] || fail "the runtime exited with $status after SIGTERM"
echo "stopped (exit 0)"

step "built CLI: backup of the stopped runtime's data folder"
(cd "$work/prod" && BANSHI_DATA_DIR="$work/data" node dist/banshi.mjs backup "$work/backup") ||
  fail "node dist/banshi.mjs backup failed"

printf '\n生产安装检查通过 (production install check passed) in %s s\n' "$SECONDS"
