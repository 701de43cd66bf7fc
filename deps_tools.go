//go:build tools

// Package grounded pins module dependencies that are not yet imported by
// code, so that `go mod tidy` keeps them. It is never compiled.
package grounded

import (
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/gofrs/flock"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/spf13/cobra"
	_ "github.com/xuri/excelize/v2"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/term"
	_ "golang.org/x/text/encoding/charmap"
	_ "golang.org/x/text/unicode/norm"
)
