package refi

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// ImportOptions configure Convert and ConvertCodebook.
type ImportOptions struct {
	// Coder is who imports: the coder of codings and the author of notes
	// whose creating user is unknown.
	Coder string
	// Core names a top-level code to take as the core category, its
	// non-codable children as the stages in order. Without it only a core
	// written by grounded is recognised (see CoreGUID).
	Core string
	// Now dates what the document leaves undated and the sources' ingest.
	Now time.Time
	// File names the document in error messages (default: "project.qde"
	// for a project, "the .qdc file" for a codebook).
	File string
}

// Imported is a REFI-QDA project or codebook read into grounded's model
// and checked, not yet written anywhere (see Apply).
type Imported struct {
	// Name is the project's name.
	Name     string
	Sources  []*ImportedSource
	Codebook *codebook.Codebook
	Codings  []coding.Coding
	Memos    []coding.Memo
	// Participants are the cases, with their attributes.
	Participants *project.Participants
	// Foreign are the other tool's GUIDs of what was imported, to be kept
	// in the project (see ForeignFile); empty for grounded's own archives.
	Foreign *Foreign
	// Notes says, one line each, what was adjusted or left out.
	Notes []string
}

// ImportedSource is one transcript to add.
type ImportedSource struct {
	Meta     *corpus.Source
	Turns    []corpus.Turn
	Original []byte

	exact bool // the turns are grounded's own: the text is their plain text
}

func (imp *Imported) notef(format string, args ...any) {
	imp.Notes = append(imp.Notes, fmt.Sprintf(format, args...))
}

// node is a <Code> of the document and what it became.
type node struct {
	x        *XCode
	category string // the category it became, or ""
	code     string // the code it became (or, for a category, was given lazily)
	core     bool
	codable  bool
}

// conv holds the state of one conversion.
type conv struct {
	opts   ImportOptions
	imp    *Imported
	cb     *codebook.Codebook
	nodes  map[string]*node // by normalised GUID
	cats   *uniqueNames
	codes  *uniqueNames
	users  map[string]string
	unkUsr int
	// Where notes are attached: the first target found wins.
	noteTarget map[string]coding.Target
	noteCoding map[string]bool // notes on codings and links, consumed

	fromGrounded bool   // the document's origin is grounded
	origin       string // the document's origin attribute
	idMap        idMapping
	sourceGUIDs  map[string]*ImportedSource
	srcByName    map[string]string // a source's name in the document -> its id
	spans        map[string]bool   // codings made, by source, span, code and coder
	codingNotes  []codingNote
	annotations  []coding.Memo // memos from selections without codings
	texts        []XTextSource // the text sources, with transcripts and PDF representations
	transcripts  int           // how many of them came from audio, video or PDF sources
	fromMedia    map[string]bool
	usedUsers    map[string]bool
	nonGUID      int // codes whose guid is not a GUID
	placed       map[string]*placement
	noteSpans    int // notes placed on the span of the selection they hold
	// dropped counts the pieces of the document not kept, by what they
	// are, in the order first met (see drop).
	dropped      map[string]int
	droppedOrder []string
	linkNotes    []linkNote
}

func newConv(opts ImportOptions) *conv {
	if opts.Now.IsZero() {
		opts.Now = time.Now().UTC().Truncate(time.Second)
	}
	return &conv{
		opts: opts, imp: &Imported{Participants: &project.Participants{}, Foreign: newForeign()}, cb: codebook.New(),
		nodes: map[string]*node{}, cats: newUniqueNames(codebook.Key, ""), codes: newUniqueNames(codebook.Key, ""),
		users: map[string]string{}, noteTarget: map[string]coding.Target{}, noteCoding: map[string]bool{},
		spans: map[string]bool{}, fromMedia: map[string]bool{}, usedUsers: map[string]bool{}, placed: map[string]*placement{},
	}
}

// ConvertCodebook reads a .qdc document.
func ConvertCodebook(x *XCodeBook, opts ImportOptions) (*Imported, error) {
	c := newConv(opts)
	if x.Xmlns != "" && x.Xmlns != CodebookNS {
		c.imp.notef("the codebook's namespace is %q, not %q; read it anyway", x.Xmlns, CodebookNS)
	}
	if err := c.codebook(x.Codes.Code); err != nil {
		return nil, err
	}
	if x.Sets != nil {
		c.imp.notef("sets of codes are not imported")
	}
	c.reportDropped()
	c.imp.Codebook = c.cb
	if err := c.cb.Validate(); err != nil {
		return nil, fmt.Errorf("%s: the codebook read from it is not valid: %w", cmp.Or(opts.File, "the .qdc file"), err)
	}
	return c.imp, nil
}

