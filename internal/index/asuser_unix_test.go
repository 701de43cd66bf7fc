//go:build unix

package index

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// nobody is the unprivileged user the root-only tests are run again as.
const nobody = 65534

// TestReadOnlyProjectAsUser runs TestReadOnlyProject again as an
// unprivileged user when the tests run as root: root ignores permission
// bits, so a read-only project is then a read-only mount, and a chmod
// (which changes every file's change time) is never tried. A freshness
// check that trusted stamps alone found every source changed after the
// chmod, and the index out of date (issue 18).
func TestReadOnlyProjectAsUser(t *testing.T) {
	if os.Getenv(helperEnv) != "" || os.Getuid() != 0 {
		t.Skip("not root: TestReadOnlyProject runs as this user already")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A directory the user may enter, with a copy of the test binary.
	dir, err := os.MkdirTemp("", "grounded-asuser-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o1777); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "index.test")
	if err := copyExe(exe, bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyProject$", "-test.count=1", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+dir, "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Skipf("cannot run as uid %d here: %v", nobody, err)
		}
		t.Fatalf("TestReadOnlyProject as uid %d: %v\n%s", nobody, err, out)
	}
	t.Logf("as uid %d:\n%s", nobody, out)
}

func copyExe(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
