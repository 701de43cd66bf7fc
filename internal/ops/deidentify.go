package ops

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/deid"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// DeidentifyRequest says what to pseudonymise and where.
type DeidentifyRequest struct {
	// Sources limits the change to these sources; empty means every one.
	Sources []string
	// Names are the listed names (ParseNamesCSV), with their pseudonyms
	// when given.
	Names []deid.Entry
	// Speakers replaces the speaker names of the sources too.
	Speakers bool
	// Attributes are participant attributes whose values identify people.
	Attributes []string
	// Patterns replaces e-mail addresses, phone numbers and street
	// addresses.
	Patterns bool
}

// DeidentifyResult says what the change did (or would do).
type DeidentifyResult struct {
	Sources      []string           `json:"sources"`
	Replacements []deid.Replacement `json:"replacements"`
	Codings      int                `json:"codings"` // codings moved or whose quote changed
	// Citations are the passages cited as a relation's evidence or as a
	// memo's target that moved with their words.
	Citations int `json:"citations"`
	// NotRewritten are the memos, coding memos and orphaned codings' quotes
	// that hold replaced words;
	// deidentify leaves them as they are.
	NotRewritten []Mention    `json:"not_rewritten"`
	Key          []deid.Entry `json:"-"`
	Summary      string       `json:"-"`
}

// ParseNamesCSV reads a names list: a header with a column "name" and an
// optional column "pseudonym". Errors name the file and line.
func ParseNamesCSV(file string, data []byte) ([]deid.Entry, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errs.Invalidf("names", "%s: the file is empty; it needs a header line with a column \"name\"", file)
		}
		return nil, errs.Invalidf("names", "%s: %v", file, err)
	}
	nameCol, pseudoCol := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "name":
			nameCol = i
		case "pseudonym":
			pseudoCol = i
		}
	}
	if nameCol < 0 {
		return nil, errs.Invalidf("names", "%s:1: no column \"name\" in the header %q", file, strings.Join(header, ","))
	}
	var out []deid.Entry
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errs.Invalidf("names", "%s: %v", file, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if nameCol >= len(rec) || strings.TrimSpace(rec[nameCol]) == "" {
			return nil, errs.Invalidf("names", "%s:%d: the name is empty; give one or remove the line", file, line)
		}
		e := deid.Entry{Name: strings.TrimSpace(rec[nameCol])}
		if pseudoCol >= 0 && pseudoCol < len(rec) {
			e.Pseudonym = strings.TrimSpace(rec[pseudoCol])
		}
		if strings.ContainsAny(e.Name+e.Pseudonym, "\n\r") {
			return nil, errs.Invalidf("names", "%s:%d: a name or pseudonym spans lines; keep each on one line", file, line)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, errs.Invalidf("names", "%s: no names under the header", file)
	}
	return out, nil
}

// deidSources reads the sources the request names (all when none) and
// their turns.
func deidSources(p *project.Project, ids []string) ([]*corpus.Source, map[string][]corpus.Turn, error) {
	var srcs []*corpus.Source
	if len(ids) == 0 {
		var err error
		if srcs, err = p.ListSources(); err != nil {
			return nil, nil, err
		}
	} else {
		for _, id := range ids {
			s, err := p.ReadSource(id)
			if err != nil {
				return nil, nil, err
			}
			if !slices.ContainsFunc(srcs, func(x *corpus.Source) bool { return x.ID == s.ID }) {
				srcs = append(srcs, s)
			}
		}
	}
	turns := map[string][]corpus.Turn{}
	for _, s := range srcs {
		ts, err := p.ReadTurns(s)
		if err != nil {
			return nil, nil, err
		}
		turns[s.ID] = ts
	}
	return srcs, turns, nil
}

// deidPlan makes the plan of a request over the turns.
func deidPlan(p *project.Project, req DeidentifyRequest, srcs []*corpus.Source, turns map[string][]corpus.Turn) (*deid.Plan, deid.Options, error) {
	opts := deid.Options{Names: req.Names, Patterns: req.Patterns}
	if req.Speakers {
		for _, s := range srcs {
			for _, sp := range corpus.Speakers(turns[s.ID]) {
				if !slices.Contains(opts.Speakers, sp) {
					opts.Speakers = append(opts.Speakers, sp)
				}
			}
		}
	}
	if len(req.Attributes) > 0 {
		ps, err := p.ReadParticipants()
		if err != nil {
			return nil, opts, err
		}
		opts.Attributes = map[string]string{}
		for _, a := range req.Attributes {
			if !slices.Contains(ps.Attributes, a) {
				return nil, opts, &errs.NotFound{Kind: "attribute", Name: a, In: project.ParticipantsFile, Near: nearNames(a, ps.Attributes)}
			}
			for _, pt := range ps.List {
				if v := strings.TrimSpace(pt.Attributes[a]); v != "" {
					if _, ok := opts.Attributes[v]; !ok {
						opts.Attributes[v] = a
					}
				}
			}
		}
	}
	plan, err := deid.NewPlan(turns, opts)
	if err != nil {
		return nil, opts, errs.Invalidf("names", "%v", err)
	}
	return plan, opts, nil
}

