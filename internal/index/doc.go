// Package index is the full-text search index over the speaker turns of a
// project's transcripts. It is the only package that knows about bleve.
//
// # A cache
//
// The index holds nothing that is not in the project files: it is a cache
// under PROJECT/.grounded/index/ (ignored by git) that may be deleted at
// any time and is rebuilt from sources/, codings/ and the sources'
// metadata by the next Sync. Its layout is
//
//	.grounded/index/
//	  lock            taken (flock) by the process that has the index open
//	  manifest.json   schema version and one fingerprint per indexed source
//	  bleve/          the bleve (scorch) index
//
// There is one bleve document per turn, with id SRC#N (the turn's
// reference). Its fields are text (English analysis with stemming, so that
// "trusting" finds "trust"), speaker, source and participant (exact
// keywords), codes (the names of the codes applied to the turn by any
// coder, compared case-insensitively), coders, and turn (a number). In a
// query string a keyword field is matched exactly, speaker:Interviewer;
// a value with a space needs quotes, speaker:"Jordan Lee".
//
// # Freshness
//
// Sync brings the index up to date without rebuilding it. The manifest
// records, for every indexed source, a fingerprint of everything its
// documents are made from: the SHA-256 of its turns (source.yaml's
// text_sha256) and the size and modification time of turns.jsonl, its
// participant, and the path, size and modification time (in nanoseconds) of
// each of its coding files. A source whose fingerprint differs from the
// manifest's is re-indexed, a source missing from the project has its
// documents deleted, and the manifest is rewritten (atomically) after the
// changes are applied. Before it changes anything Sync marks the manifest
// dirty, so that an interrupted Sync is followed by a full rebuild. A
// manifest written by another schema version, an unreadable manifest or an
// index bleve cannot open also lead to a full rebuild; SyncStats.Notice then
// says so when the index was damaged.
//
// # Locking
//
// One process at a time has the index open: Open takes the lock file, waiting
// at most Options.Timeout, and fails with ErrBusy when another grounded
// command holds it. Callers that read the project under its own lock take
// that lock first, then open the index.
package index
