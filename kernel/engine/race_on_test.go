//go:build race

package engine

// raceDetector is set when the tests run under the race detector.
const raceDetector = true
