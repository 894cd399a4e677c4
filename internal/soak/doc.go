// Package soak holds the fault soak tests that cross the service packages:
// setup Plan and Apply, bulk licensing and case filing, run against package
// fake with transient faults, lost answers (the write applied, its answer
// a 503) and read-after-write lag, drawn from fixed seeds (rules W1, W2,
// W5, S7). They check that nothing is lost, nothing is done twice, no
// transient error reaches the caller, and every account created has a
// known password. It has no code of its own.
//
// The tests run in CI with two seeds; a longer soak runs more:
//
//	go test ./internal/soak -soak 20
package soak
