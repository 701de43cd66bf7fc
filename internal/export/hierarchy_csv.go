package export

import (
	"bytes"
	"encoding/csv"
	"github.com/grounded-qda/grounded/internal/csvsafe"
	"strconv"
	"strings"
)

// CSVHeader is the header row of the hierarchy's CSV form.
var CSVHeader = []string{"path", "code", "category", "stage", "stage_order", "codings", "sources", "participants"}

// CSV renders one row per code, in tree order (the core's codes first,
// then the unassigned ones): its path of names from the top node down to
// the code joined by " / ", the code, its category (the nearest one, empty
// for a code in no category), its stage and the stage's 1-based order
// (both empty outside the core), and its counts. Names a spreadsheet
// would run as formulas are prefixed with a single quote (see package
// csvsafe).
func (h *Hierarchy) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(append([]string(nil), CSVHeader...)); err != nil {
		return nil, err
	}
	var werr error
	for _, root := range h.Roots() {
		root.Walk(func(path []*Node) {
			n := path[len(path)-1]
			if n.Kind != KindCode || werr != nil {
				return
			}
			names := make([]string, len(path))
			category, stage, order := "", "", ""
			for i, p := range path {
				names[i] = p.Name
				switch p.Kind {
				case KindStage:
					stage, order = p.Name, strconv.Itoa(p.Order)
					category = p.Name
				case KindCategory:
					category = p.Name
				}
			}
			werr = w.Write(csvsafe.Row([]string{strings.Join(names, " / "), n.Name, category, stage, order,
				strconv.Itoa(n.Codings), strconv.Itoa(n.Sources), strconv.Itoa(n.Participants)}))
		})
	}
	if werr != nil {
		return nil, werr
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
