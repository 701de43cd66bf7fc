package cli

import "runtime/debug"

// versionFrom renders the module version of a build and, when the build
// recorded it, its VCS revision: "v1.2.0", "(devel) (rev 0123456789ab,
// modified, 2026-11-27T10:00:00Z)". A build without VCS information (go
// run, -buildvcs=false, a build outside a repository) says "(devel)" and
// no revision, as the build information does.
func versionFrom(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v += " (rev " + rev
	if modified {
		v += ", modified"
	}
	if at != "" {
		v += ", " + at
	}
	return v + ")"
}
