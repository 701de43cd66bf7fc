package cli

import (
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/index"
)

// One hit in a huge turn full of matches prints a bounded line (issue 17).
func TestKWICBounded(t *testing.T) {
	io, _, _, _ := TestIO()
	text := strings.Repeat("trust me ", 100000)
	var hs []index.Span
	for i := 0; i < len(text); i += 9 {
		hs = append(hs, index.Span{Start: i, End: i + 5})
	}
	got := kwic(io, text, hs)
	if len(got) > 1200 || !strings.HasPrefix(got, "[[trust]] me [[trust]]") || !strings.HasSuffix(got, "…") {
		t.Errorf("%d bytes: %.80q … %q", len(got), got, got[max(len(got)-40, 0):])
	}
}
