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
// a .txt transcript gives the same turns back when every turn has a speaker
// that the label detection accepts (a role word such as Interviewer or
// Participant 4, or a name used at least twice), or when no turn has one,
// and no line of a turn's text reads as a label, a speaker line or a header
// keyword itself; an unlabelled turn between labelled ones reads back as
// part of the turn before it. Offsets into the plain text never depend on
// parsing it again.
//
// # Formats
//
// Parse picks the format from the file extension (case-insensitive): .txt,
// .md and .markdown, .vtt, .srt and .docx. Text files are decoded by
// DecodeText (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 when
// the bytes are not UTF-8; LF line endings; NFC).
//
// Text normalisation. Every line is trimmed, control characters and U+FEFF
// are removed, and each run of horizontal white space (spaces, tabs,
// no-break and other Unicode spaces) becomes one U+0020 space. Lines of a
// turn are joined with "\n" in text, Markdown and Word files, and with one
// space in WebVTT and SubRip files, whose line breaks are only display
// wrapping; blank lines never survive inside a turn. Empty turns are
// dropped, and adjacent turns of the same (non-empty) speaker are merged,
// keeping the first turn's Start and the last one's End.
//
// Speaker labels (.txt, .md, .docx, and cue text in .vtt and .srt). A label
// is "Name:" at the start of a line, where Name has 1–40 characters and at
// most 6 words, starts with a letter and holds letters, combining marks,
// digits, single spaces and . - ' ’ ( ) _ #, or is "Last, First" with two
// such names; an ASCII colon must be followed by a space or end the line,
// or, when Name starts with an upper-case letter, by a letter
// ("Siskowitz:well"; so "10:30", "Room:2B" and "http://" are no labels); a
// full-width "：" may be followed by text directly. A transcriber's note in
// square brackets after the name, "JOEL MILLNER [interrupting]: Yeah", is
// not part of the name: the speaker is JOEL MILLNER and the note starts the
// text ("[interrupting] Yeah"). "Name (00:12):" and
// "Name [00:12:30]:" carry the turn's Start, and so does a timestamp
// "[00:12:30]", "(00:12:30)" or "00:12:30" before the label. Emphasis
// around a label is removed: "**Name:**", "**Name**:", "__Name:__",
// "__Name__:" and the single * and _ forms (after the emphasis the colon
// needs a space); emphasis in the text is kept.
// Labels are found in two passes: first every candidate is counted, then a
// candidate is accepted as a speaker when it is not a stop word (Note,
// Example, Date, Time, Location, Summary, Comment, …) and either
//
//   - is a role word, compared without case and after removing a trailing
//     number or a trailing single letter after a space: Interviewer,
//     Interviewee, Participant, PSW, Facilitator, Moderator, Respondent,
//     Researcher, Peer (Support) Worker, Client, Observer, Question, Answer,
//     Q, A, I, P, R, Int, IV, IE, Resp, Mod, Fac, Unknown Speaker; and
//     Speaker, Person or Voice only with a number or letter ("Speaker 2");
//   - or occurs at least twice as a label in the file (in any case) and
//     either is one word or has first and last words starting with a
//     capital letter or a digit ("Sam Okafor", "Zoë van der Berg"; not
//     "And then I said");
//   - or is in the speakers list of a header (see Otter.ai below);
//   - or, in text, Markdown and Word files, starts a paragraph of a file
//     where at least two paragraphs and at least half of them start with a
//     label, has that shape and holds no comma (the paragraph rule, so
//     that a speaker who speaks once keeps their turn; "So, Tom:" is
//     speech).
//
// A label keeps its case as written ("INTERVIEWER" stays so). A label that
// is not accepted but has the accepted shape (one word, or capitalised
// first and last words) and is no stop word is reported: when it is within
// one edit (two for names of 8 letters or more) of exactly one accepted
// label, as "Interviewer2 2" is of "Interviewer 2", it starts a turn of its
// own under the name as written, with a WarnLabelOnce warning; otherwise
// its line is read as text, with a WarnLabelAsText warning naming the
// line. (A file with more than 64 accepted labels is no interview; there
// the lookalike search is skipped.)
//
// Text and Markdown. A line that starts with an accepted label starts a
// turn of that speaker; any other line continues the current turn, across
// blank lines. Text before the first label (a title, say) becomes a turn
// with an empty speaker, so no text is ever dropped. A file without accepted
// labels has one turn per paragraph (text between blank lines), each with
// an empty speaker. A name alone on a line in strong emphasis ("**Sam
// Okafor**", "__Sam__", also with a colon inside) is a label candidate like
// "Name:", and so is, in Markdown, a heading whose text is a name ("###
// Sam Okafor"), except that a heading is never accepted by the paragraph
// rule (for which a name alone and the paragraph after it count as one
// labelled paragraph): when accepted, it starts a turn of that speaker that
// the following paragraphs continue. Any other Markdown heading ("# …", kept as written)
// starts a turn with an empty speaker that following unlabelled lines
// continue. Because a paragraph after a blank line continues the turn
// before it, the plain text of turns (see PlainText) reads back as the same
// turns only if unlabelled turns come first or every turn is unlabelled.
//
// Otter.ai exports (.txt or .docx) and Microsoft Teams transcript
// downloads are recognised by their speaker lines: "Name" (or Teams's
// "Last, First"), two or more spaces or a tab, and a time m:ss or h:mm:ss
// that ends the line. A speaker line with a single space before the time
// ("QR04 21:04"), or a name alone on a line, is one too when the name is
// known: from a strict speaker line, from the header's speakers list, or,
// for the single-space form, because it starts a paragraph at least twice
// (with the shape the two-uses rule requires). A file is read this way
// when at least two speaker lines follow a blank line (or start the file)
// and are followed by text, or the first line is one; but when loose
// speaker lines were needed for that, and more paragraphs start with a
// "Name:" label than with a speaker line, the file is read with labels. A speaker line starts
// a turn (Start from its time); its text runs to the next speaker line,
// across blank lines (Otter's .docx export writes each paragraph of an
// answer apart). Paragraphs before the first speaker line are turns with an
// empty speaker. A line that starts a paragraph, ends in a time and has
// a name of the right shape that is not known is read as text with a
// WarnLabelAsText warning (or, if it looks like a misspelling of a known
// name, starts a turn with a WarnLabelOnce warning).
//
// Exporters' notes. Lines that a transcription program writes about the
// recording are not speech and are left out of the turns, in every text
// format: Otter's closing line "Transcribed by https://otter.ai", and
// Teams's "NAME started transcription" and "NAME stopped transcription"
// (lines without a colon). Each gives a WarnHeader warning with its line,
// except a Teams header: up to three lines (title, date, length) with no
// speaker label, then "NAME started transcription", is read as the
// source's Header, like Otter's.
//
// Otter's header. An export may start with up to three lines (a title, the
// date and duration), "SUMMARY KEYWORDS" and one line of comma-separated
// keywords, "SPEAKERS" and one line of comma-separated speakers. That
// block, in .txt, .md and .docx, is read into Diagnostics.Header and is not
// turned into turns; its speakers are known names for both the speaker-line
// and the "Name:" layouts.
//
// WebVTT. The WEBVTT line and the header lines after it, NOTE, STYLE and
// REGION blocks, and cue identifiers are skipped. A timing line is
// "START --> END" with optional cue settings; times are [h:]mm:ss.ttt (',' is
// accepted for '.', and 1–3 digits of fraction) and are written to Start
// and End as HH:MM:SS.mmm. A line with "-->" that is not a valid timing
// line is an error with its line and column. Cue text loses its tags
// (<b>, <i>, <c.x>, <00:00:01.000>, …) and has the entities &amp; &lt; &gt;
// &nbsp; &lrm; &rlm; &quot; &apos; and numeric ones decoded. A voice span
// <v Name> or <v.class Name> (closed or not) names the speaker of the text
// after it; otherwise a line of cue text may start with a label as in .txt.
// When at least half of the cues start with a label (as Zoom writes them),
// any label that starts a cue is accepted unless it is a stop word, so that
// a speaker who speaks only once keeps their turn.
// A labelled line starts a turn unless the current turn has the same
// speaker, in which case it continues it. A cue whose first line has no
// label is a turn of its own with an empty speaker, whether or not the file
// has labels elsewhere: in a labelled file it is reported
// (WarnUnlabelledCue) rather than joined to the speaker before, whom it may
// not belong to. Later lines of a cue continue its turn. Messy files are
// read liberally: a missing blank line between cues is fine (a number, or a Teams-style id, on the line before
// the timing line is taken as the next cue's identifier), and text outside
// any cue is appended to the cue before it, or before the first cue becomes
// a turn without times. A file without any cue timing but with text is an
// error.
//
// SubRip. As WebVTT, with the index line instead of an identifier (it may
// be missing), times written 00:00:01,000, tags such as <i> and <font>
// and override blocks such as {\an8} removed. A dialogue dash ("- " at the
// start of a line) starts a new turn with an empty speaker unless a label
// follows it.
//
// Word. The text of word/document.xml is read with a streaming decoder: each
// paragraph (w:p, also in tables and text boxes) becomes a line followed by
// a blank line, runs are concatenated (so a label split over runs, bold or
// not, is found), w:tab becomes a tab and so a space, w:br and w:cr a line
// break; deleted and moved-away revisions, field codes, and the fallback
// copies of alternate content are ignored; inserted text is kept. Headers,
// footers, footnotes and comments are not read. A table row whose first
// cell is a speaker name (optionally after a cell with a time) and that has
// more cells becomes "Name: text". The result is then read as .txt. A
// document.xml over MaxDocxPart uncompressed is refused (see Limits). In
// errors, Line is the paragraph number.
//
// # Limits
//
// Parse bounds what one file can cost, so that a damaged or hostile file
// (a zip bomb, a transcript that lost its line breaks, a file of a million
// one-word turns) is refused or cut down with a message, not read until
// memory runs out, and never stored to break every later command. Each
// limit is checked before the memory it guards is allocated:
//
//   - MaxFileSize (64 MB): a larger file is refused (ErrTooLarge) before
//     it is decoded. A two-hour interview is about 150 KB of text.
//   - MaxDocxPart (64 MB): word/document.xml is refused when its zip
//     entry declares a larger size, and is read through a limit, so that
//     an entry that inflates beyond it is refused as soon as the limit is
//     passed (ErrTooLarge); an entry that inflates beyond the size it
//     declares is a damaged file.
//   - MaxTurns (200,000): the turns are counted as they are read (cues,
//     paragraphs and speaker changes, before adjacent turns of one speaker
//     are merged), and the file is refused (ErrTooLarge) when the count
//     passes the limit. A two-hour interview has a few hundred turns.
//   - MaxTurnChars (500,000 code points, about 80,000 words or nine hours
//     of speech): a longer turn is split into consecutive turns of the same
//     speaker, each at most MaxTurnChars long, cut at the last sentence end
//     (". ", "? ", "! ", "… " or a line break) in the second half of each
//     piece, else at the last white space, else inside a word; the white
//     space at a cut is dropped, the first piece keeps the turn's Start and
//     the last its End, and the turns are renumbered. Each split is
//     reported as a WarnTurnSplit warning naming the speaker, the length
//     and the new turn numbers. A turn is split rather than the file
//     refused because such a turn is nearly always real speech whose
//     labels or paragraph breaks were lost in an export: splitting keeps
//     every word searchable and codable, the warning says where to look,
//     and a corrected file can replace the source later; refusing would
//     leave the researcher nothing to work with. The split turns are the
//     one exception to the merging of adjacent turns of one speaker, so
//     their plain text does not read back as the same turns.
//
// # Diagnostics
//
// Parse reports on every file what it found and where it was unsure, as
// Transcript.Diagnostics (ParseTextDiagnostics does the same for decoded
// text): the speakers with their turn counts, the number of turns without a
// speaker, the header read as metadata, and Warnings, each with a line (for
// .docx a paragraph), a WarningKind, the line's text and a message. When
// more than half of the turns have no speaker, a WarnFewSpeakers warning
// names the likely cause (no labels at all, labels used once, cues without
// labels). Nothing in the turns depends on the diagnostics: they only say
// what the parser decided.
//
// # Roles
//
// GuessRoles guesses each speaker's Role (interviewer, participant or
// other) from the name (Interviewer, Moderator, Facilitator, Researcher,
// Host; Participant, Respondent, P04; Observer, Interpreter) and, in a
// two-person interview, from the other speaker's role or from who asks
// more questions, and returns the evidence with every guess. Turns carry no
// role: a project stores the roles it settles on.
//
// This package imports neither the CLI nor the search index.
package corpus
