package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// ParticipantsCacheFile is the cache of the decoded participants.yaml in
// the index directory (see Participants).
const ParticipantsCacheFile = "participants.cache"

// participantsCacheHead is the first line of the cache: its format.
const participantsCacheHead = "grounded participants cache 1\n"

// Participants is project.ReadParticipants, the participants and their
// attributes, read without decoding participants.yaml when it has not
// changed: decoding its YAML takes tens of milliseconds at a thousand
// participants, more than the search that an attribute filter restricts.
//
// The cache is a file in the index directory keyed by the SHA-256 of
// participants.yaml's content, so it is never stale: a file whose content
// differs by one byte, whatever its time stamps, has another key, and is
// decoded (and the cache written again, when the directory can be
// written). The cache also holds the SHA-256 of its own payload: a cache
// cut short or changed is not used. A participants.yaml that cannot be
// decoded gives ReadParticipants' error and is never cached.
//
// The cache's format (lines, each value a Go-quoted string): the head
// line, the key, the payload's hash, then the payload: the attribute
// names on one line (- when there is no list), then one line per participant, its id followed by
// its attributes as name and value pairs, in name order.
func Participants(p *project.Project) (*corpus.Participants, error) {
	return cachedDecode(p, contentCache[*corpus.Participants]{
		file:   project.ParticipantsFile,
		cache:  ParticipantsCacheFile,
		read:   p.ReadParticipants,
		decode: project.DecodeParticipants,
		encode: encodeParticipantsCache,
		load:   decodeParticipantsCache,
	})
}

// contentCache is how a project file is decoded through a cache keyed by
// its content (Participants, SpeakerRoles): file is its name in the
// project, cache the cache's in the index directory; read is the
// project's own reader, for a file that does not exist; decode decodes
// the file's content (path for its errors); encode and load write and
// read the cache for a key (load reports false for a cache of another
// key, damaged or of another format).
type contentCache[T any] struct {
	file, cache string
	read        func() (T, error)
	decode      func(path string, data []byte) (T, error)
	encode      func(v T, key string) []byte
	load        func(c []byte, key string) (T, bool)
}

// cachedDecode reads c.file through the store's path checks and returns
// it decoded, from the cache when the cache's key is the SHA-256 of the
// file's content, else decoded and cached (when the index directory
// exists; a cache that cannot be written, in a read-only project, costs
// only the decoding next time). A file that cannot be decoded gives
// decode's error and is never cached.
func cachedDecode[T any](p *project.Project, c contentCache[T]) (T, error) {
	var zero T
	data, err := p.ReadFileRel(c.file)
	if errors.Is(err, fs.ErrNotExist) {
		return c.read()
	}
	if err != nil {
		return zero, err
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	cache := filepath.Join(p.IndexDir(), c.cache)
	if b, ok := readCache(cache, 2*len(data)+64<<10); ok {
		if v, ok := c.load(b, key); ok {
			return v, nil
		}
	}
	v, err := c.decode(p.Path(c.file), data)
	if err != nil {
		return zero, err
	}
	if _, err := os.Stat(p.IndexDir()); err == nil {
		_ = fsx.WriteFile(cache, c.encode(v, key), 0o644)
	}
	return v, nil
}

// readCache reads a cache file that is a regular file of at most limit
// bytes (not a symlink, a device or a FIFO that a project from elsewhere
// might hold in its place).
func readCache(path string, limit int) ([]byte, bool) {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > int64(limit) {
		return nil, false
	}
	c, err := os.ReadFile(path)
	return c, err == nil && len(c) <= limit
}

// encodeParticipantsCache is the cache of ps for the key.
func encodeParticipantsCache(ps *corpus.Participants, key string) []byte {
	var body []byte
	if ps.Attributes == nil {
		body = append(body, '-')
	}
	for i, a := range ps.Attributes {
		if i > 0 {
			body = append(body, ' ')
		}
		body = strconv.AppendQuote(body, a)
	}
	body = append(body, '\n')
	for _, pt := range ps.List {
		body = strconv.AppendQuote(body, pt.ID)
		names := make([]string, 0, len(pt.Attributes))
		for k := range pt.Attributes {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			body = append(body, ' ')
			body = strconv.AppendQuote(body, k)
			body = append(body, ' ')
			body = strconv.AppendQuote(body, pt.Attributes[k])
		}
		body = append(body, '\n')
	}
	return frameCache(participantsCacheHead, key, body) // speakers.go
}

// decodeParticipantsCache reads a cache written for the key; ok is false
// when it is of another key or format, or damaged.
func decodeParticipantsCache(c []byte, key string) (ps *corpus.Participants, ok bool) {
	body, ok := unframeCache(c, participantsCacheHead, key)
	if !ok {
		return nil, false
	}
	text := string(body) // one copy: the values are parts of it
	ps = &corpus.Participants{}
	if n := strings.Count(text, "\n") - 1; n > 0 { // the first line names the attributes
		ps.List = make([]corpus.Participant, 0, n)
	}
	first := true
	var vals []string // reused: each line's values are copied out
	var err error
	for len(text) > 0 {
		var line string
		line, text, ok = strings.Cut(text, "\n")
		if !ok {
			return nil, false
		}
		if first {
			first = false
			if line != "-" {
				vals, err = unquoteAll(vals, line)
				if err != nil {
					return nil, false
				}
				ps.Attributes = append(make([]string, 0, len(vals)), vals...)
			}
			continue
		}
		vals, err = unquoteAll(vals, line)
		if err != nil {
			return nil, false
		}
		if len(vals)%2 != 1 {
			return nil, false
		}
		pt := corpus.Participant{ID: vals[0], Attributes: make(map[string]string, len(vals)/2)}
		for i := 1; i < len(vals); i += 2 {
			pt.Attributes[vals[i]] = vals[i+1]
		}
		ps.List = append(ps.List, pt)
	}
	if first {
		return nil, false
	}
	return ps, true
}

// unquoteAll splits a line of Go-quoted strings separated by one space,
// into dst[:0] (reused from line to line, so that a thousand lines do not
// grow a thousand slices).
// A string without a backslash is its text between the quotes, returned
// as a part of line, not a copy.
func unquoteAll(dst []string, line string) ([]string, error) {
	out := dst[:0]
	for line != "" {
		var q, s string
		if end := strings.IndexByte(line[min(1, len(line)):], '"') + 1; line[0] == '"' && end > 0 && !strings.Contains(line[1:end], "\\") {
			q, s = line[:end+1], line[1:end]
		} else {
			var err error
			if q, err = strconv.QuotedPrefix(line); err != nil {
				return nil, err
			}
			if s, err = strconv.Unquote(q); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
		line = line[len(q):]
		if line != "" {
			if line[0] != ' ' || len(line) == 1 {
				return nil, fmt.Errorf("expected a space")
			}
			line = line[1:]
		}
	}
	return out, nil
}
