package index

import (
	"errors"
	"strings"
	"testing"
)

// The words of a query error: bleve's own message when it says what is
// wrong, the hint when it says only "syntax error", and an unknown field
// found wherever it is in the query (not only in its first clause).
func TestQueryErrorWords(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for q, want := range map[string]string{
		`"unclosed`:                  `invalid query "\"unclosed": unterminated quote; see `,
		`trust~9`:                    `invalid query "trust~9": fuzziness exceeds max (2); see `,
		`staff:`:                     `invalid query "staff:": syntax error (check quotes, and that every field: and +/- is followed by a value); see `,
		`+`:                          `invalid query "+": syntax error (check quotes, and that every field: and +/- is followed by a value); see `,
		`+trust speeker:Ben`:         `invalid query "+trust speeker:Ben": there is no field "speeker" (`,
		`trust -speeker:Ben`:         `invalid query "trust -speeker:Ben": there is no field "speeker" (`,
		`+trust +staff -speeker:Ben`: `invalid query "+trust +staff -speeker:Ben": there is no field "speeker" (`,
		`+trust +speeker:Ben`:        `invalid query "+trust +speeker:Ben": there is no field "speeker" (`,
	} {
		_, err := ix.Search(Query{Text: q})
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v\nwant a *QueryError starting %s", q, err, want)
		}
	}
}
