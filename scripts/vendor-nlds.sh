#!/usr/bin/env bash
# Vendors NL Design System CSS (Utrecht component CSS + the EUPL "voorbeeld" design tokens) into spiegel's web static files, so that no browser ever fetches
# it from a CDN and no npm is needed at install time. Run it by hand when upgrading the versions
# below, then commit the result (src/spiegel/web/static/spiegel/nlds/).
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=src/spiegel/web/static/spiegel/nlds
PACKAGES=(
    "@utrecht/component-library-css@${UTRECHT_CSS_VERSION:-latest}"
    "@nl-design-system-unstable/voorbeeld-design-tokens@${NLDS_TOKENS_VERSION:-latest}"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$DEST"
for spec in "${PACKAGES[@]}"; do
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
done
for tgz in "$work"/*.tgz; do
    name=$(basename "$tgz" .tgz)
    mkdir -p "$work/$name"
    tar -xzf "$tgz" -C "$work/$name"
done
css_pkg=$(ls -d "$work"/utrecht-component-library-css-*/package)
tok_pkg=$(ls -d "$work"/nl-design-system-unstable-voorbeeld-design-tokens-*/package)
cp "$css_pkg/dist/index.css" "$DEST/utrecht-components.css"
# the "voorbeeld" theme is NL Design System's reusable example theme (EUPL-1.2); the municipal
# themes (e.g. @utrecht/design-tokens) are proprietary to their municipality and not for reuse.
cp "$tok_pkg/dist/theme.css" "$DEST/voorbeeld-theme.css"
cp "$css_pkg/LICENSE.md" "$DEST/LICENSE-component-library-css.md" 2>/dev/null || true
cp "$tok_pkg/LICENSE.md" "$DEST/LICENSE-design-tokens.md" 2>/dev/null || true
{
    echo "Vendored by scripts/vendor-nlds.sh on $(date -u +%Y-%m-%d) from npm:"
    for pkg in "$css_pkg" "$tok_pkg"; do
        node -e 'const p=require(process.argv[1]); console.log(`- ${p.name}@${p.version} (${p.license})`)' "$pkg/package.json"
    done
} > "$DEST/VERSIONS.txt"
echo "Vendored NL Design System CSS into $DEST:"
cat "$DEST/VERSIONS.txt"
