//go:build linux

// Command measure runs a command several times as a whole process and
// prints one line of JSON: the median, minimum and maximum wall time, the
// median CPU time (user + system, which is less disturbed than wall time
// by other load on the machine) and the largest peak resident set size of
// the runs, as wait4(2) reports it (the figure GNU time -v prints as
// "Maximum resident set size").
//
//	measure [-n 20] [-warmup 1] [-label NAME] [-quiet] -- COMMAND ARGS...
//
// In ARGS, {i} is replaced by the run's number (from 0, warm-ups
// included) and {n} by that number plus one, so that a command that must not repeat itself, such as
// 'grounded code add' on a new span, can be timed. A run that exits
// non-zero stops the measurement with exit 1, showing its output.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type result struct {
	Label     string  `json:"label"`
	Runs      int     `json:"runs"`
	MedianMS  float64 `json:"median_ms"`
	MinMS     float64 `json:"min_ms"`
	MaxMS     float64 `json:"max_ms"`
	CPUMS     float64 `json:"cpu_ms"`
	MaxRSSMB  float64 `json:"max_rss_mb"`
	OutBytes  int     `json:"out_bytes"`
	FirstLine string  `json:"first_line,omitempty"`
}

func main() {
	n := flag.Int("n", 20, "timed runs")
	warmup := flag.Int("warmup", 1, "untimed runs first")
	label := flag.String("label", "", "name of the measurement")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: measure [-n 20] [-warmup 1] [-label NAME] -- COMMAND ARGS...")
		os.Exit(2)
	}
	var walls, cpus []float64
	var rss int64
	var out []byte
	for i := 0; i < *warmup+*n; i++ {
		argv := make([]string, len(args))
		for j, a := range args {
			a = strings.ReplaceAll(a, "{i}", strconv.Itoa(i))
			argv[j] = strings.ReplaceAll(a, "{n}", strconv.Itoa(i+1))
		}
		cmd := exec.Command(argv[0], argv[1:]...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if err != nil {
			fmt.Fprintf(os.Stderr, "measure: %s: %v\n%s%s", strings.Join(argv, " "), err, stdout.Bytes(), stderr.Bytes())
			os.Exit(1)
		}
		if i < *warmup {
			continue
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		walls = append(walls, ms(wall))
		cpus = append(cpus, ms(cpu))
		rss = max(rss, ru.Maxrss)
		out = stdout.Bytes()
	}
	first, _, _ := bytes.Cut(out, []byte("\n"))
	r := result{
		Label: *label, Runs: *n,
		MedianMS: median(walls), MinMS: slices.Min(walls), MaxMS: slices.Max(walls),
		CPUMS: median(cpus), MaxRSSMB: float64(rss) / 1024, OutBytes: len(out),
		FirstLine: string(first[:min(len(first), 80)]),
	}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
