#!/usr/bin/env sh
# Sets Floe up in Helix in one step: the language, server and formatter
# (languages.toml), the grammar built from this checkout, and the queries.
# Run it again after pulling; it replaces what it wrote before.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
config=${HELIX_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/helix}
mkdir -p "$config/runtime/queries"

# The queries: a link, so a pull updates them.
rm -rf "$config/runtime/queries/floe"
ln -s "$here/runtime/queries/floe" "$config/runtime/queries/floe"

# languages.toml: Floe's block between markers, replaced on each run.
languages=$config/languages.toml
touch "$languages"
begin="# >>> floe >>>"
end="# <<< floe <<<"
tmp=$(mktemp)
awk -v b="$begin" -v e="$end" '$0 == b { skip = 1 } !skip { print } $0 == e { skip = 0 }' \
  "$languages" >"$tmp"
{
  echo "$begin"
  sed "s|@GRAMMAR@|$(cd "$here/../tree-sitter-floe" && pwd)|" "$here/languages.toml"
  echo "$end"
} >>"$tmp"
mv "$tmp" "$languages"
echo "wrote $languages and $config/runtime/queries/floe"

if command -v hx >/dev/null 2>&1; then
  hx --grammar build
  hx --health floe || true
else
  echo "hx is not on PATH: run \`hx --grammar build\` once it is"
fi
