package serve

import "embed"

// webFS holds the page: index.html, the JavaScript modules and the style
// sheet, embedded so the workbench works offline and loads nothing from
// elsewhere.
//
//go:embed web
var webFS embed.FS
