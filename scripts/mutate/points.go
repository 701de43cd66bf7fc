package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

// Kinds of mutant: gremlins' default set, with gremlins' names, so that
// scores stay comparable.
const (
	kindBoundary   = "CONDITIONALS_BOUNDARY"
	kindNegation   = "CONDITIONALS_NEGATION"
	kindArithmetic = "ARITHMETIC_BASE"
	kindIncDec     = "INCREMENT_DECREMENT"
	kindNegatives  = "INVERT_NEGATIVES"
)

// A mutant is one change at one mutation point.
type mutant struct {
	ID       int      `json:"id"`
	File     string   `json:"file"` // relative to the package directory
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Kind     string   `json:"kind"`
	Original string   `json:"original"`
	Mutated  string   `json:"mutated"`
	Status   string   `json:"status"`
	Tests    []string `json:"tests,omitempty"`
	Equiv    string   `json:"equivalent,omitempty"` // the reason given in the equivalents file
	Seconds  float64  `json:"seconds,omitempty"`
	Source   string   `json:"-"` // the source line, for the text report
	site     *site
}

// key is the mutant's stable name: file:line:col kind.
func (m *mutant) key() string { return fmt.Sprintf("%s:%d:%d %s", m.File, m.Line, m.Col, m.Kind) }

// A site is one rewritten expression or statement: the text edits that
// turn it into a call of the run-time package, and the mutants it carries
// (two for an ordering comparison, one otherwise).
type site struct {
	file    string
	at      int // byte offset of the operator: the sites' order
	start   int // byte offset of the rewritten text in the original file
	end     int
	open    string // inserted at start; {ID} and {ID2} are replaced by the mutant ids
	op      [2]int // the operator's byte range, replaced by sep
	sep     string
	close   string // inserted at end
	mutants []*mutant
	dropped bool // did not compile: not viable
}

// pkgInfo is what 'go list' says about the target package.
type pkgInfo struct {
	Dir        string
	ImportPath string
	Name       string
	GoFiles    []string
	CgoFiles   []string
	Module     *struct{ Path, Dir string }
}

func goList(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	return cmd.Output()
}

// loadPackage lists the package and the export data of its dependencies.
func loadPackage(dir, pattern string) (*pkgInfo, map[string]string, error) {
	out, err := goList(dir, "-json", pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("go list %s: %w", pattern, err)
	}
	var p pkgInfo
	if err := json.Unmarshal(out, &p); err != nil {
		return nil, nil, fmt.Errorf("go list %s: %w", pattern, err)
	}
	if p.Module == nil {
		return nil, nil, fmt.Errorf("%s is not in a module", pattern)
	}
	out, err = goList(dir, "-e", "-export", "-deps", "-json=ImportPath,Export", pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("go list -export %s: %w", pattern, err)
	}
	exports := map[string]string{}
	dec := json.NewDecoder(bytesReader(out))
	for {
		var e struct{ ImportPath, Export string }
		if err := dec.Decode(&e); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, err
		}
		exports[e.ImportPath] = e.Export
	}
	return &p, exports, nil
}

// findSites parses and type-checks the package's files and returns every
// mutation site, in file and offset order, with the mutants numbered from 0.
func findSites(p *pkgInfo, exports map[string]string, only map[string]bool) (map[string][]byte, []*site, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	src := map[string][]byte{}
	names := append(append([]string{}, p.GoFiles...), p.CgoFiles...)
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(p.Dir, name))
		if err != nil {
			return nil, nil, err
		}
		f, err := parser.ParseFile(fset, name, b, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		src[name] = b
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		e, ok := exports[path]
		if !ok || e == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(e)
	})
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: imp, FakeImportC: len(p.CgoFiles) > 0}
	if _, err := conf.Check(p.ImportPath, fset, files, info); err != nil {
		return nil, nil, fmt.Errorf("type-checking %s: %w", p.ImportPath, err)
	}
	var sites []*site
	for i, f := range files {
		name := names[i]
		if len(only) > 0 && !only[name] {
			continue
		}
		sites = append(sites, fileSites(fset, f, name, src[name], info)...)
	}
	sort.SliceStable(sites, func(i, j int) bool {
		if sites[i].file != sites[j].file {
			return sites[i].file < sites[j].file
		}
		return sites[i].at < sites[j].at
	})
	id := 0
	for _, s := range sites {
		for _, m := range s.mutants {
			m.ID = id
			id++
		}
	}
	return src, sites, nil
}

var (
	ordering = map[token.Token]struct{ helper, boundary, negation string }{
		token.LSS: {"Lt", "<=", ">="},
		token.LEQ: {"Le", "<", ">"},
		token.GTR: {"Gt", ">=", "<="},
		token.GEQ: {"Ge", ">", "<"},
	}
	arithmetic = map[token.Token]struct{ helper, mutated string }{
		token.ADD: {"Add", "-"},
		token.SUB: {"Sub", "+"},
		token.MUL: {"Mul", "/"},
		token.QUO: {"Div", "*"},
		token.REM: {"Rem", "*"},
	}
)

