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
//	  scorch-offline-build*/  work space of a full build, removed after it
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
// records, for every indexed source, its number of turns and a fingerprint
// of everything its documents are made from: the SHA-256 of its turns
// (source.yaml's text_sha256) and the size and modification time of
// turns.jsonl, its participant, and the path, size and modification time
// (in nanoseconds) of each of its coding files. A source whose fingerprint
// differs from the manifest's is re-indexed (its documents are looked up by
// source, so that turns it no longer has are deleted), a source missing
// from the project has its documents deleted, and the manifest is rewritten
// atomically after each batch of changes is applied. An interrupted Sync
// leaves some sources with their old fingerprint in the manifest, so the
// next Sync re-indexes them and finishes the work. A source whose turns or codings cannot
// be read is left out (SyncStats.Skipped) and tried again next time.
//
// An index built from nothing (the first time, after Rebuild, or when the
// index was missing) is made with bleve's offline builder, and its manifest
// is written last. An index whose manifest is missing, unreadable or of
// another SchemaVersion, or that bleve cannot open, is rebuilt; when it was
// damaged (not merely missing or outdated), SyncStats.Notice says so, for
// the CLI to print on stderr.
//
// # Locking
//
// One process at a time has the index open: Open takes the lock file, waiting
// at most Options.Timeout, and fails with ErrBusy when another grounded
// command holds it (bleve's own lock on its root.bolt file, opened with the
// same timeout, is a second guard). Callers that read the project under its
// own lock take that lock first, then open the index. A command that
// searches does Open, Sync, Search, Close; if Search fails with ErrDamaged,
// Rebuild and search again.
package index
