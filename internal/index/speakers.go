package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// SpeakersCacheFile is the cache of the decoded speakers.yaml in the
// index directory (see SpeakerRoles).
const SpeakersCacheFile = "speakers.cache"

// speakersCacheHead is the first line of the cache: its format.
const speakersCacheHead = "grounded speakers cache 1\n"

// SpeakerRoles is project.ReadSpeakerRoles, the speakers' roles, read
// without decoding speakers.yaml when it has not changed: ingest writes
// the roles it guesses for every source, and decoding that YAML takes
// about ten milliseconds at a thousand sources, for each search with a
// role filter.
//
// The cache works as Participants' does: a file in the index directory
// keyed by the SHA-256 of speakers.yaml's content, holding the SHA-256 of
// its own payload; a speakers.yaml that differs by one byte is decoded
// again, a cache that is damaged or not a regular file is not used, and
// a file that cannot be decoded gives ReadSpeakerRoles' error and is
// never cached. Its payload: one line per role, of three Go-quoted
// strings, the source ("" for every source), the speaker and the role,
// sorted.
func SpeakerRoles(p *project.Project) (*project.SpeakerRoles, error) {
	return cachedDecode(p, contentCache[*project.SpeakerRoles]{
		file:   project.SpeakersFile,
		cache:  SpeakersCacheFile,
		read:   p.ReadSpeakerRoles,
		decode: project.DecodeSpeakerRoles,
		encode: encodeSpeakersCache,
		load:   decodeSpeakersCache,
	})
}

// encodeSpeakersCache is the cache of r for the key.
func encodeSpeakersCache(r *project.SpeakerRoles, key string) []byte {
	var body []byte
	line := func(src, sp string, role corpus.Role) {
		body = strconv.AppendQuote(body, src)
		body = append(body, ' ')
		body = strconv.AppendQuote(body, sp)
		body = append(body, ' ')
		body = strconv.AppendQuote(body, string(role))
		body = append(body, '\n')
	}
	for _, sp := range slices.Sorted(maps.Keys(r.Default)) {
		line("", sp, r.Default[sp])
	}
	for _, src := range slices.Sorted(maps.Keys(r.Sources)) {
		m := r.Sources[src]
		for _, sp := range slices.Sorted(maps.Keys(m)) {
			line(src, sp, m[sp])
		}
	}
	return frameCache(speakersCacheHead, key, body)
}

// decodeSpeakersCache reads a cache written for the key; ok is false when
// it is of another key or format, or damaged.
func decodeSpeakersCache(c []byte, key string) (*project.SpeakerRoles, bool) {
	body, ok := unframeCache(c, speakersCacheHead, key)
	if !ok {
		return nil, false
	}
	r := &project.SpeakerRoles{}
	var vals []string // reused: Set copies the values out
	var err error
	for text := string(body); text != ""; {
		var line string
		line, text, ok = strings.Cut(text, "\n")
		if !ok {
			return nil, false
		}
		vals, err = unquoteAll(vals, line)
		if err != nil || len(vals) != 3 || vals[1] == "" {
			return nil, false
		}
		r.Set(vals[0], vals[1], corpus.Role(vals[2]))
	}
	return r, true
}

// frameCache is a cache file: its head line, the key, the SHA-256 of the
// body (in hexadecimal), then the body.
func frameCache(head, key string, body []byte) []byte {
	sum := sha256.Sum256(body)
	out := make([]byte, 0, len(head)+len(key)+2*len(sum)+2+len(body))
	out = append(out, head...)
	out = append(out, key...)
	out = append(out, '\n')
	out = hex.AppendEncode(out, sum[:])
	out = append(out, '\n')
	return append(out, body...)
}

// unframeCache returns the body of a cache file made by frameCache with
// head and key; ok is false when it is of another head or key, or its
// body is not the one it was written with.
func unframeCache(c []byte, head, key string) (body []byte, ok bool) {
	rest, ok := bytes.CutPrefix(c, []byte(head))
	if !ok {
		return nil, false
	}
	line, rest, _ := bytes.Cut(rest, []byte{'\n'})
	if string(line) != key {
		return nil, false
	}
	line, body, _ = bytes.Cut(rest, []byte{'\n'})
	sum := sha256.Sum256(body)
	if string(line) != hex.EncodeToString(sum[:]) {
		return nil, false
	}
	return body, true
}
