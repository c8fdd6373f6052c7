#!/usr/bin/env bash
# Vendor MathJax 3 (tex-chtml and its woff-v2 fonts) into the site, so that pages load nothing from a CDN.
# Run once when upgrading MathJax; the result is committed under site/docs/assets/vendor/mathjax/.
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-3.2.2}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack "mathjax@$version" --silent >/dev/null && tar xzf mathjax-*.tgz)
target=docs/assets/vendor/mathjax
rm -rf "$target"
mkdir -p "$target/output/chtml/fonts"
cp "$scratch/package/es5/tex-chtml.js" "$target/"
cp -r "$scratch/package/es5/output/chtml/fonts/woff-v2" "$target/output/chtml/fonts/"
cp "$scratch/package/LICENSE" "$target/LICENSE"
echo "MathJax $version vendored into site/$target"
