package project

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func projFile(p *Project, rel string) string { return p.Path(filepath.FromSlash(rel)) }

// TestUndoPutFile: undo of a change made with PutFile puts back every file
// it touched, in the state before the change: a new file is removed, a
// changed text or binary file gets its old bytes back, a removed file
// comes back. The entry records each file once, with its first content.
func TestUndoPutFile(t *testing.T) {
	p := setup(t)
	turnsRel := SourceRel("P1", SourceTurnsFile)
	binRel := SourceRel("P1", "original.bin")
	bin1 := []byte{0xff, 0xfe, 0, 1}
	bin2 := []byte{0xff, 0xfe, 0, 2}
	edit(t, p, "lead", "prepare", func(e *Edit) error { return e.PutFile(binRel, bin1) })
	turnsBefore := readFile(t, projFile(p, turnsRel))
	speakersRel := SpeakersFile
	if exists(projFile(p, speakersRel)) {
		t.Fatalf("%s exists before the test", speakersRel)
	}

	entry := edit(t, p, "lead", "change", func(e *Edit) error {
		for _, f := range []struct {
			rel  string
			data []byte
		}{
			{turnsRel, []byte("first\n")},
			{speakersRel, []byte("new\n")},
			{binRel, bin2},
			{turnsRel, []byte("second\n")},
		} {
			if err := e.PutFile(f.rel, f.data); err != nil {
				return err
			}
		}
		return nil
	})
	if len(entry.Files) != 3 {
		t.Fatalf("entry records %d files, want 3: %+v", len(entry.Files), entry.Files)
	}
	tf := entry.Files[0]
	if tf.Path != turnsRel || tf.Before == nil || *tf.Before != turnsBefore || tf.After == nil || *tf.After != "second\n" {
		t.Errorf("turns change: %+v", tf)
	}
	if sf := entry.Files[1]; sf.Before != nil || sf.BeforeBinary != nil || sf.After == nil || *sf.After != "new\n" {
		t.Errorf("new file: %+v", sf)
	}
	if bf := entry.Files[2]; !bytes.Equal(bf.BeforeBinary, bin1) || !bytes.Equal(bf.AfterBinary, bin2) || bf.Before != nil || bf.After != nil {
		t.Errorf("binary change: %+v", bf)
	}
	if _, err := undo(t, p, "lead"); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, projFile(p, turnsRel)); got != turnsBefore {
		t.Errorf("turns after undo: %q", got)
	}
	if exists(projFile(p, speakersRel)) {
		t.Error("a file the change created is still there after undo")
	}
	if got, _ := os.ReadFile(projFile(p, binRel)); !bytes.Equal(got, bin1) {
		t.Errorf("binary after undo: %x", got)
	}

	// A removal is undone too.
	edit(t, p, "lead", "remove", func(e *Edit) error { return e.PutFile(binRel, nil) })
	if exists(projFile(p, binRel)) {
		t.Fatal("PutFile(nil) left the file")
	}
	if _, err := undo(t, p, "lead"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(projFile(p, binRel)); !bytes.Equal(got, bin1) {
		t.Errorf("removed binary after undo: %x", got)
	}
}

// TestUndoPutFileRefused: undo refuses, naming the file, when a file the
// change wrote has changed since or is gone, and changes nothing.
func TestUndoPutFileRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after func(t *testing.T, path string)
	}{
		{"edited", func(t *testing.T, path string) { writeTestFile(t, path, "by hand\n") }},
		{"removed", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := setup(t)
			edit(t, p, "lead", "speakers", func(e *Edit) error { return e.PutFile(SpeakersFile, []byte("x\n")) })
			before := readFile(t, projFile(p, SourceRel("P1", SourceTurnsFile)))
			edit(t, p, "lead", "change", func(e *Edit) error {
				if err := e.PutFile(SourceRel("P1", SourceTurnsFile), []byte("changed\n")); err != nil {
					return err
				}
				return e.PutFile(SpeakersFile, []byte("y\n"))
			})
			tc.after(t, projFile(p, SpeakersFile))
			_, err := undo(t, p, "lead")
			if err == nil || !strings.Contains(err.Error(), `cannot undo "change": `+SpeakersFile+" has changed since") {
				t.Fatalf("undo: %v", err)
			}
			if got := readFile(t, projFile(p, SourceRel("P1", SourceTurnsFile))); got == before {
				t.Error("a refused undo restored a file")
			}
		})
	}
}
