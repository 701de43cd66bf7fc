package index

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// decodeManifest decodes manifest.json into m, as json.Unmarshal does.
// Every search reads the manifest, an entry per source (150 KB at a
// thousand sources), and encoding/json's reflection made that a fifth of
// a search's time in process; so the layout that manifest.write produces
// (json.MarshalIndent of a manifest) is read by a reader of that layout
// alone, and anything else (a file written by hand or by another version,
// a string with an escape, an unknown field) by json.Unmarshal, whose
// answer is the reference: TestDecodeManifest compares the two.
func decodeManifest(data []byte, m *manifest) error {
	var fast manifest
	if readManifestLayout(data, &fast) {
		*m = fast
		return nil
	}
	return json.Unmarshal(data, m)
}

// manifestReader reads the layout of json.MarshalIndent(m, "", "  ").
type manifestReader struct {
	data []byte
	ok   bool
	// For speakers: the names read, the array the lists are cut from,
	// and the list being read.
	names   map[string]string
	pool    []string
	scratch []string
}

// lit consumes s.
func (r *manifestReader) lit(s string) {
	if r.ok && bytes.HasPrefix(r.data, []byte(s)) {
		r.data = r.data[len(s):]
		return
	}
	r.ok = false
}

// peek reports whether the data go on with s.
func (r *manifestReader) peek(s string) bool {
	return r.ok && bytes.HasPrefix(r.data, []byte(s))
}

// opt consumes s, an optional field's opening, and reports whether the
// data went on with it.
func (r *manifestReader) opt(s string) bool {
	if !r.peek(s) {
		return false
	}
	r.data = r.data[len(s):]
	return true
}

// str consumes a JSON string without escapes or control characters.
func (r *manifestReader) str() string { return string(r.strBytes()) }

// strBytes is str, the string's bytes in data.
func (r *manifestReader) strBytes() []byte {
	if !r.ok || len(r.data) == 0 || r.data[0] != '"' {
		r.ok = false
		return nil
	}
	for i := 1; i < len(r.data); i++ {
		switch c := r.data[i]; {
		case c == '"':
			s := r.data[1:i]
			if !utf8.Valid(s) {
				break
			}
			r.data = r.data[i+1:]
			return s
		case c == '\\' || c < 0x20:
		default:
			continue
		}
		break
	}
	r.ok = false
	return nil
}

// speakers consumes an entry's list of speakers. The names are shared
// between entries (most sources have an Interviewer) and the lists cut
// from one array, so that a thousand entries do not cost thousands of
// allocations for every search.
func (r *manifestReader) speakers() []string {
	r.scratch = r.scratch[:0]
	for r.ok {
		r.lit("\n        ")
		b := r.strBytes()
		name, ok := r.names[string(b)]
		if !ok {
			name = string(b)
			if r.names == nil {
				r.names = map[string]string{}
			}
			r.names[name] = name
		}
		r.scratch = append(r.scratch, name)
		if !r.peek(",") {
			break
		}
		r.lit(",")
	}
	r.lit("\n      ]")
	n := len(r.scratch)
	if cap(r.pool)-len(r.pool) < n {
		r.pool = make([]string, 0, max(512, n))
	}
	start := len(r.pool)
	r.pool = append(r.pool, r.scratch...)
	return r.pool[start : start+n : start+n]
}

// num consumes a non-negative integer as encoding/json writes one.
func (r *manifestReader) num() int {
	i := 0
	for i < len(r.data) && '0' <= r.data[i] && r.data[i] <= '9' {
		i++
	}
	if !r.ok || i == 0 || i > 1 && r.data[0] == '0' || i > 15 {
		r.ok = false
		return 0
	}
	n, err := strconv.Atoi(string(r.data[:i]))
	if err != nil {
		r.ok = false
		return 0
	}
	r.data = r.data[i:]
	return n
}

// readManifestLayout reads data in the layout manifest.write produces,
// and reports whether it was that layout.
func readManifestLayout(data []byte, m *manifest) bool {
	r := &manifestReader{data: data, ok: true}
	r.lit("{\n  \"schema\": ")
	m.Schema = r.num()
	r.lit(",\n  \"gen\": ")
	m.Gen = r.str()
	if r.opt(",\n  \"words\": ") {
		m.Words = r.str()
	}
	r.lit(",\n  \"sources\": ")
	if r.peek("null") {
		r.lit("null")
	} else if r.peek("{}") {
		r.lit("{}")
		m.Sources = map[string]manifestEntry{}
	} else {
		r.lit("{")
		m.Sources = make(map[string]manifestEntry, bytes.Count(data, []byte("\"fingerprint\": ")))
		for r.ok {
			r.lit("\n    ")
			id := r.str()
			var e manifestEntry
			r.lit(": {\n      \"fingerprint\": ")
			e.Fingerprint = r.str()
			r.lit(",\n      \"turns\": ")
			e.Turns = r.num()
			if r.opt(",\n      \"docs\": ") {
				e.Docs = r.num()
			}
			if r.opt(",\n      \"content\": ") {
				e.Content = r.str()
			}
			r.lit(",\n      \"hash\": ")
			e.Hash = r.str()
			if r.opt(",\n      \"speakers\": [") {
				e.Speakers = r.speakers()
			}
			if r.opt(",\n      \"unspoken\": ") {
				e.Unspoken = r.num()
			}
			r.lit("\n    }")
			if !r.ok {
				return false
			}
			m.Sources[id] = e
			if !r.peek(",") {
				break
			}
			r.lit(",")
		}
		r.lit("\n  }")
	}
	r.lit("\n}")
	if r.peek("\n") {
		r.lit("\n")
	}
	return r.ok && len(r.data) == 0
}
