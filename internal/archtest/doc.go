// Package archtest holds the test that enforces grounded's import rule (see
// docs/architecture.md): front ends on top, then operations, then the
// store, index, analysis and export, then the domain packages, which import
// none of the layers above them. It also checks that the binary
// (cmd/grounded) links none of the libraries only tests use, such as
// excelize (binary_test.go). It has no code of its own.
package archtest
