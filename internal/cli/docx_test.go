package cli

import (
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/grounded-qda/grounded/corpus"
)

// cmdDocxText is the script command "docxtext FILE": it reads FILE back
// with the corpus .docx reader (as an ingest would) and prints its
// paragraphs, one a line, to the command's standard output, so that a
// script checks what a Word document holds. It fails when the file is not
// a .docx the reader can open.
func cmdDocxText(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: docxtext FILE")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	tr, err := corpus.Parse("x.docx", data)
	if err != nil {
		ts.Fatalf("%s does not read back as a .docx: %v", args[0], err)
	}
	var b strings.Builder
	for _, t := range tr.Turns {
		b.WriteString(t.Text + "\n")
	}
	_, err = ts.Stdout().Write([]byte(b.String()))
	ts.Check(err)
}
