package refi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/internal/project"
)

// ForeignFile is the optional project file that keeps what a REFI-QDA
// import found in another tool's archive and grounded has no field for:
// the GUIDs of its codes, categories, sources, cases, variables and users,
// and which codes that became categories were codable. An export writes
// those GUIDs again (and isCodable="true"), so that going back to NVivo,
// MAXQDA or ATLAS.ti updates the tool's objects instead of creating new
// ones. See docs/format.md.
//
// One line per object, sorted: KIND<TAB>NAME<TAB>GUID[<TAB>codable],
// KIND one of code, category, source, case, variable, user; NAME the
// code's or category's key (lower case), the source, participant or
// attribute id, or the coder's lower-case name.
const ForeignFile = project.ForeignGUIDsFile

// Foreign is the content of ForeignFile.
type Foreign struct {
	GUID    map[string]string // "KIND\x00NAME" -> GUID
	Codable map[string]bool   // category keys that were codable
}

// Kinds of object whose foreign GUID is kept.
var foreignKinds = []string{kindCode, kindCategory, kindSource, kindCase, kindVariable, kindUser}

// ForeignError is a line of ForeignFile that does not parse.
type ForeignError struct {
	Line int
	Msg  string
}

func (e *ForeignError) Error() string { return fmt.Sprintf("%s:%d: %s", ForeignFile, e.Line, e.Msg) }

// DecodeForeign reads ForeignFile.
func DecodeForeign(data []byte) (*Foreign, error) {
	f := &Foreign{GUID: map[string]string{}, Codable: map[string]bool{}}
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) < 3 || len(p) > 4 || !slices.Contains(foreignKinds, p[0]) || p[1] == "" || !ValidGUID(p[2]) || len(p) == 4 && p[3] != "codable" {
			return nil, &ForeignError{Line: i + 1, Msg: "want KIND<TAB>NAME<TAB>GUID[<TAB>codable] with KIND one of " + strings.Join(foreignKinds, ", ")}
		}
		f.GUID[p[0]+"\x00"+p[1]] = p[2]
		if len(p) == 4 {
			f.Codable[p[1]] = true
		}
	}
	return f, nil
}

// Encode renders f, sorted.
func (f *Foreign) Encode() []byte {
	var lines []string
	for k, g := range f.GUID {
		kind, name, _ := strings.Cut(k, "\x00")
		l := kind + "\t" + name + "\t" + g
		if kind == kindCategory && f.Codable[name] {
			l += "\tcodable"
		}
		lines = append(lines, l)
	}
	slices.Sort(lines)
	if len(lines) == 0 {
		return nil
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// add records a GUID unless the object has one already (the first import
// that names it wins); names with a tab or line break are not kept.
func (f *Foreign) add(kind, name, guid string) {
	if name == "" || strings.ContainsAny(name, "\t\n\r") || !ValidGUID(strings.TrimSpace(guid)) {
		return
	}
	k := kind + "\x00" + name
	if _, ok := f.GUID[k]; !ok {
		f.GUID[k] = strings.TrimSpace(guid)
	}
}

// merge adds g's entries that f lacks.
func (f *Foreign) merge(g *Foreign) {
	for k, v := range g.GUID {
		if _, ok := f.GUID[k]; !ok {
			f.GUID[k] = v
		}
	}
	for k := range g.Codable {
		f.Codable[k] = true
	}
}

func newForeign() *Foreign { return &Foreign{GUID: map[string]string{}, Codable: map[string]bool{}} }
