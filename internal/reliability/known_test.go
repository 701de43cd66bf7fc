package reliability

import (
	"os"
	"testing"
)

// knownBug reports a failure that is a known, reported bug (see
// docs/reliability.md, "Findings"): it fails the test when
// GROUNDED_RELIABILITY_STRICT=1 and otherwise logs it and skips the rest of
// the test, so that the default run stays green while the bug is open.
// When the bug is fixed the check passes and knownBug is not reached;
// then remove the call.
func knownBug(t *testing.T, name, format string, args ...any) {
	t.Helper()
	if os.Getenv("GROUNDED_RELIABILITY_STRICT") == "1" {
		t.Fatalf("known bug %q: "+format, append([]any{name}, args...)...)
	}
	t.Skipf("KNOWN BUG %q (set GROUNDED_RELIABILITY_STRICT=1 to fail): "+format, append([]any{name}, args...)...)
}
