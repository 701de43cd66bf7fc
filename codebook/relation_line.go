package codebook

// Line is the line of codebook.yaml the relation was decoded from, or 0
// for a relation made in memory.
func (r *Relation) Line() int {
	if r == nil || r.node == nil {
		return 0
	}
	return r.node.Line
}
