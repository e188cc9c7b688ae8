package gonn

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ReadLine shows prompt and returns the line the user types, without its
// line break. In a notebook it asks through an input box under the running
// cell; elsewhere it reads standard input. It fails when the notebook does
// not take input (allow_stdin is false, as with nbclient and gonn run),
// when the cell is interrupted while waiting, and, outside the kernel, at
// the end of standard input (io.EOF).
func ReadLine(prompt string) (string, error) {
	return readLine(os.Stdin, os.Stdout, prompt, false)
}

// ReadPassword is ReadLine for secrets: what the user types is not shown.
// In a notebook the input box masks it (an input_request with password
// true); in a terminal, echo is turned off while the user types. Nothing
// of the answer is kept by the kernel, printed or stored in the notebook.
func ReadPassword(prompt string) (string, error) {
	return readLine(os.Stdin, os.Stdout, prompt, true)
}

// readLine writes prompt to out and reads one line from in, with the
// terminal's echo off when hide is set and in is a terminal.
func readLine(in *os.File, out io.Writer, prompt string, hide bool) (line string, err error) {
	name := "gonn.ReadLine"
	if hide {
		name = "gonn.ReadPassword"
	}
	if _, err := io.WriteString(out, prompt); err != nil {
		return "", fmt.Errorf("%s: writing the prompt: %w", name, err)
	}
	if hide {
		restore, err := echoOff(in)
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		defer func() {
			fmt.Fprintln(out) // the user's Enter was not echoed
			if rerr := restore(); rerr != nil && err == nil {
				err = fmt.Errorf("%s: restoring the terminal: %w", name, rerr)
			}
		}()
	}
	line, err = readRawLine(in)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("%s: %w", name, err)
	}
	return line, err
}

// readRawLine reads up to a line break, one byte at a time so that nothing
// after the line is taken from in. A last line without a line break is
// returned without error; io.EOF comes only when nothing was read.
func readRawLine(in io.Reader) (string, error) {
	var b strings.Builder
	var buf [1]byte
	for {
		n, err := in.Read(buf[:])
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), nil
			}
			b.WriteByte(buf[0])
			continue
		}
		if errors.Is(err, io.EOF) && b.Len() > 0 {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
	}
}
