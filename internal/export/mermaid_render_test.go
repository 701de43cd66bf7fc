package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMermaidRenders runs the mermaid CLI (mmdc) on the Mermaid output when
// it is installed. mmdc drives a headless browser, which CI does not
// install; to run this locally:
//
//	apt-get install chromium
//	PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @mermaid-js/mermaid-cli
//	MMDC_PUPPETEER_CONFIG=pp.json go test ./internal/export -run Mermaid
//
// with pp.json = {"executablePath": "/usr/bin/chromium", "args": ["--no-sandbox"]}.
func TestMermaidRenders(t *testing.T) {
	mmdc, err := exec.LookPath("mmdc")
	if err != nil {
		t.Skip("the mermaid CLI 'mmdc' is not on PATH; see this test's comment to run it")
	}
	dir := t.TempDir()
	for name, in := range map[string]Input{"fixture": fixture(t), "no core": {}} {
		if name == "no core" {
			in = fixture(t)
			in.Codebook.Core = nil
		}
		src := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".mmd")
		if err := os.WriteFile(src, Build(in, Options{}).Mermaid(), 0o644); err != nil {
			t.Fatal(err)
		}
		out := strings.TrimSuffix(src, ".mmd") + ".svg"
		args := []string{"-i", src, "-o", out}
		if cfg := os.Getenv("MMDC_PUPPETEER_CONFIG"); cfg != "" {
			args = append(args, "-p", cfg)
		}
		if msg, err := exec.Command(mmdc, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: mmdc: %v\n%s", name, err, msg)
		}
		svg, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(svg), "<svg") || !strings.Contains(string(svg), "Sharing") {
			t.Errorf("%s: mmdc wrote no diagram with the categories", name)
		}
	}
}
