#!/bin/sh
# Checks the guide: every relative link and image in README.md and Docs/
# points at a file that exists, and every command block of Docs/Workshop.md
# runs (with the given edl first on the PATH) and exits 0.
# Usage: Docs/check.sh [EDL]   (default .build/release/edl; `make docs` builds it)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EDL=$(cd "$(dirname "${1:-$ROOT/.build/release/edl}")" && pwd)/$(basename "${1:-.build/release/edl}")
[ -x "$EDL" ] || { echo "check: no edl at $EDL (run make release)" >&2; exit 2; }
cd "$ROOT"

echo "check: links and images"
broken=0
for page in README.md Docs/*.md Docs/Scenarios/*.md Scenarios/README.md; do
    dir=$(dirname "$page")
    # ](target) and ](target#anchor), skipping web and in-page links
    for target in $(grep -o '](\([^)#]*\)[)#]' "$page" | sed 's/^](//; s/[)#]$//' | grep -v '^[a-z]*:' | grep -v '^$' | sort -u); do
        if [ ! -e "$dir/$target" ]; then
            echo "check: $page links to $target, which does not exist" >&2
            broken=1
        fi
    done
done
[ "$broken" = 0 ] || exit 1

echo "check: the handout is Docs/Workshop.md without its answers"
sh Docs/handout.sh "$ROOT/.handout.tmp"
if ! cmp -s "$ROOT/.handout.tmp" Docs/Handout.md; then
    rm -f "$ROOT/.handout.tmp"
    echo "check: Docs/Handout.md is out of date; run sh Docs/handout.sh" >&2
    exit 1
fi
rm -f "$ROOT/.handout.tmp"

echo "check: the workshop's commands"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/bin"
ln -s "$EDL" "$WORK/bin/edl"
# The workshop runs from the repository's root: its experiment files are there.
cp -R Scenarios "$WORK/Scenarios"
# Every ```sh block after the set-up section, in order, as one script.
awk '/^## The one idea/ { on = 1 } on && /^```sh$/ { code = 1; next } code && /^```$/ { code = 0; next } code' \
    Docs/Workshop.md > "$WORK/workshop.sh"
(cd "$WORK" && PATH="$WORK/bin:$PATH" sh -e workshop.sh > workshop.out 2>&1) || {
    echo "check: a workshop command failed; its output:" >&2
    tail -20 "$WORK/workshop.out" >&2
    exit 1
}
echo "check: $(grep -c '^edl\|^  edl\|^for' "$WORK/workshop.sh") command lines of Docs/Workshop.md ran"
echo "check: the guide is consistent"
