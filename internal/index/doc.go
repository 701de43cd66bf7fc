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
//	  lock            locked (flock, exclusively) by a process writing the index
//	  manifest.json   schema version, current generation, one entry per indexed source
//	  participants.cache  participants.yaml decoded, keyed by its content (see "Participants")
//	  speakers.cache  speakers.yaml decoded, keyed by its content (see "Participants")
//	  bleve-N/        a generation: a bleve (scorch) index; the manifest names one
//	  scorch-offline-build*/  work space of a full build, removed after it
//
// There is one bleve document per turn, with id SRC#N (the turn's
// reference), but for long turns (see "Long turns"). Its fields are text
// (see "Words and phrases"), speaker, source and participant (exact
// keywords), codes (the names of the codes applied to the turn by any
// coder, compared case-insensitively), coders, and turn (the turn's
// number, one zero-padded term: see "The turn number" in turn.go). In a
// query string a keyword field is matched exactly, speaker:Interviewer; a
// value with a space needs quotes, speaker:"Jordan Lee". The turn number
// is compared as a number: turn:17, turn:>30, turn:<=3.
//
// The text is indexed but not stored: the project holds it. A document
// stores only its participant, the hash of its turn (speaker, timestamp
// and text) and where the turn's line was in turns.jsonl (byte offset and
// length); the text's terms are indexed with their positions (term
// vectors, without byte offsets: see positions.go), for phrases and
// highlights. A hit's source and turn come from its id; its speaker,
// timestamp and Text are read from the project's turns.jsonl when the
// page of hits is known, for the page alone (the line alone, where it
// still is; else the file), and checked against the stored hash, so that
// the highlights, the words of that text at the positions matched, mark
// the right words: a turn that changed, or is gone, since the index was
// updated fails the search with ErrStale (see hittext.go).
//
// Query.SpeakerSources filters by who speaks where (the command line's
// --role: a role is a speaker's in a source). Each document with a
// speaker also indexes its source and speaker together as one keyword
// (fieldSpeakerIn, "SOURCE SPEAKER", not a field of the query string),
// so that a speaker in some sources is a term per source, and the filter
// one disjunction of terms that the index applies with the other filters.
// Each term costs a dictionary lookup and a postings list, so the index
// names whichever set of terms is smaller (role.go): the turns the filter
// lets through, or those it keeps out, left out as a -word is and scored
// no more than a filter is. --role participant, where each interview has
// its own participant, is then one term kept out (speaker:Interviewer)
// rather than a thousand let through. Keeping out needs to know every
// turn the index holds: each manifest entry records its source's speakers
// and its number of documents without one (turns no speaker filter lets
// through); a source whose entry predates that record, or that has a
// document without a speaker, is kept out whole but for the speakers let
// through in it, which may make letting through the cheaper way.
//
// # Words and phrases
//
// The text is cut into words at Unicode's word boundaries (UAX #29), which
// keep a contraction one word (can't, I'm, don’t) and a number with points
// or commas one word (3.5, 1,000). No word is dropped: there are no stop
// words. Each word is then compared by its folded form (FoldWord): the
// apostrophes ’ ‘ ʼ ′ ＇ ` ´ are ', accents and other marks are removed
// (fonctionnalite finds fonctionnalité and back; ß is ss, æ is ae), and
// case is ignored. Finally a word without an apostrophe is reduced to its
// English stem (Porter), so that trusting finds trust and trusted; a word
// with one is kept whole, since the stemmer would make it's into it.
// Queries go through the same analysis (the text field's analyzer is the
// index mapping's default): a query word matches the turns with a word of
// the same stem.
//
// A phrase, "no one", matches the turns where words with the phrase's
// stems stand at adjacent positions, in its order. Since no word is
// dropped, adjacent means adjacent in the text (punctuation between them
// aside): "no one" does not match "no, not one" nor "no one's" (one word,
// kept whole). As each word is compared by its stem, a phrase also matches
// the same words inflected: "peer supports" matches "peer support", and
// "no one" would match "no on" (one and on have the stem on). The test
// TestGroundTruth* compares, over the demo transcripts and a generated
// corpus, the turns found for a list of phrases with the turns that
// contain them by a plain word match. A phrase is searched as bleve's
// PhraseSearcher searches it (the same term searchers, matches, scores
// and highlights), but its adjacency is checked on the list of the
// candidates' locations, without a map per candidate (phrase.go).
//
// Wildcard, prefix and fuzzy terms of the text (trust*, tru~1) are folded
// like the text's words but not stemmed, and compared with the indexed
// stems: FONCTIONNAL* finds fonctionnalité. Regular expressions are
// compared with the indexed terms as they are (folded, lower case, stems).
//
// The highlights of a hit are byte ranges of the original text, as cut by
// the tokenizer: every change above is made to a word's term after it is
// cut, never to the text, so the keyword in context shows the text as
// written (with its accents and typographic apostrophes).
//
// # Long turns
//
// Indexing a document holds all its terms and positions at once, so a
// turn of more than ChunkBytes (8 KB) of text is indexed as several
// documents, its chunks (ids SRC#N/1, SRC#N/2…), each of about ChunkBytes,
// cut where words begin and end, consecutive chunks sharing
// PhraseWords-1 (31) words: any phrase of up to PhraseWords (32) words
// lies wholly inside one chunk. A turn of ChunkBytes or less is one
// document, as before, and an index without long turns is searched as
// before. The batches that write chunks are bounded in bytes
// (maxBatchBytes), so that the memory of indexing a long turn does not
// grow with its length. (Turns are at most corpus.MaxTurnChars long.)
//
// The turn is still what a search finds (long.go): a long turn is one
// hit, counted once in Result.Total; it matches a query when the turn
// does: each word or phrase of the query is looked for among the chunks,
// and the query's +, - and either are applied to the turns, so +trust
// +judge finds a turn with trust in one chunk and judge in another, and
// -judge leaves out a turn with judge in any chunk. A phrase of more than
// PhraseWords words may cross from one chunk into the next: the turns
// whose chunks hold each stretch of PhraseWords words of it are compared,
// word by word (analysed as in the index), with the phrase, so it is found
// too. Filters apply to a long turn as to any. Its Text is the whole turn
// (read from the project, as every hit's) and its Highlights, those of
// its chunks, are at their places in it. Its Score is the best score of its chunks for each word or
// phrase, summed over those the turn matches: comparable with the
// scores of other turns, but not equal to what one document would score.
//
// # Freshness
//
// Sync brings the index up to date without rebuilding it, and costs little
// when nothing changed: it lists sources/ and the coders' directories and
// stats the files of every source, without reading them. The manifest
// records, for every indexed source, its number of turns, a fingerprint
// of the stamps (size, modification time and, where the system has one,
// change time, in nanoseconds) of its source.yaml (which holds its
// participant and the checksum of its turns), its turns.jsonl and each of
// its coding files, with their paths, and a hash of the content of those
// files. A source whose fingerprint is the manifest's is up to date. A
// source whose fingerprint differs has its files' content hashed: when
// the hash is the manifest's (a copy made with cp -a, a chmod, a checkout
// of the same files: every change time differs), the entry takes the new
// fingerprint, written to the manifest when the index can be written, and
// nothing is re-indexed; otherwise the source is parsed and re-indexed
// (its documents are looked up by source, so that turns it no longer has
// are deleted). A source missing from the project has its documents
// deleted. So permissions and change times never make a source look
// changed, only its content does.
//
// Time stamps are coarse (a few milliseconds, two seconds on FAT), so a
// file written again within the same tick with the same size keeps its
// stamp. A source with a file stamped less than two seconds before the Sync
// that indexes it is racy: its entry also records the content hash in
// Content, which the next Syncs compare even when the stamps are the same,
// until the files are old enough (as git does for its index). The change
// time, which no program can set, also shows files rewritten with their
// old modification time.
//
// The stats are made below the project directory held open (fstatat on
// Linux), and the manifest, in the layout the index writes, is read
// without reflection (manifest_read.go; any other JSON by encoding/json).
// SyncWhile runs a search while the stats are made, the most of a search
// command's time at a thousand sources, and reports whether the index the
// search saw is the one Sync left: when Sync changed it, the search's
// answer is not used, and the caller searches again. SyncWith does the
// same with stats begun earlier (StartScan), so that they also run while
// the command reads its other files and opens the index.
//
// A source whose turns or codings cannot be read is left out
// (SyncStats.Skipped) and tried again next time.
//
// # Generations: readers never wait
//
// A generation that the manifest names is never written again. Readers
// take no lock of grounded's: Open opens nothing, and the first Sync or
// Search opens the generation the manifest names, for reading only (bleve
// then writes nothing, and bolt takes a shared lock on its root.bolt,
// which no writer ever asks for). A Sync with changes to make takes the
// writer's turn, an exclusive lock on the lock file, waiting at most
// Options.Timeout for another writer (then ErrBusy); reads the manifest
// again (another writer may have made a new generation meanwhile, which
// it then opens and compares with the project instead); makes the next
// generation (bleve-N+1, after every generation in the directory): for an
// update, the segment files of the current one linked (bleve never
// changes a segment) and the rest copied, then the changes applied; for a
// full build, bleve's offline builder, given documents read and analysed
// on every core (see "A full build on every core" in build.go); merges
// its segments when an update leaves more than a few (merge.go); closes
// it, opens it for reading,
// names it in the manifest (replaced atomically), and removes the older
// generations. A process that has an older generation open keeps
// searching it (its files live on while they are open) until it opens
// the index again. An interrupted writer leaves the manifest and its
// generation as they were; the next writer removes what it left.
//
// Rebuild builds a new generation from the project without opening the
// old one, so that it works whatever state the old one is in.
//
// # Damage: the index heals itself
//
// An index whose manifest is missing, unreadable or names no generation,
// of another SchemaVersion, whose generation bleve cannot open, or whose
// root.bolt fails checkBolt is replaced: the command starts from an empty
// index in memory, and its Sync builds a new generation on disk. When it
// was damaged (not merely missing), or of another version, SyncStats.Notice
// says so, for the CLI to print on stderr. So is an index whose number of
// documents is not the sum of the manifest's turn counts: bleve falls back
// silently to an older snapshot when the newest cannot be loaded. A panic
// inside bleve is turned into an error that means damage, and the index is
// rebuilt.
//
// bolt maps root.bolt in memory and follows the page numbers it finds in
// it; a file cut short or a flipped bit would make it read past the end of
// the file, a fatal signal (SIGBUS) that no recover catches. So before
// bleve opens a generation, checkBolt reads root.bolt with plain reads and
// checks what bolt will follow: a valid meta page (magic, version, FNV-64a
// checksum) whose high water mark the file holds, and every branch, leaf
// and bucket page reachable from its root within that mark (see bolt.go).
// The test TestDamagedRootBolt cuts and flips bits of root.bolt in
// another process each time, so that a crash fails the test.
//
// # Reading without writing
//
// An error for lack of permission, or a read-only file system, is never
// taken for damage, and nothing is deleted for it. In a project that
// cannot be written:
//
//   - an index that is up to date is searched as usual (a source whose
//     stamps changed but not its content is up to date: the comparison is
//     made again on each command, since the manifest cannot take the new
//     stamps);
//   - an index that is out of date is searched as it is, and
//     SyncStats.Notice says that the results may miss the changes (a
//     rebuild in memory would take as long as an ingest of the whole
//     project, on every search);
//   - a missing, outdated or damaged index, or one that may not be read, is
//     left as it is, and the project is indexed in memory for the command,
//     which SyncStats.Notice says.
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
// # Using it
//
// A command that searches does Open, Sync, Search, Close. SearchHealing
// wraps the search: when it fails other than by a *QueryError (damage
// Open did not see, or ErrStale), it rebuilds the index and searches
// again once, and says so in a notice; the command line and the
// workbench both search through it. Callers that read the project
// under its own lock take that lock first, then open the index.
//
// # Participants
//
// Participants reads participants.yaml for an attribute filter through a
// cache in the index directory (participants.cache) keyed by the file's
// SHA-256, so that a search with --attr does not decode the YAML each
// time; a file that differs by one byte is decoded again, and a cache
// that is damaged, or not a regular file, is not used (participants.go).
//
// SpeakerRoles reads speakers.yaml, for a role filter, through a cache
// (speakers.cache) made and checked in the same way (speakers.go).
//
// # Memos
//
// SearchMemos searches memos' text with the turns' mapping, analyzer and
// query parser, so that words, stems, phrases, apostrophes and the query
// syntax mean for memos what they mean for turns (a field other than text
// is refused: memos have no speaker or source). The memos are not kept in
// the index on disk: the caller reads them and SearchMemos indexes them
// in memory for the query. Memos are few and short (a project has tens or
// hundreds, a corpus of transcripts tens of thousands of turns), so that
// costs milliseconds, and it leaves the cache's freshness, manifest and
// SchemaVersion about the transcripts alone: a memo written, edited or
// removed is found (or not) by the next search, with nothing to keep up
// to date.
package index
