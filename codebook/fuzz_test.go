package codebook

import (
	"encoding/json"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to Decode. It must never panic, and a
// codebook it accepts must encode to a file that decodes to the same items
// (so that grounded never writes a codebook it cannot read back).
//
// Seeds are in testdata/fuzz/FuzzDecode; run it with
//
//	go test ./codebook -run '^$' -fuzz FuzzDecode -fuzztime 1m
func FuzzDecode(f *testing.F) {
	f.Add([]byte(base))
	f.Add([]byte("version: 1\n"))
	for _, tpl := range Templates() {
		f.Add(tpl.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cb, err := Decode("fuzz.yaml", data)
		if err != nil {
			if cb != nil {
				t.Fatalf("Decode returned a codebook and an error: %v", err)
			}
			if !IsDecodeError(err) {
				t.Fatalf("error %T is not an Errors: %v", err, err)
			}
			return
		}
		want := fuzzItems(t, cb)
		out, err := cb.Encode()
		if err != nil {
			t.Fatalf("Encode of an accepted codebook: %v", err)
		}
		back, err := Decode("re.yaml", out)
		if err != nil {
			t.Fatalf("re-encoded codebook does not decode: %v\ninput:\n%s\noutput:\n%s", err, data, out)
		}
		if got := fuzzItems(t, back); got != want {
			t.Fatalf("round trip changed the items\ninput:\n%s\noutput:\n%s\nwant %s\ngot  %s", data, out, want, got)
		}
	})
}

func fuzzItems(t *testing.T, cb *Codebook) string {
	b, err := json.Marshal([]any{cb.Core, cb.Categories, cb.Codes, cb.Relations})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