// Mention is a text deidentify does not rewrite (a memo, a coding's memo,
// an orphaned coding's quote)
// that holds replaced words: the researcher edits it by hand.
type Mention struct {
	Where string `json:"where"` // "memo ID" or "coding ID"
	Count int    `json:"count"`
}

// notRewritten finds the memos, coding memos and orphaned codings' quotes
// that hold words the plan replaces in the transcripts.
func notRewritten(p *project.Project, opts deid.Options) ([]Mention, error) {
	texts := map[string][]corpus.Turn{}
	memos, err := p.ListMemos()
	if err != nil {
		return nil, err
	}
	for _, m := range memos {
		texts["memo "+m.ID] = []corpus.Turn{{Text: m.Body}}
	}
	cs, err := p.ReadCodings("")
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		text := c.Memo
		if c.Orphaned {
			text += "\n" + c.Quote // an orphan keeps its old quote
		}
		if strings.TrimSpace(text) != "" {
			texts["coding "+c.ID] = []corpus.Turn{{Text: text}}
		}
	}
	if len(texts) == 0 {
		return nil, nil
	}
	opts.Speakers = nil // labels, not words: a memo naming "Interviewer" is fine
	plan, err := deid.NewPlan(texts, opts)
	if err != nil {
		return nil, err
	}
	var out []Mention
	for _, r := range plan.Replacements {
		if n := len(out); n > 0 && out[n-1].Where == r.Source {
			out[n-1].Count++
			continue
		}
		out = append(out, Mention{Where: r.Source, Count: 1})
	}
	return out, nil
}

// PlanDeidentify lists every replacement the request would make, writing
// nothing. The caller holds a lock.
func PlanDeidentify(ctx context.Context, p *project.Project, req DeidentifyRequest) (DeidentifyResult, error) {
	var res DeidentifyResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	srcs, turns, err := deidSources(p, req.Sources)
	if err != nil {
		return res, err
	}
	plan, opts, err := deidPlan(p, req, srcs, turns)
	if err != nil {
		return res, err
	}
	if res.NotRewritten, err = notRewritten(p, opts); err != nil {
		return res, err
	}
	for _, s := range srcs {
		res.Sources = append(res.Sources, s.ID)
	}
	res.Replacements = plan.Replacements
	res.Key = plan.Key()
	res.Summary = fmt.Sprintf("%d replacement(s) in %d source(s)", len(plan.Replacements), len(srcs))
	return res, nil
}

// SuggestNames lists capitalised mid-sentence words of the sources that
// are not in the names list nor among its pseudonyms (names may hold the
// entries of a names file and of an earlier key). The caller holds a lock.
func SuggestNames(ctx context.Context, p *project.Project, sources []string, names []deid.Entry) ([]deid.Suggestion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	_, turns, err := deidSources(p, sources)
	if err != nil {
		return nil, err
	}
	var known []string
	for _, n := range names {
		known = append(known, n.Name, n.Pseudonym)
	}
	out := deid.Suggest(turns, known)
	if out == nil {
		out = []deid.Suggestion{}
	}
	return out, nil
}

