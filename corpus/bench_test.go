package corpus

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// genTranscript renders n generated turns as WebVTT cues (each turn split
// over two Zoom-style cues) and as plain text.
func genTranscript(n int) (vtt, txt string) {
	r := rand.New(rand.NewPCG(7, 8))
	var v, t strings.Builder
	v.WriteString("WEBVTT\n\n")
	speakers := []string{"Interviewer", "Sam Okafor"}
	ms := int64(0)
	cue := 1
	for i := range n {
		sp := speakers[i%2]
		text := strings.ReplaceAll(genText(r), "\n", " ")
		half := len(text) / 2
		for half < len(text) && text[half] != ' ' {
			half++
		}
		for _, part := range []string{text[:half], text[half:]} {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			fmt.Fprintf(&v, "%d\n%s --> %s\n%s: %s\n\n", cue, formatClock(ms), formatClock(ms+2500), sp, part)
			cue++
			ms += 2500
		}
		fmt.Fprintf(&t, "%s: %s\n\n", sp, text)
	}
	return v.String(), t.String()
}

func BenchmarkParseVTT(b *testing.B) {
	vtt, _ := genTranscript(200)
	data := []byte(vtt)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("b.vtt", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseText(b *testing.B) {
	_, txt := genTranscript(200)
	data := []byte(txt)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("b.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDocx(b *testing.B) {
	var body strings.Builder
	_, txt := genTranscript(200)
	for _, p := range strings.Split(txt, "\n\n") {
		sp, rest, _ := strings.Cut(p, ": ")
		body.WriteString(para(run(sp+":", true), run(" "+rest, false)))
	}
	data := buildDocx(b, body.String(), nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("b.docx", data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLargeTextMemory parses a 50 MB text transcript and checks that the
// bytes allocated stay within a few times its size.
func TestLargeTextMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	lower(t, &maxTurns, 1<<30) // more turns than MaxTurns: this test is about bytes
	_, txt := genTranscript(2000)
	var sb strings.Builder
	for sb.Len() < 50<<20 {
		sb.WriteString(txt)
	}
	data := []byte(sb.String())
	sb.Reset()
	txt = ""
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tr, err := Parse("big.txt", data)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d MB input, %d turns, %d MB allocated in total", len(data)>>20, len(tr.Turns), alloc>>20)
	if alloc > 5*uint64(len(data)) {
		t.Errorf("parsing %d MB allocated %d MB", len(data)>>20, alloc>>20)
	}
}

func TestLargeVTTMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	lower(t, &maxTurns, 1<<30) // a 50 MB WebVTT file has more cues than MaxTurns: this test is about bytes
	vtt, _ := genTranscript(2000)
	body := strings.TrimPrefix(vtt, "WEBVTT\n\n")
	var sb strings.Builder
	sb.WriteString("WEBVTT\n\n")
	for sb.Len() < 50<<20 {
		sb.WriteString(body)
	}
	data := []byte(sb.String())
	sb.Reset()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tr, err := Parse("big.vtt", data)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d MB input, %d turns, %d MB allocated in total", len(data)>>20, len(tr.Turns), alloc>>20)
	if alloc > 5*uint64(len(data)) {
		t.Errorf("parsing %d MB allocated %d MB", len(data)>>20, alloc>>20)
	}
}
