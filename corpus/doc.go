// Package corpus holds the interview material of a grounded project: sources
// (one transcript each), their speaker turns, the references that point into
// them, and the parsers that turn files as they arrive (WebVTT, SubRip, Word
// .docx, plain text and Markdown with speaker labels, Otter.ai exports) into
// turns.
//
// # Turns
//
// A transcript is an ordered list of turns numbered from 1. A turn is one
// stretch of speech by one speaker: consecutive cues, lines or paragraphs of
// the same speaker are merged into one turn. A turn's text is normalised:
// Unicode NFC, LF line endings, no leading or trailing white space, runs of
// blank lines inside a turn collapsed to a single line break. A file without
// speaker labels becomes one turn per paragraph with an empty speaker.
//
// # Offsets
//
// Every offset in this package counts Unicode code points (runes), never
// bytes, as the REFI-QDA exchange standard does. Span [Start, End) is
// half-open: Start is the first code point, End is one past the last.
//
// # References
//
// A Ref names a place in the corpus in one of three textual forms:
//
//	P21#4         turn 4 of source P21, whole
//	P21#4:10-42   code points 10 (inclusive) to 42 (exclusive) of turn 4's text
//	P21:120-300   code points 120 to 300 of the source's plain text (see PlainText)
//
// The third form exists for spans that cross turn boundaries, as codings
// imported from other tools sometimes do.
//
// # Plain text
//
// The plain text of a source is its canonical single-string form, used for
// source-level offsets and for exchange with other tools: each turn is
// written as "Speaker: text" (or just "text" when the speaker is empty) and
// turns are separated by one blank line ("\n\n"). Parsing the plain text as
// a .txt transcript gives the same turns back.
//
// This package imports neither the CLI nor the search index.
package corpus
