package project

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Files of a source directory.
const (
	SourceMetaFile  = "source.yaml"
	SourceTurnsFile = "turns.jsonl"
)

// SourceRel returns the project-relative path of a file of source id.
func SourceRel(id, file string) string { return path.Join(SourcesDir, id, file) }

// ShardRel returns the project-relative path of one coder's codings of one
// source (for a project whose coder files are not legacy ones, see
// Project.ShardRel).
func ShardRel(coder, source string) string {
	return path.Join(CodingsDir, CoderSlug(coder), source+".jsonl")
}

// HistoryRel returns the project-relative path of a coder's history (see
// Project.HistoryRel).
func HistoryRel(coder string) string {
	return path.Join(HistoryDir, CoderSlug(coder)+".jsonl")
}

// MemoRel returns the project-relative path of a memo.
func MemoRel(id string) string { return path.Join(MemosDir, id+".md") }

// ---- codebook ----

// ReadCodebook loads codebook.yaml. A missing file is an empty codebook.
func (p *Project) ReadCodebook() (*codebook.Codebook, error) {
	data, err := p.readStoreFile(CodebookFile)
	if errors.Is(err, fs.ErrNotExist) {
		return codebook.New(), nil
	}
	if err != nil {
		return nil, err
	}
	return codebook.Decode(p.Path(CodebookFile), data)
}

// ---- sources ----

// ReadSource loads the metadata of one source. A source that does not exist
// gives an error wrapping fs.ErrNotExist that says so.
func (p *Project) ReadSource(id string) (*corpus.Source, error) {
	if err := corpus.ValidateID(id); err != nil {
		return nil, fmt.Errorf("source %w", err)
	}
	file := p.Path(SourcesDir, id, SourceMetaFile)
	data, err := p.readStoreFile(SourceRel(id, SourceMetaFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &errs.NotFound{Kind: errs.KindSource, Name: id, In: "this project"}
	}
	if err != nil {
		return nil, err
	}
	s, ok := decodeSourceFast(data) // sourceyaml.go
	if !ok {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&s); err != nil {
			return nil, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
		}
	}
	if s.ID != id {
		return nil, fmt.Errorf("%s: id %q does not match its directory %q", file, s.ID, id)
	}
	if err := checkOriginal(file, s.Original); err != nil {
		return nil, err
	}
	return &s, nil
}

