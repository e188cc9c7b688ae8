package jupyter

import (
	"context"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/jupyter/jupytertest"
	"github.com/gonn-dev/gonn/kernel/lang"
)

const testKey = "d7f1c4a2-test-key"

// timeout bounds every wait in these tests; nothing should come near it.
const timeout = 10 * time.Second

// testKernel is a kernel served by Run in the background.
type testKernel struct {
	*Kernel
	done chan error
	logs *logBuffer
}

// logBuffer collects the kernel's log.
type logBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

// startKernel starts a kernel on free loopback ports.
func startKernel(t testing.TB, interp lang.Interpreter, configure ...func(*Config)) *testKernel {
	t.Helper()
	logs := &logBuffer{}
	cfg := Config{
		Connection:  ConnectionInfo{IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"},
		Interpreter: interp,
		Log:         log.New(logs, "", log.Lmicroseconds),
	}
	for _, f := range configure {
		f(&cfg)
	}
	k, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tk := &testKernel{Kernel: k, done: make(chan error, 1), logs: logs}
	go func() { tk.done <- k.Run(context.Background()) }()
	t.Cleanup(func() {
		select {
		case <-tk.done:
		default:
			k.requestStop(false)
			select {
			case <-tk.done:
			case <-time.After(timeout):
				t.Errorf("kernel did not stop")
			}
		}
		if t.Failed() {
			t.Logf("kernel log:\n%s", logs.String())
		}
	})
	return tk
}

// waitStopped waits for Run to return.
func (tk *testKernel) waitStopped(t *testing.T) {
	t.Helper()
	select {
	case err := <-tk.done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		tk.done <- nil
	case <-time.After(timeout):
		t.Fatal("kernel did not stop")
	}
}

// connect dials every channel of the kernel with jupytertest's client (an
// implementation of the client side that shares no code with this
// package) and waits until iopub delivers.
func connect(t testing.TB, ci ConnectionInfo) *jupytertest.Client {
	t.Helper()
	c := jupytertest.Dial(t, jupytertest.Connection{Transport: ci.Transport, IP: ci.IP, ShellPort: ci.ShellPort,
		IOPubPort: ci.IOPubPort, StdinPort: ci.StdinPort, ControlPort: ci.ControlPort, HBPort: ci.HBPort, Key: ci.Key})
	c.Timeout = timeout
	c.WaitReady()
	return c
}

func startKernelB(b *testing.B) *testKernel { return startKernel(b, newFake()) }

func connectB(b *testing.B, tk *testKernel) *jupytertest.Client { return connect(b, tk.Connection()) }
