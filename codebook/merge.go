package codebook

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// # Three-way merge
//
// Merge3 merges two codebooks that were both changed from a common base,
// as git does when two coders' branches meet. Items are matched by
// identity, not by line:
//
//   - a code or category is identified by its name key (Key); an item one
//     side removed while adding another that differs only in its name is a
//     rename of the first (the codebook has no stable ids, so a rename
//     together with another change on the same side cannot be told from a
//     removal and an addition, and surfaces as a conflict if the other side
//     edited the item; MergeHints supply renames known from the history);
//     a side's item of a base item's name that differs from it and equals,
//     but for the name, exactly one base item the side has no item of that
//     name for is that item renamed onto the name of one the side removed
//     (renamedOnto);
//   - the core is one item whatever its name;
//   - a relation is identified by its ends (after renames) and its kind
//     (as); its fields are its note and its evidence. The evidence is a
//     set of citations and merges as one: a citation either side added is
//     in the merged list (ours in their order, then theirs' new ones in
//     theirs' order), a citation either side removed is not, so two
//     coders citing different codings for the same relation keep both
//     and evidence is never a conflict.
//
// Each field of an item is merged on its own: a field changed on one side
// takes that side's value; a field both sides changed to different values
// is a conflict, resolved provisionally to ours. References (a code's
// category, a category's parent, the stages, relation ends) follow
// renames made on either side: while merging, a reference is held as the
// item it names on its side (ref), not as a name, so it is never handed to
// another item that has come to carry the name (the core renamed to the
// name of a category the same side removed). An item removed on one side
// and changed on the other is kept, with a conflict; an item removed on
// one side and still referred to by the other side's additions is
// restored, with a conflict. Nothing a coder wrote is dropped silently.
//
// The merge fails, with an error naming the merged codebook and a line of
// the merged text (never one side's file and line), when the result is not
// a valid codebook (a restored category named like the core, two items
// with one name) or when a reference would name, in the merged codebook,
// another item than its side meant (a relation end names a category before
// a code, a code before the core).
//
// New codes get their colour from a palette by count (AddCode), so two
// coders' new codes often share one. A code only theirs added whose
// palette colour another code of the merged codebook already has gets
// the first palette colour no code has (while one is left); ours' codes
// keep theirs.

// Conflict is one place where both sides of a merge changed the same field
// of the same item differently, or one removed what the other changed.
type Conflict struct {
	Kind   string `json:"kind"`  // code, category, core or relation
	Name   string `json:"name"`  // the item's name in the merged codebook
	Field  string `json:"field"` // the YAML key, or "removed"
	Base   string `json:"base"`
	Ours   string `json:"ours"`
	Theirs string `json:"theirs"`
	Kept   string `json:"kept"` // what the merged codebook holds: "ours", "theirs" or "restored"
}

func (c Conflict) String() string {
	if c.Field == "removed" {
		return fmt.Sprintf("%s %q: %s; kept (%s)", c.Kind, c.Name, c.Ours+"; "+c.Theirs, c.Kept)
	}
	return fmt.Sprintf("%s %q: %s: base %s, ours %s, theirs %s; kept %s",
		c.Kind, c.Name, c.Field, quoteShort(c.Base), quoteShort(c.Ours), quoteShort(c.Theirs), c.Kept)
}

func quoteShort(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return strconv.Quote(s)
}

// Rename is a rename known from outside the codebooks (the history of a
// side): the code or category From in the base is To on that side.
type Rename struct {
	Kind     string // "code" or "category"
	From, To string
}

// MergeHints are renames each side is known to have made.
type MergeHints struct {
	Ours, Theirs []Rename
}

// RenamesFromChanges returns the renames recorded in history changes: a
// removal and an addition of the same kind at the same index in one entry.
func RenamesFromChanges(changes []Change) []Rename {
	var out []Rename
	for _, rm := range changes {
		if rm.After != nil || rm.Before == nil || (rm.Kind != "code" && rm.Kind != "category") {
			continue
		}
		for _, add := range changes {
			if add.Kind == rm.Kind && add.Before == nil && add.After != nil && add.Index == rm.Index {
				out = append(out, Rename{Kind: rm.Kind, From: displayKey(rm), To: displayKey(add)})
			}
		}
	}
	return out
}

