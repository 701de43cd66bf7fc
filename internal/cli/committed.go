package cli

import (
	"errors"

	"github.com/grounded-qda/grounded/internal/project"
)

// isCommitted reports a failure after a change's commit point (exit code
// ExitCommitted).
func isCommitted(err error) bool {
	var ce *project.CommittedError
	return errors.As(err, &ce)
}
