package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Codebook tags (docs/format.md, "Codebook tags"): tags/codebook.jsonl, one
// line per tag in the order they were made, and tags/codebook/NAME.yaml,
// the codebook.yaml of that moment byte for byte.
const (
	TagsDir         = "tags"
	CodebookTagsRel = "tags/codebook.jsonl"
	codebookTagsDir = "tags/codebook"
)

// Tag is a named version of the codebook.
type Tag struct {
	Name    string    `json:"name"`
	Time    time.Time `json:"time"`
	Coder   string    `json:"coder"`
	Message string    `json:"message,omitempty"`
	SHA256  string    `json:"sha256"`
}

// CodebookTagRel is the project-relative path of the copy of a tag's
// codebook.
func CodebookTagRel(name string) string { return codebookTagsDir + "/" + name + ".yaml" }

// Tags returns the codebook tags in the order they were made (nil when
// there are none).
func (p *Project) Tags() ([]Tag, error) {
	data, err := p.readStoreFile(CodebookTagsRel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return coding.ReadJSONL[Tag](p.Path(CodebookTagsRel), bytes.NewReader(data))
}

// TagCodebook records the codebook as it stands on disk under name, with a
// message. A name is used once; a tag is never changed, so the change
// cannot be undone.
func (e *Edit) TagCodebook(name, message string) (Tag, error) {
	if err := corpus.ValidateID(name); err != nil {
		return Tag{}, &errs.Invalid{Field: "name", Value: name, Reason: fmt.Sprintf("tag name %v", err)}
	}
	tags, err := e.p.Tags()
	if err != nil {
		return Tag{}, err
	}
	if slices.ContainsFunc(tags, func(t Tag) bool { return t.Name == name }) {
		return Tag{}, &errs.Exists{Kind: "tag", Name: name}
	}
	data, err := e.p.readStoreFile(CodebookFile)
	if err != nil {
		return Tag{}, err
	}
	t := Tag{Name: name, Time: e.Now().UTC(), Coder: e.entry.Coder, Message: message, SHA256: SHA256(data)}
	e.Tx.WriteFile(CodebookTagRel(name), data)
	e.Tx.AppendFile(CodebookTagsRel, coding.AppendJSONL(nil, t))
	e.Irreversible("a codebook tag is never changed")
	return t, nil
}
