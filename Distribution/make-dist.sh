#!/bin/sh
# Builds dist/edl-lab-VERSION-linux-x86_64.tar.gz: edl and edl-serve (release,
# Swift runtime and Foundation linked statically), GNU GSL's two shared
# libraries beside them (with GSL's copyright and licence: it is GPL), the
# guide, the experiment files, and wrappers that find the libraries, so the
# tarball runs on a fresh Debian or Ubuntu x86-64 machine with neither Swift
# nor libgsl installed. Then unpacks it in a clean directory and runs it with
# an empty LD_LIBRARY_PATH and no Swift on the PATH.
# Usage: sh Distribution/make-dist.sh   (after make release serve-release; `make dist` does both)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
VERSION=$(.build/release/edl --version)
NAME="edl-lab-$VERSION-linux-x86_64"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
DIR="$STAGE/$NAME"
mkdir -p "$DIR/bin" "$DIR/libexec" "$DIR/lib" "$DIR/share/doc/gsl"
cp .build/release/edl .build/release/edl-serve "$DIR/libexec/"
strip "$DIR/libexec/edl" "$DIR/libexec/edl-serve"
for library in libgsl.so.27 libgslcblas.so.0; do
    path=$(ldd .build/release/edl | awk -v l="$library" '$1 == l { print $3 }')
    [ -n "$path" ] || { echo "dist: $library not found by ldd" >&2; exit 1; }
    cp -L "$path" "$DIR/lib/$library"
done
for file in /usr/share/doc/libgsl27/copyright /usr/share/doc/libgslcblas0/copyright; do
    [ -f "$file" ] && cp "$file" "$DIR/share/doc/gsl/$(basename "$(dirname "$file")")-copyright"
done
for tool in edl edl-serve; do
    cat > "$DIR/bin/$tool" <<WRAPPER
#!/bin/sh
# Runs $tool with the GSL libraries shipped beside it.
HERE=\$(cd "\$(dirname "\$0")/.." && pwd)
LD_LIBRARY_PATH="\$HERE/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "\$HERE/libexec/$tool" "\$@"
WRAPPER
    chmod +x "$DIR/bin/$tool"
done
cp -R README.md Docs Scenarios "$DIR/"
cat > "$DIR/INSTALL.txt" <<'TEXT'
EDL Lab, a self-contained build for Linux x86-64 (Debian 12, Ubuntu 22.04 and later).

  tar xzf edl-lab-*.tar.gz && cd edl-lab-*/
  bin/edl list                       # the scenarios
  bin/edl reproduce --output out     # the paper's figures into out/ (open out/index.html)
  bin/edl serve                      # the workshop explorer at http://127.0.0.1:8080/
  bin/edl serve --host 0.0.0.0       # ... open to the network, for a classroom

Nothing to install: the Swift runtime is inside the programs and GNU GSL's
libraries are in lib/ (GSL is GPL-licensed; its copyright is in share/doc/gsl).
The guide is in Docs/ (start with README.md and Docs/Workshop.md).
TEXT
mkdir -p dist
tar -C "$STAGE" -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist: dist/$NAME.tar.gz ($(du -h "dist/$NAME.tar.gz" | cut -f1))"

# The check: a clean directory, no Swift on the PATH, no library path.
CHECK=$(mktemp -d)
tar -C "$CHECK" -xzf "dist/$NAME.tar.gz"
cd "$CHECK/$NAME"
env -i PATH=/usr/bin:/bin HOME="$CHECK" LD_LIBRARY_PATH= sh -c '
    set -e
    LD_LIBRARY_PATH="$PWD/lib" ldd libexec/edl | grep -E "gsl|swift|Foundation" || true
    bin/edl run coupon-collector --set K=100 --n 10,100,1000 --replicates 100 | tail -2
    bin/edl serve --port 0 > serve.log 2>&1 & pid=$!
    for i in 1 2 3 4 5 6 7 8 9 10; do grep -q "explorer is at" serve.log && break; sleep 1; done
    url=$(sed -n "s/.*explorer is at \(http:[^ ]*\).*/\1/p" serve.log)
    [ -n "$url" ] || { cat serve.log; exit 1; }
    python3 -c "import urllib.request,sys; print(\"dist: served\", len(urllib.request.urlopen(sys.argv[1]).read()), \"bytes from\", sys.argv[1])" "$url"
    kill $pid
'
rm -rf "$CHECK"
echo "dist: the unpacked tarball ran edl and edl serve without Swift or LD_LIBRARY_PATH"
