// Package report computes the descriptive reports of a grounded theory
// project from its codebook, codings, sources and participants: code
// frequencies, co-occurrence, theoretical saturation and the comparison of
// cases by a participant attribute. It also draws the saturation curve as
// a small standalone SVG.
//
// All functions are pure: they read an [Input] and return a value that the
// caller prints; they neither touch the disk nor keep state. Every result
// is deterministic: rows follow the codebook, columns follow the natural
// order of ids and attribute values (P2 before P10, "9" before "12").
//
// # Levels
//
// A report counts codes, categories or stages ([Level]). A coding of a code
// counts toward the code itself at [LevelCode]; toward the code's category
// and every ancestor category at [LevelCategory] (stages are categories of
// the codebook and are included); and toward the stage the code's category
// belongs to at [LevelStage]. A coding of a code that has no category (or
// whose category is in no stage) counts toward nothing at that level; such
// codings are counted in the result's Uncounted field. [Grouping] maps a
// code name to the items of a level.
//
// Orphaned codings (whose quote was lost when the transcript was replaced)
// do not count anywhere; their position is no longer known.
//
// # Frequencies
//
// [Frequencies] is a table with one row per item of the level, in codebook
// order, and one column per participant, source or attribute value; a cell
// holds the number of codings. Each row also has its total number of
// codings and the number of distinct participants whose sources hold them.
//
// # Co-occurrence
//
// [Cooccurrences] counts, for every pair of items, the units that hold both.
// A unit is a turn (scope turn) or a whole source (scope source); a coding
// lies in every turn its span touches. For the pair (A, B) with a units
// holding A, b holding B and n holding both, the Jaccard index is
// n / (a + b − n). At scope turn the report also counts overlapping spans:
// the pairs of codings by the same coder, one of A and one of B, whose
// spans share at least one character (coding.Overlaps); codings of
// different coders are not paired, since one passage given different codes
// by two coders is a disagreement rather than a co-occurrence. Pairs of a category and one of its own
// ancestors, which co-occur by construction, are left out, as are pairs
// that never co-occur. Pairs are sorted by n, largest first, then by name.
//
// # Saturation
//
// [SaturationOf] walks the coded transcripts in order (ingest order, or by a
// participant attribute) and records for each how many codes, and how many
// categories (via each code's category and its ancestors), appeared for the
// first time, and the running totals. Sources without codings are left out:
// a transcript nobody has coded yet brings no new code but says nothing
// about saturation. The saturation point is the first transcript after
// which K consecutive transcripts brought no new code (Glaser & Strauss
// 1967; operationalised as a stopping criterion by Francis et al. 2010 and
// Guest, Namey & Chen 2020). [SaturationSVG] draws the cumulative curves.
//
// The K-run point can be followed by new codes; [SaturationReport.Sentence]
// says so and names the transcripts.
//
// # Saturation from the analysis
//
// [EmergenceOf] replays the project history ([HistoryEntry], in time order,
// undone entries skipped) and finds when each current code first appeared
// in the analysis, following renames and merges; transcripts are ordered by
// when their coding began, and a code found while recoding an early
// transcript counts at the step the analysis had reached. [Guest] applies
// the assessment of Guest, Namey & Chen (2020): base, run and
// new-information threshold, the run moving one transcript at a time, new
// information = codes first appearing in the run / unique codes of the
// base; its sentence names every transcript after the point that brought
// new codes. [GuestRobustness] repeats it over seeded random orders.
// [GuestSaturationOf] ties these together for order analysis or interview.
// [CategorySaturation] counts new properties (new codes under a category
// already seen) and [ThinCategories] lists categories few participants
// support, with the attribute values not yet represented.
//
// # Comparison across cases
//
// [Compare] splits the participants by the value of one attribute and
// counts, for every item and value, the codings and the participants that
// have them, together with the number of participants holding each value,
// so that "3 of 4 hospital PSWs spoke of this" can be read directly (the
// constant comparison of Glaser & Strauss 1967).
package report
