package project

import (
	"sort"
)

// settings: speakers.yaml and grounded.local.yaml. A file that does not
// decode is an error (every command that reads it would fail); a role
// given for a source that does not exist, or for a speaker who never
// speaks in that source, is a warning: the role applies to nobody, which
// is usually a misspelt label or a source renamed by hand.
func (c *checker) settings() {
	if l, err := c.p.ReadLocal(); err != nil {
		c.addErr("error", c.p.Path(LocalFile), 0, err)
	} else if l.Coder != "" {
		if _, err := CheckCoder(l.Coder); err != nil {
			c.add("error", c.p.Path(LocalFile), 0, "coder: %v", err)
		}
	}
	roles, err := c.p.ReadSpeakerRoles()
	if err != nil {
		c.addErr("error", c.p.Path(SpeakersFile), 0, err)
		return
	}
	ids := make([]string, 0, len(roles.Sources))
	for id := range roles.Sources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		speaks, ok := c.speakers[id] // recorded by the sources section
		if !ok {
			if _, exists := c.srcs[id]; !exists {
				c.add("warning", c.p.Path(SpeakersFile), 0, "roles are given for source %s, which is not in the project; remove its entry or correct the id", id)
			}
			continue
		}
		names := make([]string, 0, len(roles.Sources[id]))
		for sp := range roles.Sources[id] {
			names = append(names, sp)
		}
		sort.Strings(names)
		for _, sp := range names {
			if !speaks[sp] {
				c.add("warning", c.p.Path(SpeakersFile), 0, "source %s: %q has a role but never speaks in that source; correct the label (speaker labels are exact)", id, sp)
			}
		}
	}
}
