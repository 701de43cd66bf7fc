// Command gen writes a synthetic interview study for benchmarks (see
// package bench/gen):
//
//	go run ./bench/gen/cmd corpus -dir DIR -n 1000 [-turns 200] [-seed 1]
//	    DIR/transcripts/P0001.txt ... and DIR/participants.csv
//	go run ./bench/gen/cmd codings -project DIR -n 100000 [-seed 1] [-coders alice,bob]
//	    codings written straight into an ingested project
//	go run ./bench/gen/cmd turns-csv -project DIR > turns.csv
//	    the project's turns as CSV (source,turn,speaker,text), for loading
//	    the same text into another search engine
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/bench/gen"
	"github.com/grounded-qda/grounded/internal/project"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "corpus":
		err = corpus(os.Args[2:])
	case "codings":
		err = codings(os.Args[2:])
	case "turns-csv":
		err = turnsCSV(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: gen corpus -dir DIR -n N [-turns 200] [-seed 1] | gen codings -project DIR -n N [-seed 1] | gen turns-csv -project DIR")
	os.Exit(2)
}

func corpus(args []string) error {
	fs := flag.NewFlagSet("corpus", flag.ExitOnError)
	dir := fs.String("dir", "", "output directory")
	n := fs.Int("n", 17, "number of transcripts")
	turns := fs.Int("turns", gen.DefaultTurns, "turns per transcript")
	seed := fs.Uint64("seed", 1, "random seed")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("corpus: -dir is required")
	}
	paths, err := gen.WriteCorpus(*dir, gen.Options{Seed: *seed, Transcripts: *n, Turns: *turns})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %d transcripts of %d turns and participants.csv to %s\n", len(paths), *turns, *dir)
	return nil
}

func codings(args []string) error {
	fs := flag.NewFlagSet("codings", flag.ExitOnError)
	dir := fs.String("project", "", "project directory (ingested)")
	n := fs.Int("n", 10000, "number of codings to add")
	seed := fs.Uint64("seed", 1, "random seed")
	coders := fs.String("coders", "alice,bob", "coders, comma-separated")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("codings: -project is required")
	}
	got, err := gen.AddCodings(*dir, gen.CodingOptions{Seed: *seed, N: *n, Coders: strings.Split(*coders, ",")})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: added %d codings to %s\n", got, *dir)
	return nil
}

func turnsCSV(args []string) error {
	fs := flag.NewFlagSet("turns-csv", flag.ExitOnError)
	dir := fs.String("project", "", "project directory")
	fs.Parse(args)
	p, err := project.Open(*dir)
	if err != nil {
		return err
	}
	srcs, err := p.ListSources()
	if err != nil {
		return err
	}
	w := csv.NewWriter(os.Stdout)
	for _, s := range srcs {
		turns, err := p.ReadTurns(s)
		if err != nil {
			return err
		}
		for _, t := range turns {
			if err := w.Write([]string{s.ID, strconv.Itoa(t.N), t.Speaker, s.Participant, t.Text}); err != nil {
				return err
			}
		}
	}
	w.Flush()
	return w.Error()
}