// ConflictHeader starts the comment block Merge3 writes at the top of a
// merged codebook that has conflicts.
const ConflictHeader = "MERGE CONFLICTS"

// Merge3 merges ours and theirs, both derived from base, and returns the
// merged codebook as YAML. The merged codebook is valid (it decodes); when
// conflicts is not empty, each one is also listed in a comment block at the
// top of it, and ours' value stands where the sides disagree. err is set
// when an input does not decode or the sides cannot be combined into a
// valid codebook; merged is then nil.
func Merge3(base, ours, theirs []byte) (merged []byte, conflicts []Conflict, err error) {
	return Merge3Hints(base, ours, theirs, MergeHints{})
}

// Merge3Hints is Merge3 with renames known from the history.
func Merge3Hints(base, ours, theirs []byte, hints MergeHints) ([]byte, []Conflict, error) {
	var cbs [3]*Codebook
	for i, in := range []struct {
		name string
		data []byte
	}{{"base", base}, {"ours", ours}, {"theirs", theirs}} {
		cb, err := Decode(in.name, in.data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s codebook: %w", in.name, err)
		}
		cbs[i] = cb
	}
	m := &merger{base: cbs[0], ours: cbs[1], theirs: cbs[2], hints: hints}
	out, err := m.merge()
	if err != nil {
		return nil, m.conflicts, err
	}
	if len(m.conflicts) > 0 {
		addConflictComment(out, m.conflicts)
	}
	data, err := out.Encode()
	if err != nil {
		return nil, m.conflicts, err
	}
	if _, err := Decode(mergedName, data); err != nil {
		return nil, m.conflicts, fmt.Errorf("the merged codebook would not be valid: %w", err)
	}
	return data, m.conflicts, nil
}

func addConflictComment(cb *Codebook, cs []Conflict) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d): both sides changed these; ours was kept. Settle each, then delete this block.", ConflictHeader, len(cs))
	for _, c := range cs {
		b.WriteString("\n- " + strings.ReplaceAll(c.String(), "\n", " "))
	}
	if cb.doc == nil {
		cb.doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := cb.doc.Content[0]
	if root.HeadComment != "" {
		root.HeadComment = b.String() + "\n\n" + root.HeadComment
	} else {
		root.HeadComment = b.String()
	}
}

// entity is one item in a form the merge handles uniformly: its fields as
// text. Reference fields hold names as the item's side spells them.
type entity struct {
	kind string
	vals map[string]string
	node *yaml.Node
}

func (e *entity) name() string {
	if e == nil {
		return ""
	}
	return e.vals["name"]
}

// Field lists per kind; ref marks fields that name other items. stages is
// a list joined with listSep.
const listSep = "\x1f"

var mergeFields = map[string][]struct {
	name string
	ref  bool
}{
	"core": {{"name", false}, {"description", false}, {"stages", true}},
	"category": {{"name", false}, {"description", false}, {"when_to_use", false}, {"when_not_to_use", false},
		{"example", false}, {"parent", true}, {"provisional", false}},
	"code": {{"name", false}, {"description", false}, {"when_to_use", false}, {"when_not_to_use", false},
		{"example", false}, {"color", false}, {"category", true}, {"disconfirms", true}},
	"relation": {{"from", true}, {"to", true}, {"as", false}, {"note", false}, {"evidence", false}},
}

