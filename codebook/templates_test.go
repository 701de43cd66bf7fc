package codebook

import "testing"

func TestTemplatesDecode(t *testing.T) {
	ts := Templates()
	if len(ts) == 0 {
		t.Fatal("no templates embedded")
	}
	for _, tpl := range ts {
		cb, err := Decode(tpl.Name+".yaml", tpl.Data)
		if err != nil {
			t.Fatalf("template %s: %v", tpl.Name, err)
		}
		if tpl.Title == "" {
			t.Errorf("template %s has no '# title:' line", tpl.Name)
		}
		if tpl.Name == "creating-connection" {
			want := []string{"Building Trust", "Fostering the Relationship", "Bridging to Services", "Launching Toward Independence"}
			if cb.Core == nil || cb.Core.Name != "Creating Connection" {
				t.Fatalf("core = %+v", cb.Core)
			}
			if len(cb.Core.Stages) != len(want) {
				t.Fatalf("stages = %q", cb.Core.Stages)
			}
			for i, s := range want {
				if cb.Core.Stages[i] != s {
					t.Errorf("stage %d = %q, want %q", i+1, cb.Core.Stages[i], s)
				}
				c := cb.Category(s)
				if c == nil || c.Description == "" || c.WhenToUse == "" {
					t.Errorf("stage %q lacks a category with description and when_to_use", s)
				}
				subs := cb.Children(s)
				if len(subs) == 0 {
					t.Errorf("stage %q has no sensitizing sub-categories", s)
				}
				for _, sub := range subs {
					if !sub.Provisional {
						t.Errorf("sub-category %q should be provisional", sub.Name)
					}
				}
			}
		}
	}
}
