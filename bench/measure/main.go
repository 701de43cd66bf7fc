//go:build linux

// Command measure runs a command several times as a whole process and
// prints one line of JSON: the median, minimum and maximum wall time, the
// median CPU time (user + system, which is less disturbed than wall time
// by other load on the machine) and the largest peak resident set size of
// the runs, as wait4(2) reports it (the figure GNU time -v prints as
// "Maximum resident set size").
//
// That peak counts the pages of files the command maps, which the kernel
// takes back whenever memory is short: a build of the search index maps
// the segments it merges, up to the whole index. With -anon, measure also
// samples the command's anonymous resident memory (RssAnon in
// /proc/PID/status: the heap and stacks, which cannot be taken back
// without swap) every 10 ms and prints the largest sample as
// max_anon_mb; a peak shorter than 10 ms can be missed, so read it as a
// lower bound.
//
//	measure [-n 20] [-warmup 1] [-label NAME] [-anon] -- COMMAND ARGS...
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
	MaxAnonMB float64 `json:"max_anon_mb,omitempty"`
	OutBytes  int     `json:"out_bytes"`
	FirstLine string  `json:"first_line,omitempty"`
}

func main() {
	n := flag.Int("n", 20, "timed runs")
	warmup := flag.Int("warmup", 1, "untimed runs first")
	label := flag.String("label", "", "name of the measurement")
	anon := flag.Bool("anon", false, "sample the anonymous resident memory every 10 ms (max_anon_mb)")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: measure [-n 20] [-warmup 1] [-label NAME] [-anon] -- COMMAND ARGS...")
		os.Exit(2)
	}
	var walls, cpus []float64
	var rss, anonKB int64
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
		err := cmd.Start()
		var sampled chan int64
		if err == nil && *anon {
			sampled = make(chan int64)
			go sampleAnon(cmd.Process.Pid, sampled)
		}
		if err == nil {
			err = cmd.Wait()
		}
		wall := time.Since(start)
		if sampled != nil {
			sampled <- 0 // stop
			if i >= *warmup {
				anonKB = max(anonKB, <-sampled)
			} else {
				<-sampled
			}
		}
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
		CPUMS: median(cpus), MaxRSSMB: float64(rss) / 1024, MaxAnonMB: float64(anonKB) / 1024,
		OutBytes:  len(out),
		FirstLine: string(first[:min(len(first), 80)]),
	}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}

// sampleAnon reads RssAnon (kB) of process pid every 10 ms until it
// receives on c, then sends the largest value read on c.
func sampleAnon(pid int, c chan int64) {
	path := "/proc/" + strconv.Itoa(pid) + "/status"
	var peak int64
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		peak = max(peak, rssAnonKB(path))
		select {
		case <-c:
			c <- peak
			return
		case <-tick.C:
		}
	}
}

// rssAnonKB is the RssAnon line of a /proc/PID/status file, in kB (0 when
// the process is gone or the line is missing).
func rssAnonKB(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
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
