// Package refi exchanges grounded projects with other qualitative data
// analysis programs (NVivo, ATLAS.ti, MAXQDA, QualCoder …) through the
// REFI-QDA standard: a codebook (.qdc, an XML document valid against
// Codebook.xsd) and a project (.qdpx, a zip archive holding project.qde,
// valid against Project-mrt2019.xsd, and the source texts under sources/).
// docs/refi-qda.md is the user-facing description; this comment is the
// specification the code follows.
//
// # Export
//
// BuildCodebook and BuildProject render a project's Data (see Load).
//
// Codebook. The codes form one tree of <Code> elements: the core category
// first, holding its stages in the core's order; each stage holds its
// sub-categories (depth first, in codebook order) and then its codes; then
// the categories outside the core (top-level ones in codebook order, each
// with its subtree); then the codes without a category; then any code that
// codings use but the codebook lacks. Categories and the core have
// isCodable="false", codes isCodable="true". A code's colour is its color
// attribute when it is #RGB or #RRGGBB. <Description> holds the
// description, then one paragraph each for "When to use: …", "When not to
// use: …", "Example: …", and "(provisional)" for a provisional category;
// import splits it back.
//
// GUIDs. Every GUID is a name-based UUID (version 5, SHA-1) written
// 8-4-4-4-12 in lower case: the namespace is derived from the project's
// name and creation time, the name from the object's kind and id (codes
// and categories by their comparison key, sources by id, codings by id,
// users by lower-case name, notes by memo id, cases by participant id,
// variables by attribute name). The same project therefore exports the
// same GUIDs, and WriteQDPX dates its entries with the project's creation
// time, so the archive is byte for byte the same. The core category is
// the exception: its GUID is CoreGUID(name), derived from a fixed
// namespace and its name only, which lets an importer recognise a core
// grounded wrote without a marker other tools would show.
//
// grounded's own ids travel in GUIDs, never in a <Description> (which
// other tools show to the researcher): the selection and <Coding> of a
// coding, the selection of a memo about a reference and the <Note> of a
// memo have id GUIDs (idguid.go: version 8 UUIDs that carry the object's
// kind and its coding or memo id, decoded on import). An id that does not
// fit one (over 21 hex digits, or a long custom id) gets a name-based GUID
// and a line in the archive file grounded-ids.tsv (IDMapPath), which also
// keeps the target of a memo no NoteRef carries. An object imported from
// another tool keeps that tool's GUID (ForeignFile), so that a project
// goes back to NVivo, MAXQDA or ATLAS.ti as the same objects.
//
// Project. <Users> lists every coder and memo author. <Variables> has one
// Text variable per participant attribute. <Cases> has one case per
// participant (those with sources and those in participants.yaml), named
// by id, with a VariableValue for each attribute it has and a SourceRef to
// each of its sources. Each source is a <TextSource> named by its id with
// plainTextPath="internal://GUID.txt"; the archive entry sources/GUID.txt
// holds corpus.PlainText of its turns as UTF-8 ("Speaker: text", turns
// separated by a blank line). Each coding that is not orphaned is one
// <PlainTextSelection> whose startPosition and endPosition are code points
// of that text from 0, end exclusive (a turn coding's offsets plus the
// turn's offset in the plain text; a source-level coding's offsets as they
// are), whose name is the quoted text and whose Description is the
// coding's memo (QualCoder, MAXQDA and ATLAS.ti show it as the segment's
// memo or comment); it holds one <Coding> with the CodeRef, the coder's
// user GUID as creatingUser and the coding's time. Memos are <Note>s with
// the memo's first line as name, the author as creatingUser and the body
// in the archive file sources/GUID.txt named by plainTextPath (QualCoder
// reads notes only from files), linked by a NoteRef from what they are
// about: the project (a NoteRef at the end of <Project>; the project's
// memos are also its <Description>), a code, category or the core (inside
// its <Code>), a source (inside its <TextSource>), or a reference (a
// PlainTextSelection without codings over the referenced span, whose
// Description is the memo's text: QualCoder and MAXQDA read it as an
// annotation). A memo whose target is gone is linked to the project.
// Relations become <Link>s from one code element to another, named by the
// relation's label, direction OneWay, with the relation's note as a linked
// <Note>. Each source's turns (speakers, times, boundaries) are also
// written as JSON Lines to grounded-turns/GUID.jsonl, outside sources/;
// other tools ignore the file, grounded's import uses it while the text is
// unchanged, so that a round trip gives the same turns and references for
// every transcript layout.
//
// What is lost: the original transcript files and their formats, orphaned
// codings (reported as warnings), and the order of categories and codes
// within the codebook file where it differs from the tree's order. For
// another tool, also turn times and turn boundaries the .txt reader does
// not find in the plain text.
//
// # Import
//
// OpenArchive checks an archive before anything is read from it: entries
// with ".." or an absolute path, links and other special files, an entry
// over Limits.Entry or a total over Limits.Total uncompressed, or more than
// Limits.Entries entries are refused (ErrUnsafeArchive), and ReadFile never
// reads more than an entry's header says. DecodeProject and DecodeCodebook
// match elements by local name, so namespace variants such as
// "urn:QDA-XML:project:1:0" are read (and reported); a malformed document
// is an *XMLError with its line. Convert and ConvertCodebook then build the
// whole import in memory, and Apply adds it to an edit, so that nothing is
// written unless everything was read.
//
// Codes. A <Code> with children, or with isCodable false, becomes a
// category (nested as in the document); any other becomes a code in its
// parent category. A category that codings refer to also gets a code of
// the same name inside it. Names are cleaned and made unique (" (2)"). A
// top-level code is the core category when its GUID is CoreGUID(name), or
// when ImportOptions.Core names it; its children that are categories
// become the stages in order. Links between code elements become relations
// (label: the link's name, else "related").
//
// Sources. A <TextSource>'s text comes from plainTextPath
// ("internal://NAME" is sources/NAME; "relative://", a bare name, an
// absolute path or a URL are looked for as sources/NAME and NAME, and
// reported) or PlainTextContent. It is decoded (UTF-8 with or without a
// byte order mark, UTF-16 with one, else Windows-1252), the byte order mark
// is removed, line ends become LF and the text NFC, keeping a map from the
// file's positions to the normalised text, which is parsed into turns with
// corpus.ParseText("txt", …), the same detection as ingesting a .txt file.
// The id is the source's name without extension, made a valid id and
// unique ("-2"); the original file is kept as original.txt.
//
// Positions. For each source the way its selections count is chosen among
// code points or UTF-16 code units, a CRLF line end as one or two
// characters, the byte order mark counted or not, counting from 0 or 1, and
// an exclusive or inclusive end. The evidence, strongest first: how many
// selections' names agree with the text at their positions (exactly, or as
// the start of the text for a shortened name); how many selections start
// and end on word boundaries (NVivo writes name="" on every selection, so
// this is what decides there: people select words, and a wrong system cuts
// them); the system the document's origin is known to write (NVivo: UTF-16
// code units; ATLAS.ti: a CRLF as one); fewest selections outside the
// text; the standard (code points from 0, end exclusive). The chosen
// system and its evidence are reported when it is not the standard, and a
// choice the evidence could not single out is reported as not verified.
//
// Selections. A selection's span of the normalised text is placed on the
// turns by an alignment of the text with the turn texts (each turn line is
// anchored where its first characters occur, then matched character by
// character allowing for collapsed white space and removed control
// characters). A span within one turn becomes a coding of that turn; if the
// turn's text there differs from the selected text (a speaker label or
// blank lines were selected), the selected words are looked for in the
// turn (nearest occurrence) and the adjustment is reported. A span across
// turns becomes a source-level coding (Turn 0) over corpus.PlainText of the
// turns, reported unless grounded wrote it. A span holding only a label or
// blank lines, or outside the text, is left out and reported. When the
// turns are grounded's own (its turns file matches the text) a
// source-level span keeps its exact ends. Each <Coding> of a selection
// becomes one coding: the coder is the name of its creatingUser (else the
// selection's, else ImportOptions.Coder), the time its creationDateTime;
// the id is restored from an id GUID (or the id map, or the
// "grounded:coding:ID" Description older versions wrote), else new. A
// selection's Description and the notes linked from a Coding become the
// coding's memo. A selection with a Description and no codings (an
// annotation) becomes a memo on its span. A <Coding> directly in a
// TextSource codes the whole source. A CodeRef is matched to a code by the
// exact id first (some tools write ids that are not GUIDs), then by the
// normalised GUID.
//
// Notes become memos about what links to them (first link wins): the
// project, a code or category, a source, a selection (a reference to its
// span, or the reference grounded wrote when it names the same text);
// unlinked notes are about the project. Notes linked from codings or links
// only are not memos. The memo id is restored from the note's id GUID (or
// "grounded:memo:ID"). A note's name that is not the start of its text is
// kept as a heading. A note about a source that holds a selection of it
// (QualCoder's annotations) is about that selection's span instead. The
// project's and the sources' Descriptions become
// memos (but not from grounded, which writes the project memos there).
//
// Cases become participants (id from the case name; a nameless case, as
// MAXQDA writes them, is named after its one source, else its GUID, and
// reported), with their variables' values as attributes (any type, as
// text), and set the participant of the sources they refer to; a source in
// no case is its own participant. Variables given on a TextSource go to
// its participant.
//
// Audio and video sources are imported as the text sources of their
// <Transcript>s (a TranscriptSelection runs from its start SyncPoint's
// position to its end's; a sync point at a turn's start, or on the label
// or blank lines before it, gives the turn its start time), PDF sources as
// their text <Representation>; their codings come with them and are
// counted. Pictures, selections of media time spans and PDF page regions,
// sync-point times that mark no turn's start, sets and graphs are not
// imported. Everything of the document that is not kept is
// reported, one line per kind with its count ("not kept: …").
//
// Apply merges into an existing project: a source whose id exists must
// have the same turns (it is then reused; else *ClashError and nothing is
// written); categories and codes are matched by name and keep their place
// and definition, only getting fields they lack; a different core category
// is an error; codings already present (same coder, code and span) and
// memos already present (same id, target and text) are skipped; a coding
// or memo id in use gets a new one; participants and attributes are added,
// existing values are kept.
package refi