// fileSites finds the mutation sites of one file.
func fileSites(fset *token.FileSet, f *ast.File, name string, src []byte, info *types.Info) []*site {
	tf := fset.File(f.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }
	var sites []*site
	newSite := func(opPos token.Pos, opLen int, start, end token.Pos) *site {
		s := &site{file: name, at: off(opPos), start: off(start), end: off(end), op: [2]int{off(opPos), off(opPos) + opLen}}
		sites = append(sites, s)
		return s
	}
	addMutant := func(s *site, pos token.Pos, kind, orig, mut string) {
		p := fset.Position(pos)
		s.mutants = append(s.mutants, &mutant{File: name, Line: p.Line, Col: p.Column, Kind: kind,
			Original: orig, Mutated: mut, Source: lineAt(src, off(pos)), site: s})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			if n.Tok == token.CONST {
				return false // constant expressions cannot call functions
			}
		case *ast.BinaryExpr:
			tv := info.Types[n]
			if tv.Value != nil {
				return true // a constant expression
			}
			xt, yt := info.Types[n.X], info.Types[n.Y]
			if xt.Type == nil || yt.Type == nil {
				return true
			}
			op := n.Op.String()
			switch {
			case n.Op == token.EQL || n.Op == token.NEQ:
				neg := map[token.Token]string{token.EQL: "!=", token.NEQ: "=="}[n.Op]
				s := newSite(n.OpPos, len(op), n.Pos(), n.End())
				s.open, s.sep, s.close = "mutantrt.Not({ID}, ", op, ")"
				s.op = [2]int{-1, -1} // the operator stays
				addMutant(s, n.OpPos, kindNegation, op, neg)
			case ordering[n.Op].helper != "":
				if !isOrdered(xt.Type) || !isOrdered(yt.Type) {
					return true
				}
				o := ordering[n.Op]
				s := newSite(n.OpPos, len(op), n.Pos(), n.End())
				s.open, s.sep, s.close = "mutantrt."+o.helper+"({ID}, {ID2}, ", ", ", ")"
				addMutant(s, n.OpPos, kindBoundary, op, o.boundary)
				addMutant(s, n.OpPos, kindNegation, op, o.negation)
			case arithmetic[n.Op].helper != "":
				if !isNumeric(tv.Type, n.Op == token.REM) {
					return true
				}
				a := arithmetic[n.Op]
				s := newSite(n.OpPos, len(op), n.Pos(), n.End())
				s.open, s.sep, s.close = "mutantrt."+a.helper+"({ID}, ", ", ", ")"
				addMutant(s, n.OpPos, kindArithmetic, op, a.mutated)
			}
		case *ast.UnaryExpr:
			if n.Op != token.SUB || info.Types[n].Value != nil || !isNumeric(info.Types[n].Type, false) {
				return true
			}
			s := newSite(n.OpPos, 1, n.Pos(), n.End())
			s.open, s.sep, s.close = "", "mutantrt.Neg({ID}, ", ")"
			addMutant(s, n.OpPos, kindNegatives, "-", "+")
		case *ast.IncDecStmt:
			// x++ becomes x += mutantrt.Step(id, x): still a simple
			// statement (valid as a for loop's post statement) and valid
			// for map elements. x is evaluated twice, so only operands
			// without calls or receives are rewritten.
			if !isNumeric(info.Types[n.X].Type, false) || hasEffects(n.X) {
				return true
			}
			x := string(src[off(n.X.Pos()):off(n.X.End())])
			helper, orig, mut := "Step", "++", "--"
			if n.Tok == token.DEC {
				helper, orig, mut = "StepDown", "--", "++"
			}
			s := newSite(n.TokPos, 2, n.Pos(), n.End())
			s.sep = " += mutantrt." + helper + "({ID}, " + x + ")"
			addMutant(s, n.TokPos, kindIncDec, orig, mut)
		}
		return true
	})
	return sites
}

func isOrdered(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsOrdered != 0 && b.Info()&types.IsUntyped == 0 ||
		ok && b.Info()&types.IsUntyped != 0 && b.Info()&(types.IsNumeric|types.IsString) != 0
}

func isNumeric(t types.Type, integer bool) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsComplex != 0 {
		return false
	}
	if integer {
		return b.Info()&types.IsInteger != 0
	}
	return b.Info()&types.IsNumeric != 0
}

// hasEffects reports whether evaluating e could call a function or
// receive from a channel.
func hasEffects(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}

// lineAt returns the source line holding byte offset off, trimmed.
func lineAt(src []byte, off int) string {
	s, e := off, off
	for s > 0 && src[s-1] != '\n' {
		s--
	}
	for e < len(src) && src[e] != '\n' {
		e++
	}
	return string(trimSpace(src[s:e]))
}
