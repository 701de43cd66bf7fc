package coding

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
	"go.yaml.in/yaml/v3"
)

// EpisodesVersion is the version of the episodes file format.
const EpisodesVersion = 1

// EpisodeFileError is a problem in an episodes file, with its position.
type EpisodeFileError struct {
	File         string
	Line, Column int
	Err          error
}

func (e *EpisodeFileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *EpisodeFileError) Unwrap() error { return e.Err }

// DecodeEpisodes reads an episodes file:
//
//	version: 1
//	episodes:
//	  - name: K, first weeks
//	    source: P07
//	    from: 12
//	    to: 30
//	    client: K        # optional
//
// Unknown keys, missing or malformed fields, invalid episodes (see
// [Episode.Validate]) and duplicate names are errors naming file, line
// and column; on error no episode is returned. An empty file holds no
// episode.
func DecodeEpisodes(file string, data []byte) ([]Episode, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return []Episode{}, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &EpisodeFileError{File: file, Err: fmt.Errorf("not valid YAML: %w", err)}
	}
	fail := func(n *yaml.Node, format string, args ...any) ([]Episode, error) {
		return nil, &EpisodeFileError{File: file, Line: n.Line, Column: n.Column, Err: fmt.Errorf(format, args...)}
	}
	if len(doc.Content) == 0 {
		return []Episode{}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fail(root, "want a mapping with version: and episodes:")
	}
	var list *yaml.Node
	version := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "version":
			n, err := strconv.Atoi(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				return fail(v, "version: want a whole number")
			}
			if n < 1 || n > EpisodesVersion {
				return fail(v, "version %d: this program reads version %d", n, EpisodesVersion)
			}
			version = n
		case "episodes":
			if v.Kind != yaml.SequenceNode {
				return fail(v, "episodes: want a list")
			}
			list = v
		default:
			return fail(k, "unknown key %q (known: version, episodes)", k.Value)
		}
	}
	if version == 0 {
		return fail(root, "missing version: 1")
	}
	out := []Episode{}
	if list == nil {
		return out, nil
	}
	seen := map[string]*yaml.Node{}
	for _, n := range list.Content {
		e, err := decodeEpisode(file, n)
		if err != nil {
			return nil, err
		}
		if err := e.Validate(0); err != nil {
			return fail(n, "%v", err)
		}
		k := strings.ToLower(strings.TrimSpace(e.Name))
		if prev, ok := seen[k]; ok {
			return fail(n, "duplicate episode %q (first at line %d)", e.Name, prev.Line)
		}
		seen[k] = n
		out = append(out, e)
	}
	return out, nil
}

func decodeEpisode(file string, n *yaml.Node) (Episode, error) {
	fail := func(at *yaml.Node, format string, args ...any) (Episode, error) {
		return Episode{}, &EpisodeFileError{File: file, Line: at.Line, Column: at.Column, Err: fmt.Errorf(format, args...)}
	}
	if n.Kind != yaml.MappingNode {
		return fail(n, "an episode must be a mapping with name, source, from, to")
	}
	var e Episode
	has := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if has[k.Value] {
			return fail(k, "episode: key %q given twice", k.Value)
		}
		has[k.Value] = true
		if v.Kind != yaml.ScalarNode {
			return fail(v, "episode %s: want a single value", k.Value)
		}
		switch k.Value {
		case "name":
			e.Name = v.Value
		case "source":
			e.Source = v.Value
		case "client":
			e.Client = v.Value
		case "from", "to":
			t, err := strconv.Atoi(v.Value)
			if err != nil {
				return fail(v, "episode %s: %q is not a turn number", k.Value, v.Value)
			}
			if k.Value == "from" {
				e.From = t
			} else {
				e.To = t
			}
		default:
			return fail(k, "episode: unknown key %q (known: name, source, from, to, client)", k.Value)
		}
	}
	for _, key := range []string{"name", "source", "from", "to"} {
		if !has[key] {
			return fail(n, "episode: missing %s", key)
		}
	}
	return e, nil
}

// EncodeEpisodes writes episodes in the format DecodeEpisodes reads,
// sorted (see [SortEpisodes]).
func EncodeEpisodes(es []Episode) []byte {
	sorted := append([]Episode(nil), es...)
	SortEpisodes(sorted)
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	num := func(n int) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)} }
	for _, e := range sorted {
		m := &yaml.Node{Kind: yaml.MappingNode}
		m.Content = append(m.Content, str("name"), str(e.Name), str("source"), str(e.Source), str("from"), num(e.From), str("to"), num(e.To))
		if e.Client != "" {
			m.Content = append(m.Content, str("client"), str(e.Client))
		}
		seq.Content = append(seq.Content, m)
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str("version"), num(EpisodesVersion), str("episodes"), seq}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		panic(err) // plain scalars only
	}
	_ = enc.Close()
	return buf.Bytes()
}

// ErrBadRange is wrapped by ParseEpisodeRange's errors.
var ErrBadRange = errors.New("bad episode range")

// ParseEpisodeRange parses "SRC#A-B" (or "SRC#A" for one turn): a source
// id and a turn range with 1 <= A <= B.
func ParseEpisodeRange(s string) (source string, from, to int, err error) {
	bad := func(col int, format string, args ...any) (string, int, int, error) {
		return "", 0, 0, fmt.Errorf("%w %q, column %d: %s (write SRC#FIRST-LAST, e.g. P07#12-30)", ErrBadRange, s, col, fmt.Sprintf(format, args...))
	}
	src, rng, ok := strings.Cut(s, "#")
	if !ok {
		return bad(len(s)+1, "missing '#FIRST-LAST'")
	}
	if err := corpus.ValidateID(src); err != nil {
		return bad(1, "source %v", err)
	}
	a, b, isRange := strings.Cut(rng, "-")
	col := len(src) + 2
	from, err = turnNumber(a)
	if err != nil {
		return bad(col, "first turn %q: %v", a, err)
	}
	to = from
	if isRange {
		if to, err = turnNumber(b); err != nil {
			return bad(col+len(a)+1, "last turn %q: %v", b, err)
		}
	}
	if to < from {
		return bad(col, "the first turn %d is after the last %d", from, to)
	}
	return src, from, to, nil
}

func turnNumber(s string) (int, error) {
	if s == "" || len(s) > 9 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, errors.New("want a turn number")
	}
	n, _ := strconv.Atoi(s)
	if n < 1 {
		return 0, errors.New("turns are numbered from 1")
	}
	return n, nil
}