func entities(cb *Codebook, kind string) []*entity {
	var out []*entity
	switch kind {
	case "core":
		if c := cb.Core; c != nil {
			out = append(out, &entity{kind, map[string]string{"name": c.Name, "description": c.Description,
				"stages": strings.Join(c.Stages, listSep)}, c.node})
		}
	case "category":
		for _, c := range cb.Categories {
			p := ""
			if c.Provisional {
				p = "true"
			}
			out = append(out, &entity{kind, map[string]string{"name": c.Name, "description": c.Description,
				"when_to_use": c.WhenToUse, "when_not_to_use": c.WhenNotToUse, "example": c.Example,
				"parent": c.Parent, "provisional": p}, c.node})
		}
	case "code":
		for _, c := range cb.Codes {
			out = append(out, &entity{kind, map[string]string{"name": c.Name, "description": c.Description,
				"when_to_use": c.WhenToUse, "when_not_to_use": c.WhenNotToUse, "example": c.Example,
				"color": c.Color, "category": c.Category, "disconfirms": c.Disconfirms}, c.node})
		}
	case "relation":
		for _, r := range cb.Relations {
			out = append(out, &entity{kind, map[string]string{"from": r.From, "to": r.To, "as": r.As, "note": r.Note,
				"evidence": strings.Join(r.Evidence, listSep)}, r.node})
		}
	}
	return out
}

func (e *entity) store(cb *Codebook) {
	v := e.vals
	switch e.kind {
	case "core":
		cb.Core = &Core{Name: v["name"], Description: v["description"], Stages: splitList(v["stages"]), node: e.node}
	case "category":
		cb.Categories = append(cb.Categories, &Category{Name: v["name"], Description: v["description"],
			WhenToUse: v["when_to_use"], WhenNotToUse: v["when_not_to_use"], Example: v["example"], Parent: v["parent"], Provisional: v["provisional"] == "true", node: e.node})
	case "code":
		cb.Codes = append(cb.Codes, &Code{Name: v["name"], Description: v["description"], WhenToUse: v["when_to_use"],
			WhenNotToUse: v["when_not_to_use"], Example: v["example"], Color: v["color"], Category: v["category"],
			Disconfirms: v["disconfirms"], node: e.node})
	case "relation":
		cb.Relations = append(cb.Relations, &Relation{From: v["from"], To: v["to"], As: v["as"], Note: v["note"],
			Evidence: splitList(v["evidence"]), node: e.node})
	}
}

// splitList undoes strings.Join(list, listSep).
func splitList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, listSep)
}

// slot holds one item as it is in the base and on each side (nil where
// it is absent).
type slot struct {
	base, ours, theirs *entity
	kind               string
	final              string  // the merged name (codes, categories, core)
	id                 int     // the slot's place in merger.slots (codes, categories, core)
	out                *entity // what the merged codebook holds, nil when removed
}

type merger struct {
	base, ours, theirs *Codebook
	hints              MergeHints
	conflicts          []Conflict
	// finals maps, per side ("base", "ours", "theirs"), kind+"\x00"+key of
	// a name on that side to the slot of the item it names.
	finals map[string]map[string]*slot
	// slots holds the named slots by id (see ref).
	slots []*slot
	// removed holds base items removed by a side and not kept, by slot, so
	// that they can be restored if the merge still needs them.
	removed map[*slot]*entity
	// theirsNew holds the name keys of the codes only theirs added.
	theirsNew map[string]bool
}

// recolorTheirsNew gives each code only theirs added whose palette colour
// another code already has the first palette colour no code has.
func (m *merger) recolorTheirsNew(out *Codebook) {
	used := map[string]bool{}
	for _, c := range out.Codes {
		if !m.theirsNew[Key(c.Name)] {
			used[strings.ToLower(c.Color)] = true
		}
	}
	for _, c := range out.Codes {
		if !m.theirsNew[Key(c.Name)] {
			continue
		}
		col := strings.ToLower(c.Color)
		if used[col] && slices.Contains(palette, col) {
			for _, p := range palette {
				if !used[p] {
					c.Color = p
					break
				}
			}
		}
		used[strings.ToLower(c.Color)] = true
	}
}