// Convert reads a project document, taking the source texts from a (nil
// when every source carries its text inline).
func Convert(a *Archive, x *XProject, opts ImportOptions) (*Imported, error) {
	c := newConv(opts)
	imp := c.imp
	imp.Name = strings.TrimSpace(x.Name)
	c.fromGrounded = strings.HasPrefix(x.Origin, "grounded")
	c.origin = x.Origin
	c.idMap = readIDMap(a, imp.notef)
	if x.Xmlns != "" && x.Xmlns != ProjectNS {
		imp.notef("the project's namespace is %q, not %q; read it anyway", x.Xmlns, ProjectNS)
	}
	if x.Users != nil {
		for _, u := range x.Users.User {
			id, ok := NormGUID(u.GUID)
			if !ok {
				imp.notef("user %q: %v; ignored", u.Name, guidError("guid", u.GUID))
				continue
			}
			name := cleanCoder(u.Name)
			if name == "" {
				name = cleanCoder(u.ID)
			}
			if name == "" {
				name = "user-" + id[:8]
			}
			if name != u.Name {
				imp.notef("user %q is coder %q", u.Name, name)
			}
			c.users[id] = name
			c.keepGUID(kindUser, strings.ToLower(name), u.GUID)
		}
	}
	if x.CodeBook != nil {
		if err := c.codebook(x.CodeBook.Codes.Code); err != nil {
			return nil, err
		}
	}
	if x.Sources != nil {
		if err := c.sources(a, x.Sources); err != nil {
			return nil, err
		}
	}
	c.links(x)
	c.notes(a, x)
	c.cases(x)
	if x.Sets != nil {
		imp.notef("sets are not imported")
	}
	if x.Graphs != nil {
		imp.notef("graphs are not imported")
	}
	if c.nonGUID > 0 {
		imp.notef("%d code(s) have ids that are not GUIDs; references to them were matched by the exact id", c.nonGUID)
	}
	unused := 0
	for id := range c.users {
		if !c.usedUsers[id] {
			unused++
		}
	}
	c.dropN("user(s) who made no coding or note (grounded knows coders only by what they did)", unused)
	c.reportDropped()
	if c.unkUsr > 0 {
		imp.notef("%d coding(s) and note(s) name no known user; they are attributed to %s", c.unkUsr, c.opts.Coder)
	}
	imp.Codebook = c.cb
	if err := c.cb.Validate(); err != nil {
		return nil, fmt.Errorf("%s: the codebook read from it is not valid: %w", cmp.Or(opts.File, "project.qde"), err)
	}
	return imp, nil
}

// keepGUID records another tool's GUID of an object (see ForeignFile).
func (c *conv) keepGUID(kind, name, guid string) {
	if !c.fromGrounded {
		c.imp.Foreign.add(kind, name, guid)
	}
}

// drop counts a piece of the document that is not kept; what describes
// it in the plural form the report uses.
func (c *conv) drop(what string) { c.dropN(what, 1) }

func (c *conv) dropN(what string, n int) {
	if n <= 0 {
		return
	}
	if c.dropped == nil {
		c.dropped = map[string]int{}
	}
	if _, ok := c.dropped[what]; !ok {
		c.droppedOrder = append(c.droppedOrder, what)
	}
	c.dropped[what] += n
}

// reportDropped adds one note per kind of piece not kept, with its count.
func (c *conv) reportDropped() {
	for _, what := range c.droppedOrder {
		c.imp.notef("not kept: %d %s", c.dropped[what], what)
	}
	c.dropped, c.droppedOrder = nil, nil
}

// ---- users and notes ----

func (c *conv) user(guid string) string {
	if id, ok := NormGUID(guid); ok {
		if n := c.users[id]; n != "" {
			c.usedUsers[id] = true
			return n
		}
	}
	c.unkUsr++
	return c.opts.Coder
}

func (c *conv) attachNote(guid string, t coding.Target) {
	id, _ := NormGUID(guid) // an id that is not a GUID is matched as written (lower case)
	if id == "" {
		return
	}
	if _, seen := c.noteTarget[id]; !seen {
		c.noteTarget[id] = t
	}
}

func (c *conv) time(s string) time.Time {
	if t, ok := parseTime(s); ok {
		return t
	}
	return c.opts.Now
}
