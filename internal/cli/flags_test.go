package cli

import "flag"

var updateScripts = flag.Bool("update", false, "rewrite the golden output in testdata/script")