func (m *merger) merge() (*Codebook, error) {
	m.finals = map[string]map[string]*slot{"base": {}, "ours": {}, "theirs": {}}
	m.removed = map[*slot]*entity{}
	m.theirsNew = map[string]bool{}
	slotsByKind := map[string][]*slot{}
	// Names first: codes, categories and the core, so that references can
	// be translated to the merged names.
	for _, kind := range []string{"core", "category", "code"} {
		slots := m.match(kind)
		for _, s := range slots {
			m.mergeName(kind, s)
		}
		slotsByKind[kind] = slots
	}
	slotsByKind["relation"] = m.matchRelations()
	// Merged items hold references as the slots they name (ref), so that
	// a reference stays with the item its side meant whatever names the
	// merge gives; they become names only in the merged codebook.
	var kept []*entity
	for _, kind := range []string{"core", "category", "code", "relation"} {
		for _, s := range slotsByKind[kind] {
			if e := m.resolve(kind, s); e != nil {
				s.out = e
				kept = append(kept, e)
			}
		}
	}
	kept = m.restoreReferenced(kept)
	out := &Codebook{Version: Version, file: m.ours.file, doc: m.ours.doc}
	for _, e := range kept {
		m.named(e).store(out)
	}
	m.recolorTheirsNew(out)
	if err := out.Validate(); err != nil {
		return nil, m.mergedError(out, err)
	}
	if at, err := m.checkTargets(kept); err != nil {
		return nil, m.errorAt(out, kept, at, err)
	}
	return out, nil
}

// mergedError reports why the combined codebook is not valid. Its items
// come from either side, each with its own side's line numbers, so the
// error is found again in the merged text and names that: a position never
// pairs one side's file with a line of the other's. When the merged text
// cannot be made or shows no error, the problems are reported again
// without positions, naming the merged codebook.
func (m *merger) mergedError(out *Codebook, err error) error {
	if data, eerr := out.Encode(); eerr == nil {
		if _, derr := Decode(mergedName, data); derr != nil {
			return derr
		}
	}
	if verr := withoutPositions(out).Validate(); verr != nil {
		return verr
	}
	// Not reached while Validate is deterministic; never a side's position.
	return &DecodeError{File: mergedName, Err: errors.New(unpositioned(err))}
}

// withoutPositions returns a copy of cb that names the merged codebook and
// whose items have no YAML nodes, so that its errors have no lines.
func withoutPositions(cb *Codebook) *Codebook {
	out := &Codebook{Version: cb.Version, file: mergedName}
	if c := cb.Core; c != nil {
		out.Core = &Core{Name: c.Name, Description: c.Description, Stages: c.Stages}
	}
	for _, c := range cb.Categories {
		cc := *c
		cc.node = nil
		out.Categories = append(out.Categories, &cc)
	}
	for _, c := range cb.Codes {
		cc := *c
		cc.node = nil
		out.Codes = append(out.Codes, &cc)
	}
	for _, r := range cb.Relations {
		rr := *r
		rr.node = nil
		out.Relations = append(out.Relations, &rr)
	}
	return out
}

// unpositioned is err's text without the files and positions of its
// problems.
func unpositioned(err error) string {
	var es Errors
	if !errors.As(err, &es) {
		return err.Error()
	}
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Err.Error()
	}
	return strings.Join(msgs, "; ")
}

// errorAt reports err, found in the merged item at (one of kept), at its
// line in the merged text when that can be made.
func (m *merger) errorAt(out *Codebook, kept []*entity, at *entity, err error) error {
	i := 0
	for _, e := range kept {
		if e == at {
			break
		}
		if e.kind == at.kind {
			i++
		}
	}
	de := &DecodeError{File: mergedName, Err: err}
	if data, eerr := out.Encode(); eerr == nil {
		if cb, derr := Decode(mergedName, data); derr == nil {
			if n := cb.itemNode(at.kind, i); n != nil {
				de.Line, de.Column = n.Line, n.Column
			}
		}
	}
	return Errors{de}
}

// itemNode returns the YAML node of the i-th item of a kind.
func (cb *Codebook) itemNode(kind string, i int) *yaml.Node {
	switch {
	case kind == "core" && cb.Core != nil:
		return cb.Core.node
	case kind == "category" && i < len(cb.Categories):
		return cb.Categories[i].node
	case kind == "code" && i < len(cb.Codes):
		return cb.Codes[i].node
	case kind == "relation" && i < len(cb.Relations):
		return cb.Relations[i].node
	}
	return nil
}

// mergedName is how errors name the merged text.
const mergedName = "merged codebook"

