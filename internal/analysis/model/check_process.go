package model

// OrderOfMentionNote labels the whole-interview tau-b wherever it is kept.
const OrderOfMentionNote = "order of mention across whole interviews: it follows the interview guide (reversing an interview's question-answer pairs reverses it), so it is not evidence for the order of the process"

// OrderOfMention is the old whole-interview order (mean turn positions and
// Kendall's tau-b per participant), kept only under this label.
type OrderOfMention struct {
	Note string `json:"note"`
	Order
}

// ProcessCheck is the model check with the process evidence: coverage
// and drift as [Check] computes them, the order in narrated time within
// episodes under "order", the trust × later-stage tables under
// "conditions", and the whole-interview order relabelled as
// "order_of_mention". Its JSON is the model check's --json output once
// wired (docs/hierarchy.md documents every field).
type ProcessCheck struct {
	*Report
	// Order shadows Report.Order in JSON: "order" is the narrated order.
	Order          NarratedOrder  `json:"order"`
	OrderOfMention OrderOfMention `json:"order_of_mention"`
	Conditions     Conditions     `json:"conditions"`
	Transitions    []Transition   `json:"transitions"`
	Challenges     []Challenge    `json:"challenges"`
	// Unplaced are negative cases against something that is neither a
	// stage nor under one; a caller should warn about them.
	Unplaced []NegativeCase `json:"unplaced_negative_cases"`
}

// CheckProcess runs [Check] on in and [Process] on p (whose Codebook
// defaults to in.Codebook and Codings to in.Codings) and joins them.
func CheckProcess(in Input, p ProcessInput) (*ProcessCheck, error) {
	r, err := Check(in)
	if err != nil {
		return nil, err
	}
	if p.Codebook == nil {
		p.Codebook = in.Codebook
	}
	if p.Codings == nil {
		p.Codings = in.Codings
	}
	pr, err := Process(p)
	if err != nil {
		return nil, err
	}
	unplaced := UnplacedNegativeCases(p.Codebook, p.NegativeCases)
	if unplaced == nil {
		unplaced = []NegativeCase{}
	}
	return &ProcessCheck{
		Report:         r,
		Order:          pr.Order,
		OrderOfMention: OrderOfMention{Note: OrderOfMentionNote, Order: r.Order},
		Conditions:     pr.Conditions,
		Transitions:    pr.Transitions,
		Challenges:     pr.Challenges,
		Unplaced:       unplaced,
	}, nil
}
