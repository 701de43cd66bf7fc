// Package export turns a project's codebook and codings into files for
// readers outside grounded.
//
// # The category hierarchy
//
// Build assembles the hierarchy of a grounded theory as a tree:
//
//	core category (selective)
//	  stage 1 .. stage n, in the core's order (axial)
//	    categories, then their sub-categories (axial)
//	      codes (open)
//	unassigned
//	  categories outside the core's stages, with their sub-categories and codes
//	  codes in no category
//
// Within a parent, sub-categories come first, then codes, each in codebook
// file order. Every node has its level ("selective", "axial" or "open"),
// its description, and counts over its whole subtree: codings, distinct
// sources and distinct participants (a source's participant, or the
// source id when the source names none). Orphaned codings are counted.
// Codings of a code that the codebook does not define are shown as codes
// under unassigned, after the codebook's own uncategorised codes.
//
// Codes carry up to Options.Exemplars exemplar quotes: those of
// Options.Quotes (SelectExemplars, as the commands and serve use) when
// given; otherwise they are chosen
// deterministically among the code's codings that are not orphaned, with
// one exemplar per span (two coders coding the same span give one
// candidate): candidates are taken in source order (natural order of ids,
// P2 before P10), then turn and offset; a first pass takes only candidates
// whose participant has no exemplar yet, a second pass fills the remaining
// places in the same order. So a code quoted by three participants shows
// three different voices before it repeats one.
//
// Memos about a code or a category (targets of kind code and category,
// among a memo's target and its further targets) are attached to each
// such node for the Markdown report; they are not part of the JSON and
// YAML forms.
//
// # Formats
//
// Render writes a hierarchy in one of Formats:
//
//   - yaml and json: {version: 1, core: NODE|null, unassigned: [NODE...]}
//     with NODE = {name, kind, level, order (stages only), description,
//     codings, sources, participants, exemplars: [{ref, quote,
//     participant}], children: [NODE...]}. docs/hierarchy.md and
//     docs/hierarchy.schema.json document the shape.
//   - markdown: a report for a paper's supplement: the core category, one
//     section per stage ("## Stage 1: Building Trust") with its definition
//     and when to use it, categories and codes as nested lists with
//     counts, exemplars as block quotes, memos, then what is not yet
//     integrated.
//   - mermaid (flowchart LR) and dot (Graphviz digraph): the process
//     diagram. Mermaid draws the core category as a subgraph holding one
//     subgraph per stage, left to right in order, each with its
//     categories; DOT puts the core on top, the stages in a row below it
//     and each stage's categories stacked under it. Consecutive stages are
//     linked and labelled with the codebook's relations between them
//     (e.g. "condition"), other relations are dotted labelled edges,
//     categories outside the core sit in their own box, and provisional
//     categories are dashed. Codes are not drawn, except a code that a
//     relation names. Node ids are n1, n2, ... and labels are escaped.
//   - csv: one row per code with its path (names from the core down to the
//     code joined by " / "), code, category, stage, stage_order, codings,
//     sources and participants.
//
// The same input always gives the same bytes.
//
// # Paper exports
//
// The documents a study needs for a paper each have their own file, with
// their rules in its comment: SelectExemplars (exemplars.go),
// BuildAppendix and its Markdown, CSV, XLSX and DOCX forms (appendix.go),
// MemoTrail (memotrail.go), Methods (methods.go), CodebookChanges
// (versions.go) and Audit (audit.go). docs/writing.md describes them for
// researchers.
package export
