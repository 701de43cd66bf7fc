package corpus

import (
	"archive/zip"
	"bytes"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

func TestZZHang(t *testing.T) {
	seed := []byte(`<w:document ` + wordNS + `><w:body>` + docxBodyFixture + `</w:body></w:document>`)
	r := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 3000; i++ {
		data := append([]byte(nil), seed...)
		for k := 0; k < 1+r.IntN(5); k++ {
			p := r.IntN(len(data))
			switch r.IntN(3) {
			case 0:
				data[p] = byte(r.IntN(256))
			case 1:
				q := min(len(data), p+r.IntN(40))
				data = append(data[:p], data[q:]...)
			case 2:
				data = append(data[:p], append([]byte{byte(r.IntN(256))}, data[p:]...)...)
			}
			if len(data) == 0 {
				data = []byte("x")
			}
		}
		done := make(chan bool)
		go func() {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("word/document.xml")
			w.Write(data)
			zw.Close()
			Parse("f.docx", buf.Bytes())
			Parse("g.docx", data)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			os.WriteFile("/tmp/hang.xml", data, 0o644)
			panic("hang")
		}
	}
}