// match pairs the items of one kind across base, ours and theirs.
func (m *merger) match(kind string) []*slot {
	base := entities(m.base, kind)
	ours := entities(m.ours, kind)
	theirs := entities(m.theirs, kind)
	if kind == "core" {
		s := &slot{kind: kind}
		if len(base) > 0 {
			s.base = base[0]
		}
		if len(ours) > 0 {
			s.ours = ours[0]
		}
		if len(theirs) > 0 {
			s.theirs = theirs[0]
		}
		return []*slot{s}
	}
	oursOf := m.pair(kind, base, ours, m.hints.Ours, "ours")
	theirsOf := m.pair(kind, base, theirs, m.hints.Theirs, "theirs")
	var slots []*slot
	used := map[*entity]bool{}
	for _, b := range base {
		s := &slot{kind: kind, base: b, ours: oursOf[b], theirs: theirsOf[b]}
		used[s.ours], used[s.theirs] = true, true
		slots = append(slots, s)
	}
	// Additions: ours in ours' order, then theirs; the same name added on
	// both sides is one item.
	added := map[string]*slot{}
	for _, o := range ours {
		if !used[o] {
			s := &slot{kind: kind, ours: o}
			added[Key(o.name())] = s
			slots = append(slots, s)
		}
	}
	for _, t := range theirs {
		if used[t] {
			continue
		}
		if s := added[Key(t.name())]; s != nil {
			s.theirs = t
			continue
		}
		slots = append(slots, &slot{kind: kind, theirs: t})
	}
	return slots
}

// pair maps each base item to its version on one side: the item of the
// same name, else the item the hints or an exact rename point to.
func (m *merger) pair(kind string, base, side []*entity, hints []Rename, sideName string) map[*entity]*entity {
	out := map[*entity]*entity{}
	byKey := map[string]*entity{}
	for _, e := range side {
		byKey[Key(e.name())] = e
	}
	baseKeys := map[string]bool{}
	for _, b := range base {
		baseKeys[Key(b.name())] = true
		if e := byKey[Key(b.name())]; e != nil {
			out[b] = e
		}
	}
	m.renamedOnto(kind, base, out, hints, sideName)
	taken := map[*entity]bool{}
	for _, e := range out {
		taken[e] = true
	}
	var newOnes []*entity
	for _, e := range side {
		if !taken[e] && !baseKeys[Key(e.name())] {
			newOnes = append(newOnes, e)
		}
	}
	for _, b := range base {
		if out[b] != nil {
			continue
		}
		var found *entity
		for _, h := range hints {
			if h.Kind == kind && Key(h.From) == Key(b.name()) {
				if e := byKey[Key(h.To)]; e != nil && !taken[e] && !baseKeys[Key(h.To)] {
					found = e
				}
			}
		}
		if found == nil {
			found = m.uniqueRename(b, newOnes, taken, sideName)
		}
		if found != nil {
			out[b] = found
			taken[found] = true
		}
	}
	return out
}

// renamedOnto finds, in out (base items paired by name with a side's),
// the items the side renamed onto the name of one it removed: the side's
// item of a base item's name is another base item renamed when a hint says
// so, or when it differs from the base item of its name and equals, but
// for the name, exactly one base item the side has no item of that name
// for. That base item is then paired with it, and the one of its name is
// left unpaired (removed on the side), so that the other side's references
// to the removed item do not follow the name to the renamed one.
func (m *merger) renamedOnto(kind string, base []*entity, out map[*entity]*entity, hints []Rename, side string) {
	var orphans []*entity
	for _, b := range base {
		if out[b] == nil {
			orphans = append(orphans, b)
		}
	}
	for _, b := range base {
		e := out[b]
		if e == nil || len(orphans) == 0 {
			continue
		}
		ev := m.translate(side, e)
		if sameButName(m.translate("base", b), ev) {
			continue // the same item, at most respelled
		}
		var from *entity
		for _, h := range hints {
			if h.Kind != kind || Key(h.To) != Key(e.name()) {
				continue
			}
			for _, o := range orphans {
				if Key(o.name()) == Key(h.From) {
					from = o
				}
			}
		}
		if from == nil {
			n := 0
			for _, o := range orphans {
				if sameButName(m.translate("base", o), ev) {
					from, n = o, n+1
				}
			}
			if n != 1 {
				from = nil
			}
		}
		if from != nil {
			out[from] = e
			delete(out, b)
			orphans = slices.DeleteFunc(orphans, func(o *entity) bool { return o == from })
		}
	}
}

