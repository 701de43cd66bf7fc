package refi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/htmlindex"
)

// XMLError is a document that could not be read, with the line where
// reading stopped.
type XMLError struct {
	File string
	Line int
	Msg  string
}

func (e *XMLError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// DecodeProject reads a project document. Elements are matched by local
// name, so namespace variants are accepted; the namespace found is
// returned so that a non-standard one can be reported.
func DecodeProject(file string, data []byte) (*XProject, error) {
	var x XProject
	if err := decodeXML(file, data, "Project", &x); err != nil {
		return nil, err
	}
	return &x, nil
}

// DecodeCodebook reads a .qdc document.
func DecodeCodebook(file string, data []byte) (*XCodeBook, error) {
	var x XCodeBook
	if err := decodeXML(file, data, "CodeBook", &x); err != nil {
		return nil, err
	}
	return &x, nil
}

func decodeXML(file string, data []byte, root string, v any) error {
	data = toUTF8(data)
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2":
			return r, nil // already UTF-8 (see toUTF8)
		}
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown character encoding %q", label)
		}
		return enc.NewDecoder().Reader(r), nil
	}
	// Find the root element first, for a clear message when the document
	// is something else.
	for {
		tok, err := dec.Token()
		if err != nil {
			return xmlErr(file, dec, err, data)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != root {
				line, _ := dec.InputPos()
				return &XMLError{File: file, Line: line, Msg: fmt.Sprintf("the root element is <%s>, not <%s>; is this a REFI-QDA %s?", se.Name.Local, root, map[string]string{"Project": "project (.qde)", "CodeBook": "codebook (.qdc)"}[root])}
			}
			if err := dec.DecodeElement(v, &se); err != nil {
				return xmlErr(file, dec, err, data)
			}
			break
		}
	}
	// Anything but white space, comments and processing instructions after
	// the root is malformed.
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlErr(file, dec, err, data)
		}
		if _, ok := tok.(xml.StartElement); ok {
			line, _ := dec.InputPos()
			return &XMLError{File: file, Line: line, Msg: "malformed XML: a second root element"}
		}
	}
}

func xmlErr(file string, dec *xml.Decoder, err error, data []byte) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &XMLError{File: file, Line: se.Line, Msg: "malformed XML: " + se.Msg}
	}
	line, _ := dec.InputPos()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if len(bytes.TrimSpace(data)) == 0 {
			return &XMLError{File: file, Msg: "the document is empty"}
		}
		return &XMLError{File: file, Line: line, Msg: "malformed XML: the document ends too early"}
	}
	return &XMLError{File: file, Line: line, Msg: err.Error()}
}

// toUTF8 converts UTF-16 with a byte order mark to UTF-8 and removes a
// UTF-8 byte order mark.
func toUTF8(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return []byte(decodeUTF16(data[2:], data[0] == 0xFE))
	}
	return data
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}
