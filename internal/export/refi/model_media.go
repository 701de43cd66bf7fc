package refi

// Sources other than text whose text grounded reads: the transcripts of
// audio and video sources and the text representation of PDF sources.

// XMediaSource is <AudioSource> or <VideoSource>: what grounded reads of
// it is its transcripts; selections of the media and codings of the whole
// file are counted (see conv.media).
type XMediaSource struct {
	GUID             string           `xml:"guid,attr"`
	Name             string           `xml:"name,attr,omitempty"`
	Path             string           `xml:"path,attr,omitempty"`
	CreatingUser     string           `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string           `xml:"creationDateTime,attr,omitempty"`
	Description      string           `xml:"Description,omitempty"`
	Transcripts      []XTranscript    `xml:"Transcript"`
	AudioSelections  []XAny           `xml:"AudioSelection"`
	VideoSelections  []XAny           `xml:"VideoSelection"`
	Codings          []XCoding        `xml:"Coding"`
	NoteRefs         []XRef           `xml:"NoteRef"`
	VariableValues   []XVariableValue `xml:"VariableValue"`
}

// XTranscript is <Transcript>: a text whose selections are spans between
// sync points.
type XTranscript struct {
	GUID             string                 `xml:"guid,attr"`
	Name             string                 `xml:"name,attr,omitempty"`
	RichTextPath     string                 `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string                 `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     string                 `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string                 `xml:"creationDateTime,attr,omitempty"`
	Description      string                 `xml:"Description,omitempty"`
	PlainTextContent *string                `xml:"PlainTextContent"`
	SyncPoints       []XSyncPoint           `xml:"SyncPoint"`
	Selections       []XTranscriptSelection `xml:"TranscriptSelection"`
	NoteRefs         []XRef                 `xml:"NoteRef"`
}

// XSyncPoint is <SyncPoint>: a character position of the transcript and
// the time (in milliseconds) of the media it is at.
type XSyncPoint struct {
	GUID      string `xml:"guid,attr"`
	TimeStamp string `xml:"timeStamp,attr,omitempty"`
	Position  string `xml:"position,attr,omitempty"`
}

// XTranscriptSelection is <TranscriptSelection>.
type XTranscriptSelection struct {
	GUID             string    `xml:"guid,attr"`
	Name             string    `xml:"name,attr,omitempty"`
	FromSyncPoint    string    `xml:"fromSyncPoint,attr,omitempty"`
	ToSyncPoint      string    `xml:"toSyncPoint,attr,omitempty"`
	CreatingUser     string    `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string    `xml:"creationDateTime,attr,omitempty"`
	Description      string    `xml:"Description,omitempty"`
	Codings          []XCoding `xml:"Coding"`
	NoteRefs         []XRef    `xml:"NoteRef"`
}

// XPDFSource is <PDFSource>: grounded reads its text <Representation>;
// selections of the PDF's pages are counted.
type XPDFSource struct {
	GUID             string           `xml:"guid,attr"`
	Name             string           `xml:"name,attr,omitempty"`
	CreatingUser     string           `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string           `xml:"creationDateTime,attr,omitempty"`
	Description      string           `xml:"Description,omitempty"`
	PDFSelections    []XAny           `xml:"PDFSelection"`
	Representation   *XTextSource     `xml:"Representation"`
	Codings          []XCoding        `xml:"Coding"`
	NoteRefs         []XRef           `xml:"NoteRef"`
	VariableValues   []XVariableValue `xml:"VariableValue"`
}
