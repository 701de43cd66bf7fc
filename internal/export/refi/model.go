package refi

import "encoding/xml"

// Namespaces of the two REFI-QDA documents. Other spellings seen in the
// wild (for example "urn:QDA-XML:project:1:0") are accepted on import:
// elements are matched by their local names only.
const (
	ProjectNS  = "urn:QDA-XML:project:1.0"
	CodebookNS = "urn:QDA-XML:codebook:1.0"
)

// The types below mirror the elements of Project-mrt2019.xsd and
// Codebook.xsd that grounded reads or writes. Fields are in the order of
// the schema's sequences, because encoding/xml writes them in field order
// and the schema requires that order. Attributes are strings so that
// reading never fails on a value another tool wrote differently (an
// integer with a plus sign, "1" for true); they are checked afterwards.

// XProject is the <Project> root of project.qde.
type XProject struct {
	XMLName           xml.Name    `xml:"Project"`
	Xmlns             string      `xml:"xmlns,attr,omitempty"`
	Name              string      `xml:"name,attr"`
	Origin            string      `xml:"origin,attr,omitempty"`
	CreatingUserGUID  string      `xml:"creatingUserGUID,attr,omitempty"`
	CreationDateTime  string      `xml:"creationDateTime,attr,omitempty"`
	ModifyingUserGUID string      `xml:"modifyingUserGUID,attr,omitempty"`
	ModifiedDateTime  string      `xml:"modifiedDateTime,attr,omitempty"`
	BasePath          string      `xml:"basePath,attr,omitempty"`
	Users             *XUsers     `xml:"Users,omitempty"`
	CodeBook          *XCodeBook  `xml:"CodeBook,omitempty"`
	Variables         *XVariables `xml:"Variables,omitempty"`
	Cases             *XCases     `xml:"Cases,omitempty"`
	Sources           *XSources   `xml:"Sources,omitempty"`
	Notes             *XNotes     `xml:"Notes,omitempty"`
	Links             *XLinks     `xml:"Links,omitempty"`
	Sets              *XAny       `xml:"Sets,omitempty"`
	Graphs            *XAny       `xml:"Graphs,omitempty"`
	Description       string      `xml:"Description,omitempty"`
	NoteRefs          []XRef      `xml:"NoteRef,omitempty"`
}

// XCodeBook is <CodeBook>: the root of a .qdc file, and an element of a
// project.
type XCodeBook struct {
	XMLName xml.Name `xml:"CodeBook"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	Origin  string   `xml:"origin,attr,omitempty"`
	Codes   XCodes   `xml:"Codes"`
	Sets    *XAny    `xml:"Sets,omitempty"`
}

// The list elements: each holds one or more of its items (the schema
// forbids an empty list, so an empty one is left out through a nil
// pointer).
type (
	XUsers struct {
		User []XUser `xml:"User"`
	}
	XCodes struct {
		Code []XCode `xml:"Code"`
	}
	XVariables struct {
		Variable []XVariable `xml:"Variable"`
	}
	XCases struct {
		Case []XCase `xml:"Case"`
	}
	XNotes struct {
		Note []XTextSource `xml:"Note"`
	}
	XLinks struct {
		Link []XLink `xml:"Link"`
	}
)

// XCode is <Code>, nested for the hierarchy.
type XCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	IsCodable   string  `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr,omitempty"`
	Description string  `xml:"Description,omitempty"`
	NoteRefs    []XRef  `xml:"NoteRef,omitempty"`
	Codes       []XCode `xml:"Code,omitempty"`
}

// XUser is <User>.
type XUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

// XVariable is <Variable>.
type XVariable struct {
	GUID           string `xml:"guid,attr"`
	Name           string `xml:"name,attr"`
	TypeOfVariable string `xml:"typeOfVariable,attr"`
	Description    string `xml:"Description,omitempty"`
}

// XCase is <Case>.
type XCase struct {
	GUID           string           `xml:"guid,attr"`
	Name           string           `xml:"name,attr,omitempty"`
	Description    string           `xml:"Description,omitempty"`
	CodeRefs       []XRef           `xml:"CodeRef,omitempty"`
	VariableValues []XVariableValue `xml:"VariableValue,omitempty"`
	SourceRefs     []XRef           `xml:"SourceRef,omitempty"`
	SelectionRefs  []XRef           `xml:"SelectionRef,omitempty"`
}

