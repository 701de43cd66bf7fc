// Command grounded is a toolkit for grounded theory research on interview
// transcripts. See README.md, or run 'grounded --help'.
package main

import (
	"os"

	"github.com/grounded-qda/grounded/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
