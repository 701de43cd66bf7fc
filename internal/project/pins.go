package project

import (
	"bytes"
	"errors"
	"io/fs"
	"time"

	"github.com/grounded-qda/grounded/coding"
)

// PinsFile holds the pinned codings (docs/format.md, "Exemplar pins"): one
// line per pin, in pin order.
const PinsFile = "pins.jsonl"

// Pin is a coding pinned as an exemplar of its code.
type Pin struct {
	Coding string    `json:"coding"`
	Code   string    `json:"code"` // informative: the coding's code when pinned
	By     string    `json:"by"`
	Time   time.Time `json:"time"`
}

// Pins returns the pins in pin order, the first line of an id winning
// (nil when there are none).
func (p *Project) Pins() ([]Pin, error) {
	data, err := p.readStoreFile(PinsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	all, err := coding.ReadJSONL[Pin](p.Path(PinsFile), bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Pin
	for _, pin := range all {
		if !seen[pin.Coding] {
			seen[pin.Coding] = true
			out = append(out, pin)
		}
	}
	return out, nil
}

// PinnedIDs returns the pinned coding ids in pin order.
func (p *Project) PinnedIDs() ([]string, error) {
	pins, err := p.Pins()
	var ids []string
	for _, pin := range pins {
		ids = append(ids, pin.Coding)
	}
	return ids, err
}

// SetPins rewrites the pins file with pins (removing it when empty). A pin
// is not recorded in the history's codings, so the change cannot be undone
// (pin or unpin again instead).
func (e *Edit) SetPins(pins []Pin) {
	if len(pins) == 0 {
		e.Tx.Remove(PinsFile)
	} else {
		var b []byte
		for _, pin := range pins {
			pin.Time = pin.Time.UTC()
			b = coding.AppendJSONL(b, pin)
		}
		e.Tx.WriteFile(PinsFile, b)
	}
	e.Irreversible("pins are not kept in the history: pin or unpin the coding again")
}
