package agreement

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"strings"
	"testing"
)

// dump renders d compactly for comparisons: "units|coders|rows", with "."
// for a missing value.
func dump(d *Data) string {
	var b strings.Builder
	b.WriteString(strings.Join(d.Units, ","))
	b.WriteString("|")
	b.WriteString(strings.Join(d.Coders, ","))
	for _, row := range d.Values {
		b.WriteString("|")
		for c, v := range row {
			if c > 0 {
				b.WriteString(",")
			}
			if v == nil {
				b.WriteString(".")
			} else {
				b.WriteString(*v)
			}
		}
	}
	return b.String()
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unit column", "unit,ann,bob\nt1,a,b\nt2,,c\n", "t1,t2|ann,bob|a,b|.,c"},
		{"id column", "ID,ann,bob\nt1,a,b\n", "t1|ann,bob|a,b"},
		{"empty first header cell", ",ann,bob\nt1,a,b\n", "t1|ann,bob|a,b"},
		{"no unit column", "ann,bob\na,b\n,c\n", "1,2|ann,bob|a,b|.,c"},
		{"byte order mark", "\uFEFFunit,ann\nt1,x\n", "t1|ann|x"},
		{"byte order mark before quote", "\uFEFF\"unit\",\"ann\"\nt1,x\n", "t1|ann|x"},
		{"space trimmed", " unit , ann , bob \n t1 , a b ,  \n", "t1|ann,bob|a b,."},
		{"quoted", "unit,\"ann, jr\"\n\"t,1\",\"a\"\"b\"\n", "t,1|ann, jr|a\"b"},
		{"blank records skipped", "unit,ann,bob\n,,\nt1,a,b\n , ,\n\n", "t1|ann,bob|a,b"},
		{"blank records do not number", "ann,bob\n,\na,b\n", "1|ann,bob|a,b"},
		{"header only", "unit,ann,bob\n", "|ann,bob"},
		{"crlf", "unit,ann\r\nt1,1\r\n", "t1|ann|1"},
		{"line breaks in cells", "unit,\"a\r\nb\"\nt1,\"x\ry\r\r\nz\"\n", "t1|a\nb|x\ny\nz"}, // csv already folds \r\n, so \r\r\n is one break
		{"all missing unit kept", "unit,ann,bob\nt1,,\n", "t1|ann,bob|.,."},
	}
	for _, tt := range tests {
		d, err := ReadCSV(strings.NewReader(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := dump(d); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		line, column int
		err          error
	}{
		{"empty", "", 1, 0, ErrNoHeader},
		{"blank lines only", "\n\n", 1, 0, ErrNoHeader},
		{"no coders", "unit\nt1\n", 1, 0, ErrNoCoders},
		{"empty coder", "unit,ann,,bob\n", 1, 3, ErrEmptyName},
		{"duplicate coder", "ann,bob,ann\n", 1, 3, ErrDuplicateName},
		{"short record", "unit,ann,bob\nt1,a,b\nt2,a\n", 3, 0, csv.ErrFieldCount},
		{"long record", "unit,ann\nt1,a,b\n", 2, 0, csv.ErrFieldCount},
		{"empty unit id", "unit,ann,bob\nt1,a,b\n,a,b\n", 3, 1, ErrEmptyName},
		{"duplicate unit", "unit,ann\nt1,a\nt2,b\nt1,c\n", 4, 1, ErrDuplicateName},
		{"bare quote", "unit,ann\nt1,a\"b\n", 2, 0, csv.ErrBareQuote},
		{"unterminated quote", "unit,ann\nt1,\"ab\n", 2, 0, csv.ErrQuote},
	}
	for _, tt := range tests {
		_, err := ReadCSV(strings.NewReader(tt.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want *ParseError", tt.name, err)
			continue
		}
		if pe.Line != tt.line || pe.Column != tt.column || !errors.Is(err, tt.err) {
			t.Errorf("%s: got line %d column %d err %v; want line %d column %d err %v", tt.name, pe.Line, pe.Column, pe.Err, tt.line, tt.column, tt.err)
		}
		if !strings.HasPrefix(err.Error(), "agreement: csv line ") {
			t.Errorf("%s: message %q", tt.name, err)
		}
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	d := krippendorff2011(t)
	d.Coders[1] = "B, \"the second\""
	var buf bytes.Buffer
	if err := WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if dump(back) != dump(d) {
		t.Errorf("round trip:\n got %s\nwant %s", dump(back), dump(d))
	}
	// Unnamed units are numbered.
	d.Units = nil
	buf.Reset()
	if err := WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "unit,A,\"B, \"\"the second\"\"\",C,D\n1,1,1,,1\n") {
		t.Errorf("WriteCSV output:\n%s", buf.String())
	}
	if err := WriteCSV(&buf, &Data{Coders: []string{"a"}, Values: [][]*string{{nil, nil}}}); err == nil {
		t.Error("WriteCSV accepted ragged Data")
	}
}

// FuzzReadCSV checks that ReadCSV never panics, that every error is a
// *ParseError, that accepted data are well formed and survive a round trip
// through WriteCSV, and that no coefficient panics or returns a non-finite
// value on them.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n12,,3,,\n"))
	f.Add([]byte("coder1,coder2\nyes,no\nno,\n"))
	f.Add([]byte("\uFEFF,\"a\"\"b\",c\r\nu1,\"x,y\",\n , ,\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := ReadCSV(bytes.NewReader(in))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if pe.Line < 1 || pe.Column < 0 {
				t.Fatalf("bad position in %v", err)
			}
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("ReadCSV returned invalid Data: %v", err)
		}
		if len(d.Coders) == 0 || len(d.Units) != len(d.Values) {
			t.Fatalf("bad shape: %d coders, %d units, %d rows", len(d.Coders), len(d.Units), len(d.Values))
		}
		names := map[string]bool{}
		for _, c := range d.Coders {
			if c == "" || c != strings.TrimSpace(c) || names[c] {
				t.Fatalf("bad coder name %q", c)
			}
			names[c] = true
		}
		for _, row := range d.Values {
			for _, v := range row {
				if v != nil && (*v == "" || *v != strings.TrimSpace(*v)) {
					t.Fatalf("bad value %q", *v)
				}
			}
		}

		var buf bytes.Buffer
		if err := WriteCSV(&buf, d); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		back, err := ReadCSV(&buf)
		if err != nil {
			t.Fatalf("ReadCSV(WriteCSV(d)): %v\n%q", err, buf.String())
		}
		if dump(back) != dump(d) {
			t.Fatalf("round trip:\n got %q\nwant %q", dump(back), dump(d))
		}

		check := func(name string, r Result, err error) {
			if err != nil {
				return // invalid or undefined for these values
			}
			if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) || r.Value > 1+1e-9 {
				t.Fatalf("%s: value %v, want finite and at most 1", name, r.Value)
			}
		}
		r, err := PercentAgreement(d)
		check("percent", r, err)
		for s := Nominal; s <= Ratio; s++ {
			r, err := KrippendorffAlpha(d, s)
			check(s.String(), r, err)
		}
		r, err = FleissKappa(d)
		check("fleiss", r, err)
		if len(d.Coders) == 2 {
			r, err = CohenKappa(d)
			check("cohen", r, err)
		}
	})
}
