package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Formats are the formats Render writes, the first being the default.
var Formats = []string{"yaml", "json", "markdown", "mermaid", "dot", "csv"}

// formatExts maps file extensions to formats, for FormatForFile.
var formatExts = map[string]string{
	".yaml": "yaml", ".yml": "yaml", ".json": "json", ".md": "markdown", ".markdown": "markdown",
	".mmd": "mermaid", ".mermaid": "mermaid", ".dot": "dot", ".gv": "dot", ".csv": "csv",
}

// FormatForFile returns the format a file name's extension implies, or "".
func FormatForFile(name string) string {
	return formatExts[strings.ToLower(filepath.Ext(name))]
}

// IsFormat reports whether Render writes format.
func IsFormat(format string) bool { return slices.Contains(Formats, format) }

// Render writes h in format (one of Formats).
func Render(w io.Writer, h *Hierarchy, format string) error {
	var data []byte
	var err error
	switch format {
	case "yaml":
		data, err = h.YAML()
	case "json":
		data, err = h.JSON()
	case "markdown":
		data = h.Markdown()
	case "mermaid":
		data = h.Mermaid()
	case "dot":
		data = h.DOT()
	case "csv":
		data, err = h.CSV()
	default:
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// JSON renders h as indented JSON with a final newline; HTML characters
// are not escaped.
func (h *Hierarchy) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// YAML renders h as YAML of the same shape as JSON.
func (h *Hierarchy) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
