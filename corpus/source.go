package corpus

import (
	"time"
)

// Source is the metadata of one ingested transcript, as stored in
// sources/ID/source.yaml.
type Source struct {
	// ID names the source in references (P21 in P21#4).
	ID string `yaml:"id" json:"id"`
	// Participant is the interviewee; it defaults to the source id.
	Participant string `yaml:"participant" json:"participant"`
	// Format is the format the original was read as (see Transcript).
	Format string `yaml:"format" json:"format"`
	// Encoding is the text encoding detected in the original.
	Encoding string `yaml:"encoding" json:"encoding"`
	// Original is the file name of the original within the source's
	// directory (original.EXT); OriginalName is the name it had when it was
	// ingested.
	Original     string `yaml:"original" json:"original"`
	OriginalName string `yaml:"original_name" json:"original_name"`
	// OriginalSHA256 is the SHA-256 of the original's bytes, so that
	// re-ingesting the same file is recognised.
	OriginalSHA256 string `yaml:"original_sha256" json:"original_sha256"`
	// TextSHA256 is the SHA-256 of turns.jsonl, so that a change made to
	// it behind the tool's back is detected.
	TextSHA256 string `yaml:"text_sha256" json:"text_sha256"`
	// Turns and Chars count the turns and the code points of their texts.
	Turns int `yaml:"turns" json:"turns"`
	Chars int `yaml:"chars" json:"chars"`
	// Speakers are the distinct speakers in order of appearance.
	Speakers []string `yaml:"speakers,flow" json:"speakers"`
	// Ingested is when the source was added (or last replaced). Sources
	// ingested together get consecutive nanoseconds, so ordering by
	// Ingested then ID gives the ingest order.
	Ingested time.Time `yaml:"ingested" json:"ingested"`
}

// Participant is a person interviewed, with the attributes a researcher
// records about them (role, setting, years in recovery ...). Values are
// text.
type Participant struct {
	ID         string            `json:"id"`
	Attributes map[string]string `json:"attributes"`
}
