package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/grounded-qda/grounded/internal/project"
)

func TestExitCodeCommitted(t *testing.T) {
	err := fmt.Errorf("code add: %w", &project.CommittedError{Err: errors.New("no space left on device")})
	if got := exitCode(err); got != ExitCommitted {
		t.Errorf("exitCode = %d, want %d", got, ExitCommitted)
	}
}
