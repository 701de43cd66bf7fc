package project

import (
	"bytes"
	"fmt"
	"path/filepath"
)

// crlfOnly reports whether data differs from the content with checksum sum
// only by CRLF line ends where LF were: what git does on checkout with
// core.autocrlf=true (the Git for Windows default) when .gitattributes
// does not mark the file -text.
func crlfOnly(data []byte, sum string) bool {
	if sum == "" || !bytes.Contains(data, []byte("\r\n")) {
		return false
	}
	return SHA256(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))) == sum
}

func (e *TamperError) crlfMessage() string {
	rel := filepath.ToSlash(filepath.Join(SourcesDir, e.Source, SourceTurnsFile))
	return fmt.Sprintf("%s has Windows line ends (CRLF) where grounded wrote LF, and is otherwise unchanged: git converted it on checkout (core.autocrlf); the project's .gitattributes must mark project files -text, then the file can be restored with 'git checkout -- %s'", e.File, rel)
}