// uniqueRename returns the one new item that equals b in every field but
// its name (references compared by the items they name), or nil when
// there is none or more than one.
func (m *merger) uniqueRename(b *entity, cands []*entity, taken map[*entity]bool, side string) *entity {
	var found *entity
	bv := m.translate("base", b)
	for _, e := range cands {
		if taken[e] || !sameButName(bv, m.translate(side, e)) {
			continue
		}
		if found != nil {
			return nil
		}
		found = e
	}
	return found
}

func sameButName(a, b map[string]string) bool {
	for k, v := range a {
		if k != "name" && b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if k != "name" && a[k] != v {
			return false
		}
	}
	return true
}

// mergeName settles the merged name of a slot and records, for each side,
// which merged name its spelling stands for.
func (m *merger) mergeName(kind string, s *slot) {
	get := func(e *entity) string { return e.name() }
	o, t := s.ours, s.theirs
	switch {
	case o != nil && t != nil:
		s.final, _ = pick3(get(s.base), get(o), get(t), Key)
	case o != nil:
		s.final = get(o)
	case t != nil:
		s.final = get(t)
	default:
		s.final = get(s.base)
	}
	if s.final == "" {
		return
	}
	s.id = len(m.slots)
	m.slots = append(m.slots, s)
	for side, e := range map[string]*entity{"base": s.base, "ours": o, "theirs": t} {
		if e != nil {
			m.finals[side][kind+"\x00"+Key(e.name())] = s
		}
	}
}

// pick3 is the three-way rule for one value: equal sides agree; a side
// that kept the base value yields to the other. conflict is set when both
// changed it differently, and ours is returned.
func pick3(base, ours, theirs string, norm func(string) string) (v string, conflict bool) {
	switch {
	case norm(ours) == norm(theirs):
		return ours, false
	case norm(ours) == norm(base):
		return theirs, false
	case norm(theirs) == norm(base):
		return ours, false
	}
	return ours, true
}

func same(s string) string { return s }

// refKinds is what a reference field may name, in the order names are
// looked up.
var refKinds = map[string][]string{
	"category":    {"category"},
	"parent":      {"category"},
	"stages":      {"category"},
	"disconfirms": {"category"},
	"from":        {"category", "code", "core"},
	"to":          {"category", "code", "core"},
}

// A reference, once translate has found the item it names, is held as ref
// of the item's slot: refMark and the slot's id. Two references are equal
// when they name the same item, whatever its names on the two sides; named
// turns them into the item's merged name.
const refMark = "\x00"

func ref(s *slot) string { return refMark + strconv.Itoa(s.id) }

// refSlot returns the slot a reference names, or nil when v is a name
// translate did not find.
func (m *merger) refSlot(v string) *slot {
	id, ok := strings.CutPrefix(v, refMark)
	if !ok {
		return nil
	}
	i, err := strconv.Atoi(id)
	if err != nil || i < 0 || i >= len(m.slots) {
		return nil
	}
	return m.slots[i]
}

// refs calls f for each reference of e's fields, in field order.
func refs(e *entity, f func(field, v string)) {
	for _, fd := range mergeFields[e.kind] {
		if fd.ref {
			for _, p := range splitList(e.vals[fd.name]) {
				f(fd.name, p)
			}
		}
	}
}

// names returns vals with every reference replaced by the merged name of
// the item it names.
func (m *merger) names(vals map[string]string) map[string]string {
	out := maps.Clone(vals)
	for k, v := range out {
		if !strings.Contains(v, refMark) {
			continue
		}
		parts := splitList(v)
		for i, p := range parts {
			if s := m.refSlot(p); s != nil {
				parts[i] = s.final
			}
		}
		out[k] = strings.Join(parts, listSep)
	}
	return out
}