// ListSources loads every source's metadata, in ingest order.
func (p *Project) ListSources() ([]*corpus.Source, error) {
	ids, err := p.SourceIDs()
	if err != nil {
		return nil, err
	}
	var out []*corpus.Source
	for _, id := range ids {
		if _, err := os.Stat(p.Path(SourcesDir, id, SourceMetaFile)); errors.Is(err, fs.ErrNotExist) {
			continue // a directory left empty by a removal
		}
		s, err := p.ReadSource(id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	SortSources(out)
	return out, nil
}

// SortSources orders sources by ingest time, then id.
func SortSources(ss []*corpus.Source) {
	slices.SortFunc(ss, func(a, b *corpus.Source) int {
		if c := a.Ingested.Compare(b.Ingested); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// ReadTurns loads the turns of a source and checks them against the
// checksum recorded at ingest.
func (p *Project) ReadTurns(s *corpus.Source) ([]corpus.Turn, error) {
	file := p.Path(SourcesDir, s.ID, SourceTurnsFile)
	data, err := p.readStoreFile(SourceRel(s.ID, SourceTurnsFile))
	if err != nil {
		return nil, err
	}
	if sum := SHA256(data); s.TextSHA256 != "" && sum != s.TextSHA256 {
		return nil, &TamperError{File: file, Source: s.ID, CRLF: crlfOnly(data, s.TextSHA256)}
	}
	turns, err := coding.DecodeJSONL[corpus.Turn](file, data)
	if err != nil {
		return nil, err
	}
	for i, t := range turns {
		if t.N != i+1 {
			return nil, fmt.Errorf("%s:%d: turn number %d, want %d", file, i+1, t.N, i+1)
		}
	}
	return turns, nil
}

// TamperError is returned when a source's text was changed behind the
// tool's back.
type TamperError struct {
	File, Source string
	// CRLF is set when the only change is LF turned into CRLF (crlf.go).
	CRLF bool
}

func (e *TamperError) Error() string {
	if e.CRLF {
		return e.crlfMessage()
	}
	return fmt.Sprintf("%s was changed outside grounded (its checksum does not match source.yaml), so the offsets of its codings can no longer be trusted", e.File)
}

// Rel returns the project-relative path of the changed file.
func (e *TamperError) Rel() string {
	return path.Join(SourcesDir, e.Source, SourceTurnsFile)
}

// SHA256 returns the hex SHA-256 of data.
func SHA256(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// EncodeTurns renders turns as JSON Lines.
func EncodeTurns(turns []corpus.Turn) []byte {
	// One buffer sized for the text and a line's fields, and one encoder:
	// a 50 MB turn used to pass through a temporary buffer of its own and
	// an append-grown result, several times its size at once.
	size := 0
	for _, t := range turns {
		size += len(t.Text) + len(t.Speaker) + 96
	}
	var buf bytes.Buffer
	buf.Grow(size + size/16)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, t := range turns {
		if err := enc.Encode(t); err != nil {
			panic(err) // only plain data types are encoded
		}
	}
	return buf.Bytes()
}

// EncodeSource renders source metadata as YAML.
func EncodeSource(s *corpus.Source) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	c := *s
	c.Ingested = c.Ingested.UTC()
	_ = enc.Encode(&c)
	return b.Bytes()
}

// ---- codings ----

// ReadShard loads one coder's codings of one source (none when the file
// does not exist).
func (p *Project) ReadShard(coder, source string) ([]coding.Coding, error) {
	return p.readCodingFile(p.Path(filepath.FromSlash(p.ShardRel(coder, source))))
}

func (p *Project) readCodingFile(file string) ([]coding.Coding, error) {
	f, err := p.openStoreFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readOpenFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return coding.DecodeJSONL[coding.Coding](file, data)
}

// readOpenFile reads f to its end into a buffer of its size, as
// os.ReadFile does (io.ReadAll grows its buffer from 512 bytes, copying
// and clearing it at every step).
func readOpenFile(f *os.File) ([]byte, error) {
	size := 512
	if st, err := f.Stat(); err == nil && st.Size() < 1<<30 {
		size = int(st.Size()) + 1 // one more, to see the end of the file in one read
	}
	data := make([]byte, 0, size)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// CodingFiles lists the coding files, optionally only those of one source.
func (p *Project) CodingFiles(source string) ([]string, error) {
	pattern := "*.jsonl"
	if source != "" {
		pattern = source + ".jsonl"
	}
	files, err := filepath.Glob(p.Path(CodingsDir, "*", pattern))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	return files, nil
}

// ReadCodings loads the codings of every coder, of one source or (source
// "") of all, sorted.
func (p *Project) ReadCodings(source string) ([]coding.Coding, error) {
	files, err := p.CodingFiles(source)
	if err != nil {
		return nil, err
	}
	runs, err := p.readCodingFiles(files)
	if err != nil {
		return nil, err
	}
	return coding.MergeSorted(runs), nil
}

// ---- memos ----

// ReadMemo loads one memo.
func (p *Project) ReadMemo(id string) (coding.Memo, error) {
	if err := corpus.ValidateID(id); err != nil {
		return coding.Memo{}, fmt.Errorf("memo %w", err)
	}
	file := p.Path(filepath.FromSlash(MemoRel(id)))
	data, err := p.readStoreFile(MemoRel(id))
	if errors.Is(err, fs.ErrNotExist) {
		return coding.Memo{}, &errs.NotFound{Kind: errs.KindMemo, Name: id}
	}
	if err != nil {
		return coding.Memo{}, err
	}
	return coding.DecodeMemo(file, data)
}

// ListMemos loads every memo, oldest first.
func (p *Project) ListMemos() ([]coding.Memo, error) {
	files, err := filepath.Glob(p.Path(MemosDir, "*.md"))
	if err != nil {
		return nil, err
	}
	var out []coding.Memo
	for _, f := range files {
		data, err := p.readStoreFile(path.Join(MemosDir, filepath.Base(f)))
		if err != nil {
			return nil, err
		}
		m, err := coding.DecodeMemo(f, data)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b coding.Memo) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// Now returns the current time, or GROUNDED_NOW (RFC 3339) when set, so
// that tests and demos can produce the same output every time.
func Now() time.Time {
	if s := os.Getenv("GROUNDED_NOW"); s != "" {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UTC()
		}
	}
	return time.Now().UTC().Truncate(time.Second)
}
