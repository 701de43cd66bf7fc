package project

import (
	"os"
	"path/filepath"
	"testing"
)

func TestOwnedPath(t *testing.T) {
	dir := t.TempDir()
	p, err := Init(dir, InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	os.Symlink(filepath.Join(p.Root, CodebookFile), filepath.Join(outside, "cb-link.yaml"))
	os.Symlink(filepath.Join(p.Root, "codings", "alice", "P1.jsonl"), filepath.Join(outside, "dangling.jsonl"))
	for path, want := range map[string]bool{
		filepath.Join(p.Root, CodebookFile):                      true,
		filepath.Join(p.Root, ConfigFile):                        true,
		filepath.Join(p.Root, ParticipantsFile):                  true,
		filepath.Join(p.Root, "codings", "alice", "P1.jsonl"):    true,
		filepath.Join(p.Root, "codings"):                         true,
		filepath.Join(p.Root, "sources", "P1", SourceMetaFile):   true,
		filepath.Join(p.Root, "history", "alice.jsonl"):          true,
		filepath.Join(p.Root, "memos", "m1.md"):                  true,
		filepath.Join(p.Root, ".grounded", "x"):                  true,
		filepath.Join(p.Root, JournalFile):                       true,
		filepath.Join(p.Root, ".gitattributes"):                  true,
		filepath.Join(p.Root, ".tmp-codebook.yaml.0123456789ab"): true,
		p.Root: true,
		filepath.Join(p.Root, "sources", "..", CodebookFile): true,
		filepath.Join(outside, "cb-link.yaml"):               true,
		filepath.Join(outside, "dangling.jsonl"):             true,
		filepath.Join(p.Root, "report.md"):                   false,
		filepath.Join(p.Root, "exports", "hierarchy.yaml"):   false,
		filepath.Join(outside, "codebook.yaml"):              false,
		filepath.Join(filepath.Dir(p.Root), "x.md"):          false,
	} {
		if _, got := p.OwnedPath(path); got != want {
			t.Errorf("OwnedPath(%s) = %v, want %v", path, got, want)
		}
	}
}
