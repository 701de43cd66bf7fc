//go:build unix

package index

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/grounded-qda/grounded/internal/project"
)

// TestProjectFilesThroughSymlinksRefused: a project cloned or unzipped
// from someone else may hold participants.yaml or speakers.yaml as a
// symbolic link to a file outside it (or to a device). The caches that
// searches read them through (Participants, SpeakerRoles), and
// project.ReadParticipants behind them, refuse such a file with the
// store's path error, as every other project file is read, rather than
// read what the link names.
func TestProjectFilesThroughSymlinksRefused(t *testing.T) {
	dir := t.TempDir() // valid files of each kind, outside the project
	outside := map[string]string{
		project.ParticipantsFile: "version: 1\nattributes: [setting]\nparticipants:\n  - id: P1\n    setting: Shelter\n",
		project.SpeakersFile:     "version: 1\nspeakers: {Ann: interviewer}\n",
	}
	for name, content := range outside {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		file string
		read func(p *project.Project) error
	}{
		{project.ParticipantsFile, func(p *project.Project) error { _, err := Participants(p); return err }},
		{project.ParticipantsFile, func(p *project.Project) error { _, err := p.ReadParticipants(); return err }},
		{project.SpeakersFile, func(p *project.Project) error { _, err := SpeakerRoles(p); return err }},
	} {
		p := newProject(t)
		link := p.Path(tc.file)
		os.Remove(link)
		if err := os.Symlink(filepath.Join(dir, tc.file), link); err != nil {
			t.Fatal(err)
		}
		if err := tc.read(p); err == nil {
			t.Errorf("%s as a link to a file outside the project was read", tc.file)
		}
	}
}
