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
// Sync brings the index up to date without rebuilding it, and costs little
// when nothing changed: it lists sources/ and the coders' directories and
// stats the files of every source, without reading them. The manifest
// records, for every indexed source, its number of turns and a fingerprint
// of the stamps (size, modification time and, where the system has one,
// change time, in nanoseconds) of its source.yaml (which holds its
// participant and the checksum of its turns), its turns.jsonl and each of
// its coding files, with their paths. A source whose fingerprint differs
// from the manifest's is parsed and re-indexed (its documents are looked up
// by source, so that turns it no longer has are deleted), a source missing
// from the project has its documents deleted, and the manifest is rewritten
// atomically after each batch of changes is applied.
//
// Time stamps are coarse (a few milliseconds, two seconds on FAT), so a
// file written again within the same tick with the same size keeps its
// stamp. A source with a file stamped less than two seconds before the Sync
// that indexes it is racy: its entry also records a hash of the content of
// its source.yaml and coding files, which the next Syncs compare until the
// files are old enough (as git does for its index). The change time, which
// no program can set, also shows files rewritten with their old
// modification time.
//
// Before a Sync changes the documents of sources it marks their entries
// dirty in the manifest: an interrupted Sync leaves them to be re-indexed
// by the next one. A source whose turns or codings cannot be read is left
// out (SyncStats.Skipped) and tried again next time.
//
// An index built from nothing (the first time, after Rebuild, or when the
// index was missing) is made with bleve's offline builder, and its manifest
// is written last. An index whose manifest is missing, unreadable or of
// another SchemaVersion, or that bleve cannot open, is rebuilt; when it was
// damaged (not merely missing or outdated), SyncStats.Notice says so, for
// the CLI to print on stderr. So is an index whose number of documents is
// not the sum of the manifest's turn counts while no source is dirty:
// bleve falls back silently to an older snapshot when the newest cannot be
// loaded.
//
// # Reading without writing
//
// Open has bleve open the index for reading only, which writes nothing (a
// search used to commit to bleve's root.bolt, six fdatasync calls, on
// every open); Sync reopens it for writing when it has something to
// change. An error for lack of permission, or a read-only file system, is
// never taken for damage, and nothing is deleted for it. In a project that
// cannot be written:
//
//   - an index that is up to date is searched as usual;
//   - an index that is out of date is searched as it is, and
//     SyncStats.Notice says that the results may miss the changes (a
//     rebuild in memory would take as long as an ingest of the whole
//     project, on every search);
//   - a missing, outdated or damaged index, or one that may not be read, is
//     left as it is, and the project is indexed in memory for the command
//     (OpenMem), which SyncStats.Notice says.
//
// # Order of hits
//
// Hits are ordered by score (rounded to 1e-9, so that scores that differ
// by rounding errors tie), then source in natural order, then turn. To
// spare bleve from sorting every match by three keys, a page of a text
// query is ordered in Go from the ids and scores of the best matches by
// score alone, fetched until the last one fetched scores below the page's
// last one; only when more than a few thousand matches tie there (a query
// of filters alone scores every match the same) does bleve sort. See
// rank.go.
//
// # Locking
//
// One process at a time has the index open: Open takes the lock file,
// waiting at most Options.Timeout, and fails with ErrBusy when another
// grounded command holds it (bleve's own lock on its root.bolt file, opened
// with the same timeout, is a second guard; in a read-only project where
// the lock file cannot be created, it is the only one). Callers that read
// the project under its own lock take that lock first, then open the index.
// A command that searches does Open, Sync, Search, Close; if Search fails
// with ErrDamaged, Rebuild and search again.
package index