// XVariableValue is <VariableValue>: a reference to a variable and one
// typed value.
type XVariableValue struct {
	VariableRef   XRef    `xml:"VariableRef"`
	TextValue     *string `xml:"TextValue"`
	BooleanValue  *string `xml:"BooleanValue"`
	IntegerValue  *string `xml:"IntegerValue"`
	FloatValue    *string `xml:"FloatValue"`
	DateValue     *string `xml:"DateValue"`
	DateTimeValue *string `xml:"DateTimeValue"`
}

// Value returns the value as text, whatever its type.
func (v XVariableValue) Value() (string, bool) {
	for _, p := range []*string{v.TextValue, v.BooleanValue, v.IntegerValue, v.FloatValue, v.DateValue, v.DateTimeValue} {
		if p != nil {
			return *p, true
		}
	}
	return "", false
}

// XSources is <Sources>. Text sources are read, and the text of audio
// and video transcripts and PDF representations (model_media.go);
// pictures are counted so that import can say they were left out.
type XSources struct {
	Text    []XTextSource  `xml:"TextSource"`
	Picture []XAny         `xml:"PictureSource"`
	PDF     []XPDFSource   `xml:"PDFSource"`
	Audio   []XMediaSource `xml:"AudioSource"`
	Video   []XMediaSource `xml:"VideoSource"`
}

// XTextSource is <TextSource>, and also <Note> (the schema gives notes the
// same type).
type XTextSource struct {
	GUID             string           `xml:"guid,attr"`
	Name             string           `xml:"name,attr,omitempty"`
	RichTextPath     string           `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string           `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     string           `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string           `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string           `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string           `xml:"modifiedDateTime,attr,omitempty"`
	Description      string           `xml:"Description,omitempty"`
	PlainTextContent *string          `xml:"PlainTextContent"`
	Selections       []XSelection     `xml:"PlainTextSelection,omitempty"`
	Codings          []XCoding        `xml:"Coding,omitempty"`
	NoteRefs         []XRef           `xml:"NoteRef,omitempty"`
	VariableValues   []XVariableValue `xml:"VariableValue,omitempty"`

	// syncPoints are a transcript's sync points, when the text source
	// stands for an audio or video transcript (see conv.textsOf).
	syncPoints []XSyncPoint
}

// XSelection is <PlainTextSelection>.
type XSelection struct {
	GUID             string    `xml:"guid,attr"`
	Name             string    `xml:"name,attr,omitempty"`
	StartPosition    string    `xml:"startPosition,attr"`
	EndPosition      string    `xml:"endPosition,attr"`
	CreatingUser     string    `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string    `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string    `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string    `xml:"modifiedDateTime,attr,omitempty"`
	Description      string    `xml:"Description,omitempty"`
	Codings          []XCoding `xml:"Coding,omitempty"`
	NoteRefs         []XRef    `xml:"NoteRef,omitempty"`
}

// XCoding is <Coding>.
type XCoding struct {
	GUID             string `xml:"guid,attr"`
	CreatingUser     string `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          XRef   `xml:"CodeRef"`
	NoteRefs         []XRef `xml:"NoteRef,omitempty"`
}

// XLink is <Link>: grounded writes the paradigm-model relations as links.
type XLink struct {
	GUID       string `xml:"guid,attr"`
	Name       string `xml:"name,attr,omitempty"`
	Direction  string `xml:"direction,attr,omitempty"`
	Color      string `xml:"color,attr,omitempty"`
	OriginGUID string `xml:"originGUID,attr,omitempty"`
	TargetGUID string `xml:"targetGUID,attr,omitempty"`
	NoteRefs   []XRef `xml:"NoteRef,omitempty"`
}

// XRef is any of the reference elements (NoteRef, CodeRef, SourceRef,
// SelectionRef, VariableRef).
type XRef struct {
	TargetGUID string `xml:"targetGUID,attr"`
}

// XAny is an element whose content is skipped (sets and graphs, which
// grounded neither writes nor reads).
type XAny struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
}
