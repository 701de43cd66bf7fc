package project

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
)

// Files of a source directory.
const (
	SourceMetaFile  = "source.yaml"
	SourceTurnsFile = "turns.jsonl"
)

// SourceRel returns the project-relative path of a file of source id.
func SourceRel(id, file string) string { return path.Join(SourcesDir, id, file) }

// CoderSlug turns a coder's name into the name of their files: lower case
// letters, digits, '.', '_' and '-'; other characters become '-'.
func CoderSlug(coder string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(coder)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), ".-")
	if s == "" {
		s = "coder"
	}
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// CheckCoder validates a coder name.
func CheckCoder(name string) (string, error) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return "", errors.New("the coder name is empty: set --coder, GROUNDED_CODER or coder: in grounded.yaml")
	case len(n) > 64:
		return "", fmt.Errorf("coder name %.20q… is longer than 64 characters", n)
	case strings.ContainsAny(n, "\x00\n\r\t/\\"):
		return "", fmt.Errorf("coder name %q contains a slash or a control character", n)
	}
	return n, nil
}

// ShardRel returns the project-relative path of one coder's codings of one
// source.
func ShardRel(coder, source string) string {
	return path.Join(CodingsDir, CoderSlug(coder), source+".jsonl")
}

// HistoryRel returns the project-relative path of a coder's history.
func HistoryRel(coder string) string {
	return path.Join(HistoryDir, CoderSlug(coder)+".jsonl")
}

// MemoRel returns the project-relative path of a memo.
func MemoRel(id string) string { return path.Join(MemosDir, id+".md") }

// ---- codebook ----

// ReadCodebook loads codebook.yaml. A missing file is an empty codebook.
func (p *Project) ReadCodebook() (*codebook.Codebook, error) {
	data, err := os.ReadFile(p.Path(CodebookFile))
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
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(fmt.Sprintf("no source %q in this project ('grounded sources list' shows them)", id))
	}
	if err != nil {
		return nil, err
	}
	var s corpus.Source
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if s.ID != id {
		return nil, fmt.Errorf("%s: id %q does not match its directory %q", file, s.ID, id)
	}
	return &s, nil
}

// ListSources loads every source's metadata, in ingest order.
func (p *Project) ListSources() ([]*corpus.Source, error) {
	entries, err := os.ReadDir(p.Path(SourcesDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*corpus.Source
	for _, e := range entries {
		if !e.IsDir() || corpus.ValidateID(e.Name()) != nil {
			continue
		}
		if _, err := os.Stat(p.Path(SourcesDir, e.Name(), SourceMetaFile)); errors.Is(err, fs.ErrNotExist) {
			continue // a directory left empty by a removal
		}
		s, err := p.ReadSource(e.Name())
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
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if sum := SHA256(data); s.TextSHA256 != "" && sum != s.TextSHA256 {
		return nil, &TamperError{File: file, Source: s.ID}
	}
	turns, err := coding.ReadJSONL[corpus.Turn](file, bytes.NewReader(data))
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
}

func (e *TamperError) Error() string {
	return fmt.Sprintf("%s was changed outside grounded (its checksum does not match source.yaml), so the offsets of its codings can no longer be trusted; restore it (e.g. 'git checkout -- %s'), or correct the transcript with 'grounded ingest --replace --id %s FILE', which re-anchors the codings", e.File, filepath.ToSlash(filepath.Join(SourcesDir, e.Source, SourceTurnsFile)), e.Source)
}

// SHA256 returns the hex SHA-256 of data.
func SHA256(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// EncodeTurns renders turns as JSON Lines.
func EncodeTurns(turns []corpus.Turn) []byte {
	var b []byte
	for _, t := range turns {
		b = coding.AppendJSONL(b, t)
	}
	return b
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
	return p.readCodingFile(p.Path(filepath.FromSlash(ShardRel(coder, source))))
}

func (p *Project) readCodingFile(file string) ([]coding.Coding, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return coding.ReadJSONL[coding.Coding](file, f)
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
	return coding.Merge(runs), nil
}

// ---- memos ----

// ReadMemo loads one memo.
func (p *Project) ReadMemo(id string) (coding.Memo, error) {
	if err := corpus.ValidateID(id); err != nil {
		return coding.Memo{}, fmt.Errorf("memo %w", err)
	}
	file := p.Path(filepath.FromSlash(MemoRel(id)))
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return coding.Memo{}, notFound(fmt.Sprintf("no memo %q ('grounded memo list' shows them)", id))
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
		data, err := os.ReadFile(f)
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

// notFoundError is a message for something that does not exist; it matches
// fs.ErrNotExist with errors.Is without repeating its text.
type notFoundError struct{ msg string }

func notFound(msg string) error               { return &notFoundError{msg} }
func (e *notFoundError) Error() string        { return e.msg }
func (e *notFoundError) Is(target error) bool { return target == fs.ErrNotExist }