// Deidentify replaces the names in the sources' turns and speaker labels,
// moves every coding with its words (quotes set to the new text), carries
// speaker roles over to the new labels and sets deidentified: true in
// grounded.yaml, all in the one edit. Undo puts everything back.
func Deidentify(ctx context.Context, e *project.Edit, req DeidentifyRequest) (DeidentifyResult, error) {
	var res DeidentifyResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	p := e.Project()
	srcs, turns, err := deidSources(p, req.Sources)
	if err != nil {
		return res, err
	}
	plan, opts, err := deidPlan(p, req, srcs, turns)
	if err != nil {
		return res, err
	}
	if res.NotRewritten, err = notRewritten(p, opts); err != nil {
		return res, err
	}
	res.Replacements, res.Key = plan.Replacements, plan.Key()
	newTurns := plan.Apply(turns)
	roles, err := p.ReadSpeakerRoles()
	if err != nil {
		return res, err
	}
	rolesChanged := false
	changed := map[string]bool{}
	for _, r := range plan.Replacements {
		changed[r.Source] = true
	}
	for _, s := range srcs {
		res.Sources = append(res.Sources, s.ID)
		if !changed[s.ID] {
			continue
		}
		cs, err := e.Codings(s.ID)
		if err != nil {
			return res, err
		}
		moved, err := plan.Reanchor(cs, turns, newTurns)
		if err != nil {
			return res, errs.Invalidf("coding", "%v; run the check and repair the codings first, nothing was changed", err)
		}
		for i := range cs {
			if moved[i] != cs[i] {
				if err := e.ReplaceCoding(cs[i], moved[i]); err != nil {
					return res, err
				}
				res.Codings++
			}
		}
		old, nts := turns[s.ID], newTurns[s.ID]
		for i := range old {
			if old[i].Speaker == nts[i].Speaker {
				continue
			}
			if m := roles.Sources[s.ID]; m != nil {
				if r, ok := m[old[i].Speaker]; ok {
					roles.Unset(s.ID, old[i].Speaker)
					roles.Set(s.ID, nts[i].Speaker, r)
					rolesChanged = true
				}
			}
			if r, ok := roles.Default[old[i].Speaker]; ok {
				// A project-wide role becomes this source's role of the new
				// label; the old name leaves speakers.yaml below.
				if roles.Role(s.ID, nts[i].Speaker) == "" {
					roles.Set(s.ID, nts[i].Speaker, r)
				}
				rolesChanged = true
			}
		}
		data := project.EncodeTurns(nts)
		ns := *s
		ns.Speakers = corpus.Speakers(nts)
		if ns.Speakers == nil {
			ns.Speakers = []string{}
		}
		ns.TextSHA256 = project.SHA256(data)
		if err := e.PutFile(project.SourceRel(s.ID, project.SourceTurnsFile), data); err != nil {
			return res, err
		}
		if err := e.PutFile(project.SourceRel(s.ID, project.SourceMetaFile), project.EncodeSource(&ns)); err != nil {
			return res, err
		}
	}
	for _, k := range res.Key {
		if len(req.Sources) == 0 && k.Kind == deid.KindSpeaker || k.Kind == deid.KindName {
			for name := range roles.Default {
				if strings.EqualFold(name, k.Name) {
					roles.Unset("", name)
					rolesChanged = true
				}
			}
		}
	}
	if rolesChanged {
		if err := e.PutFile(project.SpeakersFile, roles.Encode()); err != nil {
			return res, err
		}
	}
	if res.Citations, err = reanchorCitations(e, plan, turns, newTurns, changed); err != nil { // deidentify_refs.go
		return res, errs.Invalidf("evidence", "%v; nothing was changed", err)
	}
	if err := markDeidentified(e); err != nil {
		return res, err
	}
	res.Summary = fmt.Sprintf("de-identified %s: %d replacement(s), %d coding(s) re-anchored", strings.Join(res.Sources, ", "), len(res.Replacements), res.Codings)
	if res.Citations > 0 {
		res.Summary += fmt.Sprintf(", %d cited passage(s) re-anchored", res.Citations)
	}
	return res, nil
}

// markDeidentified sets deidentified: true in grounded.yaml, keeping the
// rest of the file as it is.
func markDeidentified(e *project.Edit) error {
	p := e.Project()
	data, err := os.ReadFile(p.Path(project.ConfigFile))
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v", project.ConfigFile, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not a mapping", project.ConfigFile)
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "deidentified" {
			if m.Content[i+1].Value == "true" {
				return nil
			}
			m.Content[i+1] = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}
			return writeConfigNode(e, &doc)
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "deidentified"}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	return writeConfigNode(e, &doc)
}

func writeConfigNode(e *project.Edit, doc *yaml.Node) error {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return e.PutFile(project.ConfigFile, b.Bytes())
}

// KeyPlaceError is returned when the key would be written where it could
// be shared with the transcripts.
type KeyPlaceError struct {
	Path, Why string
}

func (e *KeyPlaceError) Error() string {
	return fmt.Sprintf("%s: the key would be %s; write it outside the project, where git does not track it", e.Path, e.Why)
}

// CheckKeyPlace refuses a key path inside the project (root), inside a
// git work tree where git does not ignore it, or one that exists already.
func CheckKeyPlace(root, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	rootAbs, _ := filepath.Abs(root)
	if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(real, filepath.Base(abs))
	}
	if real, err := filepath.EvalSymlinks(rootAbs); err == nil {
		rootAbs = real
	}
	if rel, err := filepath.Rel(rootAbs, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &KeyPlaceError{Path: path, Why: "inside the project " + rootAbs}
	}
	if _, err := os.Stat(abs); err == nil {
		return &KeyPlaceError{Path: path, Why: "written over an existing file (an earlier key?)"}
	}
	dir := filepath.Dir(abs)
	if _, err := os.Stat(dir); err != nil {
		return &KeyPlaceError{Path: path, Why: "in a directory that does not exist"}
	}
	top, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil // not in a git work tree (or no git)
	}
	if err := exec.Command("git", "-C", dir, "check-ignore", "-q", abs).Run(); err == nil {
		return nil // ignored: git will not track it
	}
	return &KeyPlaceError{Path: path, Why: "in the git work tree " + strings.TrimSpace(string(top)) + " and not ignored there"}
}

// EncodeKey writes the reversible key as CSV: name, pseudonym, kind.
func EncodeKey(key []deid.Entry) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"name", "pseudonym", "kind"})
	for _, k := range key {
		_ = w.Write([]string{k.Name, k.Pseudonym, k.Kind})
	}
	w.Flush()
	return b.Bytes()
}
