package export_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/cli"
)

// schemaFile is the documented JSON Schema of the hierarchy.
var schemaFile = filepath.Join("..", "..", "docs", "hierarchy.schema.json")

// TestDemoJSONMatchesSchema builds the demo project, exports its hierarchy
// as JSON and checks it against docs/hierarchy.schema.json, and checks
// that docs/hierarchy.md names every field of the schema.
func TestDemoJSONMatchesSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo project")
	}
	dir := t.TempDir()
	t.Setenv("GROUNDED_NOW", "2026-01-15T10:00:00Z")
	run := func(args ...string) string {
		t.Helper()
		io, _, out, errOut := cli.TestIO()
		f := &cli.Factory{IO: io, Version: "test", Getwd: func() (string, error) { return dir, nil },
			Getenv: func(k string) string {
				if k == "GROUNDED_NOW" {
					return "2026-01-15T10:00:00Z"
				}
				return ""
			}}
		if code := cli.Run(f, args); code != 0 {
			t.Fatalf("grounded %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
		}
		return out.String()
	}
	run("demo", "--quiet", "--dir", dir)
	out := run("--project", filepath.Join(dir, "project"), "export", "hierarchy", "--format", "json")

	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	v := &validator{root: schema}
	v.check("$", schema, doc)
	for _, e := range v.errs {
		t.Error(e)
	}
	// The demo has a core with four stages and an emergent category.
	core := doc.(map[string]any)["core"].(map[string]any)
	if n := len(core["children"].([]any)); n != 4 {
		t.Errorf("core has %d stages, want 4", n)
	}
	if v.nodes < 40 {
		t.Errorf("only %d nodes were checked", v.nodes)
	}

	// Every documented field is named in docs/hierarchy.md.
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "hierarchy.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, def := range []any{schema, schema["$defs"].(map[string]any)["node"], schema["$defs"].(map[string]any)["exemplar"]} {
		for name := range def.(map[string]any)["properties"].(map[string]any) {
			if !bytes.Contains(md, []byte("`"+name+"`")) {
				t.Errorf("docs/hierarchy.md does not document field %q", name)
			}
		}
	}
}

// TestValidatorRejects makes sure the validator below can fail.
func TestValidatorRejects(t *testing.T) {
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	node := `{"name": "x", "kind": "code", "level": "open", "description": "", "codings": 1, "sources": 1, "participants": 1, "exemplars": [], "children": []}`
	for _, bad := range []string{
		`{"version": 1, "core": null}`,                                // missing unassigned
		`{"version": 2, "core": null, "unassigned": []}`,              // wrong version
		`{"version": 1, "core": null, "unassigned": [], "extra": 1}`,  // unknown field
		`{"version": 1, "core": "x", "unassigned": []}`,               // core not a node
		`{"version": 1, "core": null, "unassigned": [{"name": "x"}]}`, // incomplete node
		strings.Replace(`{"version": 1, "core": null, "unassigned": [N]}`, "N", strings.Replace(node, `"open"`, `"closed"`, 1), 1),
		strings.Replace(`{"version": 1, "core": null, "unassigned": [N]}`, "N", strings.Replace(node, `"codings": 1`, `"codings": -1`, 1), 1),
		strings.Replace(`{"version": 1, "core": null, "unassigned": [N]}`, "N", strings.Replace(node, `"exemplars": []`, `"exemplars": [{"ref": "P1#1"}]`, 1), 1),
	} {
		dec := json.NewDecoder(strings.NewReader(bad))
		dec.UseNumber()
		var doc any
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		v := &validator{root: schema}
		v.check("$", schema, doc)
		if len(v.errs) == 0 {
			t.Errorf("accepted %s", bad)
		}
	}
	good := strings.Replace(`{"version": 1, "core": null, "unassigned": [N]}`, "N", node, 1)
	dec := json.NewDecoder(strings.NewReader(good))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	v := &validator{root: schema}
	v.check("$", schema, doc)
	if len(v.errs) > 0 {
		t.Errorf("rejected %s: %v", good, v.errs)
	}
}

// validator checks a JSON value against the part of JSON Schema that
// docs/hierarchy.schema.json uses: $ref to #/$defs/..., type, enum,
// minimum, oneOf, properties, required, additionalProperties: false and
// items.
type validator struct {
	root  map[string]any
	errs  []string
	nodes int
}

func (v *validator) errorf(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) check(path string, schema map[string]any, val any) {
	if ref, ok := schema["$ref"].(string); ok {
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		def, found := v.root["$defs"].(map[string]any)[name].(map[string]any)
		if !ok || !found {
			v.errorf(path, "unresolved $ref %q", ref)
			return
		}
		if name == "node" {
			v.nodes++
		}
		v.check(path, def, val)
		return
	}
	if alts, ok := schema["oneOf"].([]any); ok {
		matched := 0
		for _, a := range alts {
			sub := &validator{root: v.root}
			sub.check(path, a.(map[string]any), val)
			if len(sub.errs) == 0 {
				matched++
				v.nodes += sub.nodes
			}
		}
		if matched != 1 {
			v.errorf(path, "matches %d of the oneOf alternatives, want 1", matched)
		}
		return
	}
	if typ, ok := schema["type"].(string); ok && typeOf(val) != typ {
		v.errorf(path, "is %s, want %s", typeOf(val), typ)
		return
	}
	if enum, ok := schema["enum"].([]any); ok {
		if !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(val) }) {
			v.errorf(path, "%v is not one of %v", val, enum)
		}
	}
	if lo, ok := schema["minimum"].(float64); ok {
		if n, err := val.(json.Number).Float64(); err != nil || n < lo {
			v.errorf(path, "%v is under the minimum %v", val, lo)
		}
	}
	switch x := val.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := x[r.(string)]; !ok {
				v.errorf(path, "missing required field %q", r)
			}
		}
		for k, fv := range x {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					v.errorf(path, "field %q is not documented", k)
				}
				continue
			}
			v.check(path+"."+k, ps, fv)
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range x {
				v.check(fmt.Sprintf("%s[%d]", path, i), items, e)
			}
		}
	}
}

func typeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
