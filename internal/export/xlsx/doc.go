// Package xlsx writes small Excel workbooks (Office Open XML,
// SpreadsheetML): several sheets of text and whole-number cells, with a
// bold header row, wrapped top-aligned cells, column widths, frozen panes
// and an active sheet. It is what the spreadsheet exports (the codebook
// appendix, the code-by-participant matrix) need, and nothing more; it
// reads nothing.
//
// A workbook is a zip archive holding:
//
//	[Content_Types].xml          the content type of every part
//	_rels/.rels                  points to xl/workbook.xml
//	xl/workbook.xml              the sheet names, in order, and the active tab
//	xl/_rels/workbook.xml.rels   points to the sheets and the styles
//	xl/styles.xml                the four cell formats of Style
//	xl/worksheets/sheetN.xml     one per sheet, N from 1
//
// # Cells
//
// A Text cell is an inline string (t="inlineStr"), never a formula: a cell
// whose text starts with "=", "+", "-" or "@" is shown as that text and is
// not run, so text needs no quote prefix (unlike CSV). A Number cell is a
// whole number (no t attribute). An empty Text cell without a style is
// left out; with a style it is written without a value so the format
// still applies.
//
// Text is stored so that a reader gets the same string back:
//
//   - &, < and > are XML-escaped; a carriage return is written as &#xD;
//     (an XML parser would turn a raw one into a line feed); tab and line
//     feed are written as they are.
//   - Characters XML 1.0 cannot hold, the control characters U+0000 to
//     U+001F other than tab, line feed and carriage return, and U+FFFE and
//     U+FFFF, are written as Excel writes them: _xHHHH_ with the code in
//     four upper-case hexadecimal digits (U+0001 is _x0001_). Excel,
//     LibreOffice and excelize read them back as the character.
//   - Because readers decode every _xHHHH_, text that itself holds "_x"
//     followed by four hexadecimal digits (either case) and "_" has its
//     underscore written as _x005F_ ("_x0041_" is stored as
//     "_x005F_x0041_" and read back as "_x0041_"); so does "_xHHHH"
//     followed by a character written as an escape ("_x0000" and U+0017
//     are stored as "_x005F_x0000_x0017_", not "_x0000_x0017_").
//   - Bytes that are not UTF-8 (including UTF-8-encoded surrogate halves,
//     which Go strings can carry but XML cannot) become U+FFFD, one per
//     byte, as Go's range loop decodes them. This is the only change a
//     reader sees.
//   - A cell holds at most 32,767 characters (Excel's limit, counted in
//     UTF-16 code units after the replacement above). Longer text is
//     refused with a *LimitError naming the sheet, the cell and the
//     length; nothing is truncated.
//
// # Sheets
//
// Sheet names follow Excel's rules, checked by AddSheet: 1 to 31
// characters, none of : \ / ? * [ ] nor a control character, not starting
// or ending with an apostrophe, not "History", and unique ignoring case.
// A sheet has at most 1,048,576 rows and 16,384 columns; a larger one is
// refused with a *LimitError.
//
// Column widths are in Excel's units (the width of a "0" in the default
// font, Calibri 11) and are written with customWidth. Freeze(rows, cols)
// freezes the top rows and left columns: the pane's top-left cell is the
// first cell below and right of them, and the active pane is bottomLeft,
// topRight or bottomRight accordingly.
//
// # Styles
//
// styles.xml always holds the same four cell formats, indexed by Style:
// 0 plain, 1 bold, 2 wrapped and top-aligned, 3 bold, wrapped and
// top-aligned; all in Calibri 11.
//
// # Output
//
// The same workbook always gives the same bytes: parts are written in a
// fixed order, deflated, and every zip entry carries the time
// 2000-01-01 00:00:00 UTC, so exports can be compared and committed.
package xlsx
