package gonn

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the controller end, which the test
// types into, and the terminal end, which ReadPassword reads.
func openPTY(t *testing.T) (controller, terminal *os.File) {
	t.Helper()
	controller, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { controller.Close() })
	fd := int(controller.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlocking the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("naming the pseudo-terminal: %v", err)
	}
	terminal, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open the terminal end: %v", err)
	}
	t.Cleanup(func() { terminal.Close() })
	return controller, terminal
}

func echoing(t *testing.T, f *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatalf("reading the terminal's settings: %v", err)
	}
	return tio.Lflag&unix.ECHO != 0
}

// TestReadPasswordHidesTyping checks that echo is off while the password
// is typed on a real (pseudo) terminal, and on again afterwards.
func TestReadPasswordHidesTyping(t *testing.T) {
	controller, terminal := openPTY(t)
	if !echoing(t, terminal) {
		t.Fatal("a new terminal should echo")
	}
	type answer struct {
		line string
		err  error
	}
	done := make(chan answer, 1)
	var out bytes.Buffer
	go func() {
		line, err := readLine(terminal, &out, "Password: ", true)
		done <- answer{line, err}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for echoing(t, terminal) {
		if time.Now().After(deadline) {
			t.Fatal("echo was never turned off")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := controller.WriteString("hunter2\n"); err != nil {
		t.Fatal(err)
	}
	a := <-done
	if a.err != nil || a.line != "hunter2" {
		t.Fatalf("ReadPassword = %q, %v; want hunter2", a.line, a.err)
	}
	if !echoing(t, terminal) {
		t.Error("echo was not turned back on")
	}
	// What the terminal echoes arrives at the controller end: nothing here.
	if echoed := pending(t, controller); bytes.Contains(echoed, []byte("hunter2")) {
		t.Errorf("the terminal echoed the password: %q", echoed)
	}
	if out.String() != "Password: \n" {
		t.Errorf("output %q: want the prompt and a line break", out.String())
	}
}

// pending returns what f has to read within 100 ms, without blocking.
func pending(t *testing.T, f *os.File) []byte {
	t.Helper()
	fd := int(f.Fd())
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	if n, err := unix.Poll(fds, 100); err != nil || n == 0 {
		return nil
	}
	buf := make([]byte, 256)
	n, err := unix.Read(fd, buf)
	if err != nil {
		return nil
	}
	return buf[:n]
}