// named returns e with its references as names.
func (m *merger) named(e *entity) *entity {
	return &entity{e.kind, m.names(e.vals), e.node}
}

// translate returns e's fields with every reference replaced by the ref
// of the item it names on its side.
func (m *merger) translate(side string, e *entity) map[string]string {
	out := map[string]string{}
	if e == nil {
		return out
	}
	for _, f := range mergeFields[e.kind] {
		v := e.vals[f.name]
		if f.ref && v != "" {
			parts := strings.Split(v, listSep)
			for i, p := range parts {
				parts[i] = m.finalName(side, f.name, p)
			}
			v = strings.Join(parts, listSep)
		}
		out[f.name] = v
	}
	return out
}

func (m *merger) finalName(side, field, name string) string {
	for _, kind := range refKinds[field] {
		if s, ok := m.finals[side][kind+"\x00"+Key(name)]; ok {
			return ref(s)
		}
	}
	return name
}

// resolve merges one slot into the item the merged codebook holds, or nil
// when it is removed.
func (m *merger) resolve(kind string, s *slot) *entity {
	if s.base == nil && s.ours == nil && s.theirs == nil {
		return nil // no core anywhere
	}
	b, o, t := m.translate("base", s.base), m.translate("ours", s.ours), m.translate("theirs", s.theirs)
	node := s.base
	for _, e := range []*entity{s.theirs, s.ours} {
		if e != nil {
			node = e
		}
	}
	label := s.final
	if kind == "relation" {
		label = relationLabel(m.names(o))
		if s.ours == nil {
			label = relationLabel(m.names(t))
		}
	}
	switch {
	case s.base != nil && s.ours == nil && s.theirs == nil:
		m.removed[s] = &entity{kind, b, s.base.node}
		return nil
	case s.base != nil && s.ours == nil:
		return m.removedOnOneSide(s, label, b, t, s.theirs.node, "ours", "theirs")
	case s.base != nil && s.theirs == nil:
		return m.removedOnOneSide(s, label, b, o, s.ours.node, "theirs", "ours")
	case s.ours == nil:
		if kind == "code" {
			m.theirsNew[Key(t["name"])] = true
		}
		return &entity{kind, t, node.node}
	case s.theirs == nil:
		return &entity{kind, o, node.node}
	}
	out := map[string]string{}
	for _, f := range mergeFields[kind] {
		if kind == "relation" && f.name == "evidence" {
			out[f.name] = mergeSet(b[f.name], o[f.name], t[f.name])
			continue
		}
		norm := same
		if f.name == "name" || f.ref {
			norm = Key
		}
		v, conflict := pick3(b[f.name], o[f.name], t[f.name], norm)
		out[f.name] = v
		if conflict {
			shown := func(vals map[string]string) string { return shown(m.names(vals)[f.name]) }
			m.conflicts = append(m.conflicts, Conflict{Kind: kind, Name: label, Field: f.name,
				Base: shown(b), Ours: shown(o), Theirs: shown(t), Kept: "ours"})
		}
	}
	return &entity{kind, out, node.node}
}

// mergeSet merges three listSep-joined lists as sets: ours' members
// theirs did not remove, in ours' order, then theirs' members neither the
// base nor ours holds, in theirs' order.
func mergeSet(base, ours, theirs string) string {
	set := func(v string) map[string]bool {
		m := map[string]bool{}
		for _, x := range splitList(v) {
			m[x] = true
		}
		return m
	}
	inBase, inOurs, inTheirs := set(base), set(ours), set(theirs)
	var out []string
	for _, x := range splitList(ours) {
		if inBase[x] && !inTheirs[x] {
			continue // removed on theirs
		}
		out = append(out, x)
	}
	for _, x := range splitList(theirs) {
		if !inBase[x] && !inOurs[x] {
			out = append(out, x)
		}
	}
	return strings.Join(out, listSep)
}

func shown(v string) string { return strings.ReplaceAll(v, listSep, ", ") }

