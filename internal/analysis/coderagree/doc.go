// Package coderagree measures how far independent coders of a project
// agree: it turns the project's codings into reliability data for package
// agreement and computes, for every code (or category, or stage) and
// overall, percent agreement, Cohen's kappa, Fleiss' kappa and
// Krippendorff's alpha.
//
// # Which codings count
//
// Only the chosen coders' codings count (by default every coder with
// codings; coder names are compared ignoring case), and only in sources
// coded jointly: a source counts when at least two of the chosen coders
// have a coding in it. The others are listed in Report.Skipped, since one
// coder's work on a transcript says nothing about agreement. Orphaned
// codings are ignored.
//
// # Unit turn
//
// Every turn of every jointly coded source is a unit, interviewer turns
// included. For each item of the level (see report.Level), each coder who
// coded the source gives the unit the value 1 when one of their codings of
// the item lies in the turn (a coding with source-level offsets lies in
// every turn it touches) and 0 when none does; a coder who did not code the
// source has no value (missing). This is agreement.Binary. Per item the
// four coefficients are computed on that data. Overall, the data of all
// items are pooled: the units are the pairs (turn, item), so that overall
// agreement weighs every item by the number of turns. Items are those that
// at least one chosen coder applied in a jointly coded source, in codebook
// order: an item nobody used would only add agreement on absence.
//
// Cohen's kappa is computed when exactly two coders are chosen. Fleiss'
// kappa uses the units every coder rated. Percent agreement counts the
// many turns both coders left uncoded as agreement, so it is high whenever
// codes are rare; read it together with kappa or alpha.
//
// # Unit span
//
// Agreement on where a code applies, character by character: the
// character-level binary alpha of agreement.UnitizedAlpha, with each
// source's plain text (corpus.PlainText) as a continuum and the codings'
// spans converted to offsets in it. Because every coder must have coded a
// continuum completely, a source counts only when every chosen coder coded
// it. Overall, every (source, item) pair is a continuum of its own.
//
// # Unit source, unit segment, and whose turns count
//
// [ComputeUnit] adds two units. At unit source every jointly coded source
// is a unit and a coder gives it 1 for an item when they applied it
// anywhere in the source (code existence in the document). At unit
// segment, for exactly two coders, each coder's codings of an item are
// matched one to one, largest overlap first, when the overlap
// |a ∩ b| / |a ∪ b| of their spans reaches a threshold (0.8 by default);
// matched pairs are agreements, unmatched codings disagreements; only
// percent agreement is given, as there is no unit both coders left
// uncoded. Pooled rows are named by their units ("code × turn units").
// Input.Include restricts every unit to chosen turns (the participants'
// turns, leaving interviewer turns out). [UnitStatement] says in words
// what the unit is and, for open codes, that reliability during inductive
// open coding is contested. [ConfusionOf] tabulates which code one coder
// applied where the other applied another.
//
// # Disagreements
//
// [Disagreements] lists, for two coders, every turn of a jointly coded
// source in which one applied a code and the other did not: the material
// of a consensus meeting.
package coderagree
