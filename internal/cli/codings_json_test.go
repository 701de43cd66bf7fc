package cli

import (
	"bytes"
	"reflect"
	"testing"
)

// viaEncodingJSON is the reference: what writeJSON prints for the slice.
func viaEncodingJSON(t testing.TB, cs []codingJSON) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := writeJSON(&b, cs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func viaStream(t testing.TB, cs []codingJSON) []byte {
	t.Helper()
	var b bytes.Buffer
	j := newCodingsJSONWriter(&b)
	for _, c := range cs {
		j.add(c)
	}
	if err := j.close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// FuzzCodingsJSON requires the streaming encoder to print exactly what
// encoding/json prints, for any strings (invalid UTF-8, control
// characters, U+2028, quotes, HTML), numbers and flags, and for arrays of
// zero to three codings.
func FuzzCodingsJSON(f *testing.F) {
	f.Add(uint8(1), "f1ec27921d3e", "Being non-judgemental", "P0001#1:0-40", "P0001", 1, 0, 40,
		"Used told was call so the in read lot I.", "alice", "2026-01-05T09:02:56Z", "", false)
	f.Add(uint8(0), "", "", "", "", 0, 0, 0, "", "", "", "", false)
	f.Add(uint8(2), "id", "Café \"quoted\" \\ <b>&</b>", "P:0-1", "P", 0, -1, 1<<40,
		"line\nbreak\ttab\r\x00\x01\x1f\x7f \b \f", "王芳", "x", "memo\u2028\u2029", true)
	f.Add(uint8(3), "\xff\xfe", "a\xc3", "\xed\xa0\x80", "\U0001F600", -5, 7, 9,
		"\u200b\u202e\x1b[31m", "Zoë", "", "m", true)
	f.Fuzz(func(t *testing.T, n uint8, id, code, ref, source string, turn, start, end int,
		quote, coder, created, memo string, orphaned bool) {
		c := codingJSON{ID: id, Code: code, Ref: ref, Source: source, Turn: turn, Start: start, End: end,
			Quote: quote, Coder: coder, Created: created, Memo: memo, Orphaned: orphaned}
		cs := []codingJSON{} // codings list prints [] for none
		for i := range int(n % 4) {
			d := c
			if i == 1 { // vary the optional fields inside one array
				d.Memo, d.Orphaned = "", !orphaned
			}
			cs = append(cs, d)
		}
		want, got := viaEncodingJSON(t, cs), viaStream(t, cs)
		if !bytes.Equal(want, got) {
			t.Fatalf("streamed JSON differs from encoding/json:\nwant %q\n got %q", want, got)
		}
	})
}

// TestCodingsJSONCoversShape sets every field of codingJSON, found by
// reflection, so that a field added to the shape (serve.Coding) and not to
// the streaming encoder fails here.
func TestCodingsJSONCoversShape(t *testing.T) {
	var c codingJSON
	v := reflect.ValueOf(&c).Elem()
	for i := range v.NumField() {
		switch fv := v.Field(i); fv.Kind() {
		case reflect.String:
			fv.SetString("value of " + v.Type().Field(i).Name)
		case reflect.Int, reflect.Int64, reflect.Int32:
			fv.SetInt(int64(i + 1))
		case reflect.Bool:
			fv.SetBool(true)
		default:
			t.Fatalf("field %s has kind %s, which the streaming encoder does not know", v.Type().Field(i).Name, fv.Kind())
		}
	}
	cs := []codingJSON{c, c}
	if want, got := viaEncodingJSON(t, cs), viaStream(t, cs); !bytes.Equal(want, got) {
		t.Fatalf("streamed JSON differs from encoding/json:\nwant %s\n got %s", want, got)
	}
	if want, got := viaEncodingJSON(t, []codingJSON{}), viaStream(t, nil); !bytes.Equal(want, got) {
		t.Fatalf("empty list: want %q, got %q", want, got)
	}
}
