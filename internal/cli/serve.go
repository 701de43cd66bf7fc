package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/serve"
)

// ServeOptions are the options of 'grounded serve'.
type ServeOptions struct {
	F        *Factory
	Addr     string
	AddrSet  bool
	Open     bool
	ReadOnly bool
	// OpenBrowser opens url in the user's browser (--open).
	OpenBrowser func(url string) error
	// Ready, when set, is called with the address once the server listens
	// (tests).
	Ready func(url string)
}

// NewCmdServe builds 'grounded serve'.
func NewCmdServe(f *Factory, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{F: f, OpenBrowser: openBrowser}
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:0] [--open] [--read-only]",
		Short: "Read and code transcripts in the browser (a local web workbench)",
		Long: `Serve the workbench for this project on this computer: read transcripts,
select words and apply codes, edit the codebook, search, write memos, see the
analysis. The browser and the command line are two front ends of one project
and one history; changes made by either appear in the other.

The first line printed is the address to open, with a fresh secret token;
only someone with the token can use the workbench. It listens on the loopback
interface only, unless --addr names another address (which prints a warning:
transcripts are confidential). Ctrl-C stops it.`,
		Example: `  grounded serve
  grounded serve --open
  grounded serve --read-only --addr 127.0.0.1:8080`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.AddrSet = cmd.Flags().Changed("addr")
			if runF != nil {
				return runF(opts)
			}
			return serveRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:0", "address to listen on (port 0: any free port)")
	cmd.Flags().BoolVar(&opts.Open, "open", false, "open the workbench in the browser")
	cmd.Flags().BoolVar(&opts.ReadOnly, "read-only", false, "refuse every change")
	return cmd
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	f := opts.F
	if f.gcDeferred {
		restoreGC() // a long-running process collects as usual (gc.go)
	}
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return usageErrorf("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", opts.Addr)
	}
	if !serve.IsLoopback(host) && !opts.AddrSet {
		return usageErrorf("listening beyond this computer needs --addr given explicitly")
	}
	p, err := f.Project()
	if err != nil {
		return err
	}
	coder := ""
	if !opts.ReadOnly {
		if coder, err = f.CoderName(p, ""); err != nil {
			return err
		}
	}
	token, err := serve.NewToken()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	logf := func(format string, args ...any) { fmt.Fprintf(f.IO.ErrOut, format+"\n", args...) }
	backend := serve.NewProjectBackend(p, coder)
	backend.Logf = logf
	h, err := serve.New(serve.Options{Backend: backend, Token: token, Addr: addr, ReadOnly: opts.ReadOnly, Logf: logf})
	if err != nil {
		ln.Close()
		return err
	}
	url := fmt.Sprintf("http://%s/?token=%s", addr, token)
	fmt.Fprintf(f.IO.Out, "grounded: serving %s at %s\n", p.Root, url)
	if !serve.IsLoopback(host) {
		fmt.Fprintf(f.IO.ErrOut, "grounded: warning: listening on %s, reachable from other computers; anyone with the address and token can read the transcripts\n", addr)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if opts.Open {
		if err := opts.OpenBrowser(url); err != nil {
			fmt.Fprintf(f.IO.ErrOut, "grounded: could not open a browser (%v); open the address above\n", err)
		}
	}
	if opts.Ready != nil {
		opts.Ready(url)
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	fmt.Fprintln(f.IO.ErrOut, "grounded: stopped serving")
	return nil
}

// openBrowser opens url with the platform's opener.
func openBrowser(url string) error {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		c = exec.Command("open", url)
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		c = exec.Command("xdg-open", url)
	}
	return c.Start()
}
