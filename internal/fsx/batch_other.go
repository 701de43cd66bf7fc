//go:build !linux

package fsx

import "os"

// NewBatch returns ErrNoBatch: outside Linux, files are made durable one
// by one (see "Making many files durable at once").
func NewBatch(dir string) (*Batch, error) { return nil, ErrNoBatch }

func deviceOf(f *os.File) (uint64, error) { return 0, ErrNoBatch }

func statDevice(st os.FileInfo) (uint64, bool) { return 0, false }
