//go:build race

package resellerkit_test

const raceEnabled = true
