#!/bin/sh
# formats-go.sh - --log-format go-test and detection on a real `go test -json` of a
# package with passing, failing, slower and sub-tests (offline: GOPROXY=off, caches in the
# temporary directory), checked against formats-ref.py (formats-lib.sh). Skips (77)
# without go.
. "$(dirname "$0")/formats-lib.sh"
if ! { command -v go >/dev/null 2>&1; }; then
	echo "go not found: skipped"
	exit 77
fi

g=$tmpdir/gotest
mkdir -p "$g/m"
printf 'module example.com/m\n\ngo 1.18\n' >"$g/m/go.mod"
cat >"$g/m/m_test.go" <<'EOF'
package m

import (
	"testing"
	"time"
)

func TestQuick(t *testing.T) {}

func TestSleeps(t *testing.T) {
	for _, d := range []int{5, 20, 40} {
		time.Sleep(time.Duration(d) * time.Millisecond)
	}
}

func TestFails(t *testing.T) {
	time.Sleep(15 * time.Millisecond)
	t.Fatal("as it should")
}

func TestSub(t *testing.T) {
	t.Run("a", func(t *testing.T) { time.Sleep(10 * time.Millisecond) })
	t.Run("b", func(t *testing.T) { time.Sleep(30 * time.Millisecond) })
}
EOF
(cd "$g/m" && GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$g/cache" GOPATH="$g/path" \
    GOTOOLCHAIN=local HOME="$g" go test -count=3 -json ./... >"$tmpdir/go-test.json" \
    2>"$tmpdir/go-test.err") || true
if grep -q '"Action":"fail"' "$tmpdir/go-test.json"; then
	check go-test "$tmpdir/go-test.json"
else
	fail go-test "go test -json wrote no result: $(head -c 300 "$tmpdir/go-test.err")"
fi
chmod -R u+w "$g" 2>/dev/null || true # the module cache is read-only

finish
