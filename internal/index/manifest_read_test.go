package index

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// randomManifest is a manifest with n sources and random optional fields.
func randomManifest(r *rand.Rand, n int) *manifest {
	m := &manifest{Schema: SchemaVersion, Gen: fmt.Sprintf("bleve-%d", r.IntN(100)), Sources: map[string]manifestEntry{}}
	if r.IntN(2) == 0 {
		m.Words = fmt.Sprintf("%x", r.Uint64())
	}
	for i := range n {
		e := manifestEntry{Fingerprint: fmt.Sprintf("%032x", r.Uint64()), Turns: r.IntN(500), Hash: fmt.Sprintf("%032x", r.Uint64())}
		if r.IntN(3) == 0 {
			e.Docs = r.IntN(1000)
		}
		if r.IntN(3) == 0 {
			e.Content = fmt.Sprintf("%032x", r.Uint64())
		}
		if r.IntN(2) == 0 {
			for k := range 1 + r.IntN(3) {
				e.Speakers = append(e.Speakers, fmt.Sprintf("Speaker %d", k))
			}
		}
		if r.IntN(3) == 0 {
			e.Unspoken = 1 + r.IntN(5)
		}
		m.Sources[fmt.Sprintf("P%d", i)] = e
	}
	return m
}

// compareDecoders checks that decodeManifest and json.Unmarshal agree on
// data.
func compareDecoders(t *testing.T, data []byte) {
	t.Helper()
	var got, want manifest
	gerr := decodeManifest(data, &got)
	werr := json.Unmarshal(data, &want)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("%q: error %v, json.Unmarshal: %v", data, gerr, werr)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\ndecodeManifest %+v\njson.Unmarshal %+v", data, got, want)
	}
}

// The manifest's own layout is read by the fast reader, with the answer
// of json.Unmarshal; every change to it (a byte flipped, inserted,
// removed) gives json.Unmarshal's answer too.
func TestDecodeManifest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 40} {
		m := randomManifest(r, n)
		data, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, '\n')
		var fast manifest
		if !readManifestLayout(data, &fast) {
			t.Fatalf("the layout of manifest.write is not read fast:\n%s", data)
		}
		compareDecoders(t, data)
		for range 300 {
			b := append([]byte(nil), data...)
			i := r.IntN(len(b))
			switch r.IntN(3) {
			case 0:
				const alphabet = " \n\"\\{}:,0123456789abcdefnul\xff"
				b[i] = alphabet[r.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b = append(b[:i], append([]byte{" \n\"\\0,"[r.IntN(6)]}, b[i:]...)...)
			}
			compareDecoders(t, b)
		}
	}
	for _, s := range []string{
		`{"schema": 4, "gen": "bleve-1", "sources": null}`,
		"{\n  \"schema\": 4,\n  \"gen\": \"bleve-1\",\n  \"sources\": null\n}\n",
		"{\n  \"schema\": 4,\n  \"gen\": \"bleve-1\",\n  \"sources\": {}\n}\n",
		"{\n  \"schema\": 4,\n  \"gen\": \"b\\u006ceve-1\",\n  \"sources\": {}\n}\n",
		"{\n  \"schema\": 04,\n  \"gen\": \"bleve-1\",\n  \"sources\": {}\n}\n",
		"{\n  \"schema\": 4,\n  \"gen\": \"bleve-1\",\n  \"sources\": {\n    \"P1\": {\n      \"fingerprint\": \"a\",\n      \"turns\": 1,\n      \"hash\": \"b\"\n    },\n    \"P1\": {\n      \"fingerprint\": \"c\",\n      \"turns\": 2,\n      \"hash\": \"d\"\n    }\n  }\n}\n",
	} {
		compareDecoders(t, []byte(s))
	}
}
