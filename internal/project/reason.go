package project

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/internal/errs"
)

// AuditStrict is the grounded.yaml setting (audit: strict) under which the
// changes that reshape the codebook (StrictCommands) need a reason.
const AuditStrict = "strict"

// StrictCommands are the commands that need a reason under audit: strict:
// the changes a reviewer of the codebook's development asks about.
var StrictCommands = []string{"code merge", "code rename", "category move", "core set", "relate", "relate rm"}

// RuleReasonRequired is the errs.Invalid rule of a change refused for want
// of a reason.
const RuleReasonRequired = "reason-required"

func (c Config) checkAudit(path string) error {
	if c.Audit != "" && c.Audit != AuditStrict {
		return fmt.Errorf("%s: audit: %q is not a setting (write audit: %s, or leave it out)", path, c.Audit, AuditStrict)
	}
	return nil
}

// RequireReason refuses command without a reason when the project is
// audit: strict and the command is one of StrictCommands.
func (p *Project) RequireReason(command, reason string) error {
	if p.Config.Audit == AuditStrict && strings.TrimSpace(reason) == "" && slices.Contains(StrictCommands, command) {
		return &errs.Invalid{Field: "reason", Rule: RuleReasonRequired, Value: command,
			Reason: fmt.Sprintf("%s needs a reason in this project (audit: %s in %s)", command, AuditStrict, ConfigFile)}
	}
	return nil
}

// SetReason records the researcher's reason for the change in its history
// entry.
func (e *Edit) SetReason(reason string) { e.entry.Reason = strings.TrimSpace(reason) }
