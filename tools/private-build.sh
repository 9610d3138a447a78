#!/usr/bin/env bash
# Builds a private copy of the package into /tmp/pkg-<tag> (for running e2e tests or benchmarks while others
# edit the work tree): E2E_PACKAGE_ROOT=$(tools/private-build.sh <tag>) npx jest --selectProjects e2e <file>
set -euo pipefail
tag="${1:?usage: tools/private-build.sh <tag>}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="/tmp/pkg-${tag}"
rm -rf "$out"
mkdir -p "$out"
cp -r "$repo"/package.json "$repo"/tsconfig.json "$repo"/tsconfig.build.json "$repo"/gulpfile.js \
	"$repo"/nodes "$repo"/credentials "$repo"/lib "$repo"/workflows "$out"/
[ -d "$repo/icons" ] && cp -r "$repo/icons" "$out"/
ln -s "$repo/node_modules" "$out/node_modules"
(cd "$out" && npx tsc -p tsconfig.build.json >&2 && npx gulp build >&2)
echo "$out"
