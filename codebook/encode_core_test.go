package codebook

import (
	"strings"
	"testing"
)

// TestEncodeCoreIntoEmptyKey: a hand-written codebook may hold an empty
// "core:" key (a placeholder to fill in later). Setting the core must write
// it there; it was once added to the null value and silently dropped.
func TestEncodeCoreIntoEmptyKey(t *testing.T) {
	for _, in := range []string{
		"core:\nversion: 1\ncategories:\n  - name: A\n",         // the first key
		"version: 1\ncore: # to do\ncategories:\n  - name: A\n", // later, with a comment
		"version: 1\ncore: ~\ncategories:\n  - name: A\n",       // an explicit null
	} {
		cb, err := Decode("codebook.yaml", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cb.SetCore("Creating Connection", []string{"A"}); err != nil {
			t.Fatal(err)
		}
		out, err := cb.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode("codebook.yaml", out)
		if err != nil {
			t.Fatalf("%q: encoded codebook does not decode: %v\n%s", in, err, out)
		}
		if back.Core == nil || back.Core.Name != "Creating Connection" || strings.Join(back.Core.Stages, "|") != "A" {
			t.Errorf("%q: core lost on encode:\n%s", in, out)
		}
		if strings.Count(string(out), "core:") != 1 {
			t.Errorf("%q: want one core key:\n%s", in, out)
		}
	}
}

// TestEncodeKeepsStagesComment: the comment after the list of stages
// survives an encode, with or without an edit of the core. It was lost on
// every encode, since the list is rebuilt to follow the stages.
func TestEncodeKeepsStagesComment(t *testing.T) {
	in := "version: 1\ncore:\n  name: X\n  stages: [A, B] # in the order participants live them\ncategories:\n  - name: A\n  - name: B\n"
	for _, edit := range []func(cb *Codebook){
		func(*Codebook) {},
		func(cb *Codebook) { cb.Core.Description = "new" },
		func(cb *Codebook) { cb.Core.Stages = []string{"B", "A"} },
	} {
		cb, err := Decode("codebook.yaml", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		edit(cb)
		out, err := cb.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), "] # in the order participants live them\n") {
			t.Errorf("comment lost:\n%s", out)
		}
	}
}
