package zap

// grounded: compact locations (see PATCHES.md)
//
// A location was written as five or more numbers: its field, position,
// start and end byte offsets, and its array positions (how many, then
// each). grounded's search index asks its analyzer to zero the offsets
// (it recomputes the highlights from the turn's text and the positions),
// and its fields with term vectors hold one value each, so a location
// is, nearly always, a position in the field of its dictionary. Such a
// location is written as one number, pos<<1; any other as pos<<1|1
// followed by the field, start, end, the number of array positions and
// each of them. readLocation (posting.go) reads both forms, so every
// location reads back as it was given, and only the size changes.

// locValues returns in buf the numbers that encode a location of a term
// of the dictionary of field dictField.
func locValues(buf []uint64, dictField, field, pos, start, end uint64, ap []uint64) []uint64 {
	if field == dictField && start == 0 && end == 0 && len(ap) == 0 {
		return append(buf[:0], pos<<1)
	}
	buf = append(buf[:0], pos<<1|1, field, start, end, uint64(len(ap)))
	return append(buf, ap...)
}

// uvarintsLen is the number of bytes of vals as uvarints.
func uvarintsLen(vals []uint64) (n int) {
	for _, v := range vals {
		n += uvarintLen(v)
	}
	return n
}

// uvarintLen is the number of bytes of v as a uvarint.
func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
