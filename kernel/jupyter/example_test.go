package jupyter_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/gonn-dev/gonn/kernel/jupyter"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// shout is a whole language: it prints each cell back in capitals.
type shout struct{}

func (shout) Info() lang.Info {
	return lang.Info{Implementation: "shout", Language: lang.Language{Name: "shout", FileExtension: ".txt"}}
}

func (shout) Execute(ctx context.Context, req lang.ExecuteRequest, out lang.Output) lang.Result {
	out.Stream("stdout", strings.ToUpper(req.Code)+"\n")
	return lang.Result{}
}

func (shout) Shutdown(restart bool) error { return nil }

// A kernel for any language: give New a connection file's content and a
// lang.Interpreter, and Run serves Jupyter clients until one asks for a
// shutdown (or the context ends).
func Example() {
	k, err := jupyter.New(jupyter.Config{
		// Usually: jupyter.ReadConnectionFile(path). Port 0 picks free ports.
		Connection:  jupyter.ConnectionInfo{IP: "127.0.0.1", Key: "a-secret-key"},
		Interpreter: shout{},
		Log:         nil, // the kernel's own log; gonn passes a logger on stderr
	})
	if err != nil {
		log.Fatal(err)
	}
	ci := k.Connection()
	fmt.Println("shell port chosen:", ci.ShellPort != 0)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := k.Run(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("stopped")
	// Output:
	// shell port chosen: true
	// stopped
}
