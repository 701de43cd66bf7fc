package refi

import (
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Conversion of the <Code> tree into grounded's codebook.

// RuleNoSuchCore: the core asked for is not a top-level code of the
// project imported (errs.Invalid, Field "core").
const RuleNoSuchCore = "refi-no-such-core"

func (c *conv) codebook(top []XCode) error {
	coreAt := -1
	for i := range top {
		x := &top[i]
		id, _ := NormGUID(x.GUID)
		if c.opts.Core != "" {
			if codebook.Key(x.Name) == codebook.Key(c.opts.Core) {
				coreAt = i
				break
			}
		} else if id == CoreGUID(x.Name) && !parseBool(x.IsCodable, false) {
			coreAt = i
			break
		}
	}
	if c.opts.Core != "" && coreAt < 0 {
		var names []string
		for _, x := range top {
			names = append(names, fmt.Sprintf("%q", x.Name))
		}
		return &errs.Invalid{Field: "core", Rule: RuleNoSuchCore, Value: c.opts.Core,
			Reason: fmt.Sprintf("%q: no top-level code has that name (the top-level codes are %s)", c.opts.Core, strings.Join(names, ", "))}
	}
	if coreAt >= 0 {
		x := &top[coreAt]
		coreName := cleanCodeName(x.Name, "Core category")
		c.cats.reserve(coreName)
		var stages []string
		for i := range x.Codes {
			ch := &x.Codes[i]
			if len(ch.Codes) == 0 && parseBool(ch.IsCodable, true) {
				c.imp.notef("code %q stands directly under the core category %q; imported without a category", ch.Name, coreName)
				c.walk(ch, "")
				continue
			}
			stages = append(stages, c.walk(ch, ""))
		}
		if _, err := c.cb.SetCore(coreName, stages); err != nil {
			return fmt.Errorf("core category %q: %w", coreName, err)
		}
		c.cb.Core.Description = strings.TrimSpace(x.Description)
		c.addNode(x, &node{x: x, core: true, category: coreName})
	}
	for i := range top {
		if i != coreAt {
			c.walk(&top[i], "")
		}
	}
	return nil
}

func (c *conv) addNode(x *XCode, n *node) {
	id, ok := NormGUID(x.GUID)
	if !ok {
		// Some tools write ids that are not GUIDs; references to them are
		// matched by the exact string.
		id = strings.TrimSpace(x.GUID)
		if id == "" {
			c.imp.notef("code %q has no guid; codings cannot refer to it", x.Name)
			return
		}
		c.nonGUID++
	}
	if _, dup := c.nodes[id]; dup {
		c.imp.notef("code %q: guid %s is used twice; the first one wins", x.Name, id)
		return
	}
	c.nodes[id] = n
	for _, r := range x.NoteRefs {
		t := coding.Target{Kind: coding.TargetCode, Name: n.code}
		if n.category != "" {
			t = coding.Target{Kind: coding.TargetCategory, Name: n.category}
		}
		c.attachNote(r.TargetGUID, t)
	}
}

// walk converts a code and its children under category parent and
// returns the name of what it became.
func (c *conv) walk(x *XCode, parent string) string {
	codable := parseBool(x.IsCodable, true)
	g := parseDescription(x.Description)
	if len(x.Codes) > 0 || !codable {
		name := c.cats.take(cleanCodeName(x.Name, "Unnamed category"))
		if codebook.Key(name) != codebook.Key(x.Name) {
			c.imp.notef("category %q is imported as %q (names must be unique and non-empty)", x.Name, name)
		}
		cat, err := c.cb.AddCategory(name, parent, "")
		if err != nil { // cannot happen: the name is unique and the parent exists
			c.imp.notef("category %q: %v; imported at the top level", name, err)
			cat, _ = c.cb.AddCategory(name, "", "")
		}
		c.keepGUID(kindCategory, codebook.Key(name), x.GUID)
		if codable {
			c.imp.Foreign.Codable[codebook.Key(name)] = !c.fromGrounded
		}
		if strings.TrimSpace(x.Color) != "" {
			c.drop("colour(s) of codes that became categories (grounded's categories have no colour)")
		}
		if cat != nil {
			cat.Description, cat.WhenToUse, cat.Provisional = g.Description, g.WhenToUse, g.Provisional
			if g.WhenNotToUse != "" || g.Example != "" {
				cat.Description = describe(g.Description, "", g.WhenNotToUse, g.Example, false)
			}
		}
		c.addNode(x, &node{x: x, category: name, codable: codable})
		for i := range x.Codes {
			c.walk(&x.Codes[i], name)
		}
		return name
	}
	name := c.codes.take(cleanCodeName(x.Name, "Unnamed code"))
	if codebook.Key(name) != codebook.Key(x.Name) {
		c.imp.notef("code %q is imported as %q (names must be unique and non-empty)", x.Name, name)
	}
	code, err := c.cb.AddCode(name, parent)
	if err != nil {
		c.imp.notef("code %q: %v; imported without a category", name, err)
		code, _ = c.cb.AddCode(name, "")
	}
	if code != nil {
		code.Description, code.WhenToUse, code.WhenNotToUse, code.Example = g.Description, g.WhenToUse, g.WhenNotToUse, g.Example
		code.Color = c.color(x)
	}
	c.keepGUID(kindCode, codebook.Key(name), x.GUID)
	c.addNode(x, &node{x: x, code: name, codable: true})
	return name
}

// codeFor returns the code a coding with CodeRef guid applies, creating a
// code for a category that is coded (other tools let categories be
// coded; grounded codes only codes).
func (c *conv) codeFor(guid string) (string, bool) {
	n := c.nodes[strings.TrimSpace(guid)] // exact first: ids that are not GUIDs
	if n == nil {
		id, _ := NormGUID(guid)
		n = c.nodes[id]
	}
	if n == nil {
		return "", false
	}
	if n.code != "" {
		return n.code, true
	}
	name := c.codes.take(n.category)
	cat := n.category
	if n.core {
		cat = ""
	}
	code, err := c.cb.AddCode(name, cat)
	if err != nil {
		return "", false
	}
	if col := c.color(n.x); col != "" {
		code.Color = col
	}
	n.code = name
	if n.codable {
		c.imp.notef("%q has sub-codes and codings of its own: it is imported as category %q holding a code %q with those codings", n.x.Name, n.category, name)
	} else {
		c.imp.notef("%q is marked not codable but has codings: they are imported under a new code %q in category %q", n.x.Name, name, n.category)
	}
	return name, true
}

// color is a <Code>'s colour as grounded writes it: #rrggbb, a #RGB
// expanded; "" when it has none. A colour that fits neither form is
// reported and dropped (the code gets one from the palette).
func (c *conv) color(x *XCode) string {
	col := strings.TrimSpace(x.Color)
	if col == "" {
		return ""
	}
	norm, ok := codebook.NormColor(col)
	if !ok {
		c.imp.notef("code %q (guid %s): color %q is neither #RRGGBB nor #RGB; left out", x.Name, x.GUID, col)
		return ""
	}
	return strings.ToLower(norm)
}