// removedOnOneSide handles an item one side (gone) removed: it stays
// removed when the other side (kept) left it as it was, and is kept with a
// conflict when the other side changed it.
func (m *merger) removedOnOneSide(s *slot, label string, base, kept map[string]string, node *yaml.Node, gone, keptSide string) *entity {
	kind := s.kind
	if maps.Equal(base, kept) {
		m.removed[s] = &entity{kind, base, node}
		return nil
	}
	c := Conflict{Kind: kind, Name: label, Field: "removed", Kept: keptSide}
	msgGone, msgKept := "removed on "+gone, "changed on "+keptSide
	if gone == "ours" {
		c.Ours, c.Theirs = msgGone, msgKept
	} else {
		c.Ours, c.Theirs = msgKept, msgGone
	}
	m.conflicts = append(m.conflicts, c)
	return &entity{kind, kept, node}
}

// matchRelations pairs relations by their ends (as merged names) and kind.
func (m *merger) matchRelations() []*slot {
	key := func(side string, e *entity) string {
		v := m.translate(side, e)
		return Key(v["from"]) + "\x00" + Key(v["to"]) + "\x00" + strings.ToLower(v["as"])
	}
	byKey := map[string]*slot{}
	var slots []*slot
	get := func(k string) *slot {
		s := byKey[k]
		if s == nil {
			s = &slot{kind: "relation"}
			byKey[k] = s
			slots = append(slots, s)
		}
		return s
	}
	for _, e := range entities(m.base, "relation") {
		get(key("base", e)).base = e
	}
	for _, e := range entities(m.ours, "relation") {
		get(key("ours", e)).ours = e
	}
	for _, e := range entities(m.theirs, "relation") {
		get(key("theirs", e)).theirs = e
	}
	return slots
}

// restoreReferenced puts back items one side removed that the merged
// items still refer to (the other side added a code to a category the
// first removed, say), each with a conflict, and returns kept with them.
// A reference is to an item, not a name: another item that has come to
// carry the removed one's name does not stand in for it.
func (m *merger) restoreReferenced(kept []*entity) []*entity {
	for {
		restored := false
		round := kept
		for _, kind := range []string{"code", "category", "core", "relation"} {
			for _, e := range round {
				if e.kind != kind {
					continue
				}
				refs(e, func(_, v string) {
					s := m.refSlot(v)
					if s == nil || s.out != nil || m.removed[s] == nil {
						return
					}
					r := m.removed[s]
					delete(m.removed, s)
					s.out = r
					kept = append(kept, r)
					m.conflicts = append(m.conflicts, Conflict{Kind: s.kind, Name: r.vals["name"], Field: "removed",
						Ours: "removed on one side", Theirs: "still used by the other", Kept: "restored"})
					restored = true
				})
			}
		}
		if !restored {
			return kept
		}
	}
}

// checkTargets makes sure that each reference of the merged items names,
// in the merged codebook, the item it meant: a relation's end that meant
// a code must not name a category that has come to have the code's name
// (a name that is a category and a code is the category). It returns the
// item whose reference would name another, and why.
func (m *merger) checkTargets(kept []*entity) (*entity, error) {
	holder := map[string]*slot{}
	for _, s := range m.slots {
		if s.out != nil {
			holder[s.kind+"\x00"+Key(s.final)] = s
		}
	}
	for _, e := range kept {
		var err error
		refs(e, func(field, v string) {
			want := m.refSlot(v)
			if want == nil || err != nil {
				return
			}
			for _, kind := range refKinds[field] {
				got := holder[kind+"\x00"+Key(want.final)]
				if got == nil {
					continue
				}
				if got != want {
					label := e.vals["name"]
					if e.kind == "relation" {
						label = relationLabel(m.names(e.vals))
					}
					err = fmt.Errorf("%s %q: %s %q meant the %s now named %q, but in the merged codebook that name is first the %s's (a name is looked up as %s, in that order); rename one of the two on one side and merge again",
						e.kind, label, field, want.final, want.kind, want.final, got.kind, strings.Join(refKinds[field], ", then "))
				}
				return
			}
		})
		if err != nil {
			return e, err
		}
	}
	return nil, nil
}

// relationLabel names a relation by its ends.
func relationLabel(v map[string]string) string { return v["from"] + " → " + v["to"] }
