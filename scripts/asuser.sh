#!/bin/sh
# asuser.sh — run the tests of the packages that read and write files again
# as an unprivileged user (uid and gid 65534, "nobody"), when the suite runs
# as root.
#
#   scripts/asuser.sh                 the default packages (below)
#   scripts/asuser.sh internal/index  only these
#
# Root ignores permission bits: a test of a read-only project, an
# unwritable history file or a lock file another user owns passes as root
# for reasons that do not hold for a researcher's own account. CI runs as
# root, so a bug that only a normal user meets would never show there
# (issue 18: a chmod made every source look changed to a normal user, and
# only to a normal user). This script compiles each package's test binary
# as the current user, copies the source tree to a directory every user
# may read, and runs the binary there as uid 65534, in the package's own
# directory (for its testdata), with HOME and TMPDIR in a scratch directory.
#
# As a normal user it has nothing to add and exits 0 with a message;
# without setpriv(1) (util-linux) it says so and exits 0, as a test skips
# when its tool is absent. A failing package makes it exit 1.
#
# MMDC_PUPPETEER_CONFIG is unset for those runs: .ci/run writes it into a
# directory only root may read, and the Mermaid test writes its own when
# the variable is unset.
#
# internal/faults is not run: it builds the grounded binary with the Go
# toolchain, which the unprivileged user has no cache for; it runs its own
# root-only cases (loop mounts) as root in the main run.
set -eu

DEFAULT="corpus coding codebook internal/fsx internal/project internal/index internal/ops internal/deid internal/export internal/export/refi internal/cli internal/serve"

if [ "$(id -u)" != 0 ]; then
	echo "asuser: not root; the main test run already runs as an unprivileged user"
	exit 0
fi
if ! command -v setpriv >/dev/null 2>&1; then
	echo "asuser: setpriv not installed (apt-get install util-linux); the tests are not run as an unprivileged user"
	exit 0
fi

cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- $DEFAULT

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
mkdir "$work/bin" "$work/src" "$work/tmp"
chmod 1777 "$work/tmp"

# The source tree (testdata included), without git's objects or any
# project index, readable by everyone.
tar --exclude=./.git --exclude=.grounded -cf - . | tar -C "$work/src" -xf -
chmod -R a+rX "$work/src" "$work/bin"

failed=""
for pkg in "$@"; do
	name=$(echo "$pkg" | tr / _)
	go test -c -o "$work/bin/$name.test" "./$pkg"
	[ -f "$work/bin/$name.test" ] || { echo "asuser: $pkg has no tests"; continue; }
	chmod a+rx "$work/bin/$name.test"
	start=$(date +%s)
	if (cd "$work/src/$pkg" &&
		HOME="$work/tmp" TMPDIR="$work/tmp" GOFLAGS= \
			env -u MMDC_PUPPETEER_CONFIG setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$work/bin/$name.test" -test.count=1 >"$work/$name.out" 2>&1); then
		echo "ok   $pkg as uid 65534 ($(($(date +%s) - start)) s)"
	else
		echo "FAIL $pkg as uid 65534:"
		tail -n 60 "$work/$name.out"
		failed="$failed $pkg"
	fi
done
if [ -n "$failed" ]; then
	echo "asuser: failed as an unprivileged user:$failed" >&2
	exit 1
fi
