package export

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMermaidRenders runs the mermaid CLI (mmdc) on the Mermaid output: the
// diagram must render to an SVG that holds the categories. CI installs mmdc
// and Debian's chromium (see docs/testing.md):
//
//	apt-get install chromium
//	PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @mermaid-js/mermaid-cli
//
// mmdc drives a headless browser through puppeteer. When
// MMDC_PUPPETEER_CONFIG names a puppeteer configuration file, it is used;
// otherwise the test looks for chromium on PATH (chromium,
// chromium-browser, google-chrome) and writes its own configuration, with
// --no-sandbox since CI runs as root. It skips, saying why, when mmdc or a
// browser is missing.
func TestMermaidRenders(t *testing.T) {
	mmdc, err := exec.LookPath("mmdc")
	if err != nil {
		t.Skip("the mermaid CLI 'mmdc' is not on PATH; see this test's comment to run it")
	}
	dir := t.TempDir()
	cfg := os.Getenv("MMDC_PUPPETEER_CONFIG")
	if cfg == "" {
		cfg = puppeteerConfig(t, dir)
	}
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
		args := []string{"-q", "-i", src, "-o", out, "-p", cfg}
		cmd := exec.Command(mmdc, args...)
		cmd.Dir = dir
		if msg, err := cmd.CombinedOutput(); err != nil {
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

// puppeteerConfig finds a chromium browser and writes a puppeteer
// configuration for it into dir, returning its path.
func puppeteerConfig(t *testing.T, dir string) string {
	t.Helper()
	var browser string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium on PATH for mmdc (apt-get install chromium), and MMDC_PUPPETEER_CONFIG is not set")
	}
	data, err := json.Marshal(map[string]any{
		"executablePath": browser,
		"args":           []string{"--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"},
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "puppeteer.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
