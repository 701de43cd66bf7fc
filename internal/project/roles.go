package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/grounded-qda/grounded/corpus"
)

// SpeakersFile holds the speakers' roles (docs/format.md, "speakers.yaml").
const SpeakersFile = "speakers.yaml"

// SpeakerRoles is the content of speakers.yaml: the role of each speaker
// label, for every source (Default) and per source (Sources, which wins).
type SpeakerRoles struct {
	// Default maps a speaker label to its role in every source.
	Default map[string]corpus.Role
	// Sources maps a source id to the roles of its speakers there.
	Sources map[string]map[string]corpus.Role
}

// Role returns the role of speaker in source: the source's own entry, else
// the default, else "" (not known).
func (r *SpeakerRoles) Role(source, speaker string) corpus.Role {
	if r == nil || speaker == "" {
		return ""
	}
	if m := r.Sources[source]; m != nil {
		if role, ok := m[speaker]; ok {
			return role
		}
	}
	return r.Default[speaker]
}

// Set gives speaker a role in source ("" for every source).
func (r *SpeakerRoles) Set(source, speaker string, role corpus.Role) {
	if source == "" {
		if r.Default == nil {
			r.Default = map[string]corpus.Role{}
		}
		r.Default[speaker] = role
		return
	}
	if r.Sources == nil {
		r.Sources = map[string]map[string]corpus.Role{}
	}
	if r.Sources[source] == nil {
		r.Sources[source] = map[string]corpus.Role{}
	}
	r.Sources[source][speaker] = role
}

// Unset removes the per-source role of speaker in source ("" removes the
// default one). It reports whether there was one.
func (r *SpeakerRoles) Unset(source, speaker string) bool {
	m := r.Default
	if source != "" {
		m = r.Sources[source]
	}
	if _, ok := m[speaker]; !ok {
		return false
	}
	delete(m, speaker)
	if source != "" && len(m) == 0 {
		delete(r.Sources, source)
	}
	return true
}

// Overrides lists, in natural order, the sources that give speaker a role
// of their own.
func (r *SpeakerRoles) Overrides(speaker string) []string {
	var out []string
	for src, m := range r.Sources {
		if _, ok := m[speaker]; ok {
			out = append(out, src)
		}
	}
	slices.SortFunc(out, corpus.CompareIDs)
	return out
}

// RemoveSource forgets the roles given in source.
func (r *SpeakerRoles) RemoveSource(source string) { delete(r.Sources, source) }

// DecodeSpeakerRoles parses speakers.yaml; errors name file:line:col.
//
//	version: 1
//	speakers:            # every source
//	  Interviewer: interviewer
//	sources:             # one source's own roles win
//	  P03:
//	    Speaker 2: participant
func DecodeSpeakerRoles(file string, data []byte) (*SpeakerRoles, error) {
	r := &SpeakerRoles{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return r, nil
	}
	at := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: %s", file, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, at(root, "want a mapping with speakers: and sources:")
	}
	roles := func(n *yaml.Node, source string) error {
		if n.Kind != yaml.MappingNode {
			return at(n, "want a mapping of speaker: role")
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Value == "" {
				return at(k, "a speaker must be a non-empty name")
			}
			if seen[k.Value] {
				return at(k, "speaker %q appears twice", k.Value)
			}
			seen[k.Value] = true
			if v.Kind != yaml.ScalarNode {
				return at(v, "the role of %q must be interviewer, participant or other", k.Value)
			}
			role, err := corpus.ParseRole(v.Value)
			if err != nil {
				return at(v, "speaker %q: %v", k.Value, err)
			}
			r.Set(source, k.Value, role)
		}
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "version":
			if v.Value != "1" {
				return nil, at(v, "version %s is not one this grounded understands (1)", v.Value)
			}
		case "speakers":
			if v.Tag == "!!null" {
				continue
			}
			if err := roles(v, ""); err != nil {
				return nil, err
			}
		case "sources":
			if v.Tag == "!!null" {
				continue
			}
			if v.Kind != yaml.MappingNode {
				return nil, at(v, "want a mapping of source id: {speaker: role}")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				sk, sv := v.Content[j], v.Content[j+1]
				if err := corpus.ValidateID(sk.Value); err != nil {
					return nil, at(sk, "source %v", err)
				}
				if r.Sources[sk.Value] != nil {
					return nil, at(sk, "source %q appears twice", sk.Value)
				}
				if err := roles(sv, sk.Value); err != nil {
					return nil, err
				}
			}
		default:
			return nil, at(k, "unknown field %q (the fields are version, speakers and sources)", k.Value)
		}
	}
	return r, nil
}

// Encode renders speakers.yaml, speakers and sources in natural order.
func (r *SpeakerRoles) Encode() []byte {
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	roles := func(m map[string]corpus.Role) *yaml.Node {
		n := &yaml.Node{Kind: yaml.MappingNode}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, corpus.CompareIDs)
		for _, k := range keys {
			n.Content = append(n.Content, str(k), str(string(m[k])))
		}
		return n
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	root.Content = append(root.Content, str("version"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"},
		str("speakers"), roles(r.Default))
	srcs := &yaml.Node{Kind: yaml.MappingNode}
	ids := make([]string, 0, len(r.Sources))
	for id := range r.Sources {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, corpus.CompareIDs)
	for _, id := range ids {
		srcs.Content = append(srcs.Content, str(id), roles(r.Sources[id]))
	}
	root.Content = append(root.Content, str("sources"), srcs)
	var b bytes.Buffer
	b.WriteString("# The role of each speaker: interviewer, participant or other. 'speakers'\n# applies to every source; 'sources' gives one source's own roles, which win.\n# See docs/format.md. grounded guesses roles at ingest; you may edit this file.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(root)
	return b.Bytes()
}

// ReadSpeakerRoles loads speakers.yaml (empty when missing).
func (p *Project) ReadSpeakerRoles() (*SpeakerRoles, error) {
	data, err := p.readStoreFile(SpeakersFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &SpeakerRoles{}, nil
	}
	if err != nil {
		return nil, err
	}
	return DecodeSpeakerRoles(p.Path(SpeakersFile), data)
}
