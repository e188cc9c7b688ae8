// Package gonn is what the gonn kernel offers the code of notebook cells
// besides the preloaded libraries: asking the person at the notebook for
// text while a cell runs.
//
//	name, err := gonn.ReadLine("Your name: ")
//	token, err := gonn.ReadPassword("API token: ") // typed without echo
//
// In a cell, the package is imported automatically on first use. Each call
// sends an input_request to the notebook, which shows an input box (a
// password box for ReadPassword) under the cell, and returns what the user
// typed. A client that does not take input, such as nbclient or `gonn run`
// (allow_stdin false), makes the call fail at once with an error that says
// so, and the kernel notes it on the cell's standard error too. An
// interrupt while the box waits makes the call return the interruption.
//
// Reading os.Stdin in a cell (fmt.Scanln, bufio.Reader) asks the user the
// same way, one line at a time, with no prompt.
//
// Outside the kernel (a program built with go build), the functions read a
// line of standard input after writing the prompt to standard output, and
// ReadPassword turns the terminal's echo off while the user types.
package gonn
