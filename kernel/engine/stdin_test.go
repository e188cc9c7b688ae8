package engine

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// question is one call of Output.Input.
type question struct {
	prompt   string
	password bool
	printed  string // the cell's stdout when it asked
}

// asker is a lang.Output that answers Input from a list, records the
// questions, and, when answers run out, waits for the cell's context.
type asker struct {
	*recorder
	mu      sync.Mutex
	answers []string
	asked   []question
	waiting chan struct{} // closed when Input starts waiting
}

func newAsker(answers ...string) *asker {
	return &asker{recorder: &recorder{}, answers: answers, waiting: make(chan struct{})}
}

func (a *asker) Input(ctx context.Context, prompt string, password bool) (string, error) {
	a.mu.Lock()
	a.asked = append(a.asked, question{prompt, password, a.text("stdout")})
	if len(a.answers) > 0 {
		s := a.answers[0]
		a.answers = a.answers[1:]
		a.mu.Unlock()
		return s, nil
	}
	a.mu.Unlock()
	close(a.waiting)
	<-ctx.Done()
	return "", ctx.Err()
}

func (s *testSession) runWith(ctx context.Context, code string, out lang.Output, allowStdin bool) lang.Result {
	s.count++
	return s.e.Execute(ctx, lang.ExecuteRequest{Code: code, ExecutionCount: s.count, AllowStdin: allowStdin}, out)
}

// TestInput checks the questions cells ask through Output.Input.
func TestInput(t *testing.T) {
	tests := []struct {
		name    string
		code    string
		answers []string
		want    string     // text/plain of the result
		asked   []question // printed: a prefix of the stdout at the question
	}{
		{"fmt.Scanln", "var name string\nfmt.Scanln(&name)\nname", []string{"gopher"}, `"gopher"`,
			[]question{{prompt: ""}}},
		{"bufio reads a line at a time", "r := bufio.NewReader(os.Stdin)\na, _ := r.ReadString('\\n')\nb, _ := r.ReadString('\\n')\na + b",
			[]string{"one", "two"}, `"one\ntwo\n"`, []question{{}, {}}},
		{"ReadLine has a prompt", "fmt.Print(\"Hello! \")\nname, err := gonn.ReadLine(\"Your name: \")\nfmt.Sprint(name, err)",
			[]string{"Ada"}, `"Ada<nil>"`, []question{{prompt: "Your name: ", printed: "Hello! "}}},
		{"ReadPassword asks for a password", "pw, err := gonn.ReadPassword(\"Token: \")\nfmt.Sprint(len(pw), err)",
			[]string{"s3cret"}, `"6 <nil>"`, []question{{prompt: "Token: ", password: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSession(t)
			out := newAsker(tt.answers...)
			res := s.runWith(context.Background(), tt.code, out, true)
			if res.Error != nil {
				t.Fatalf("%s: %s\n%s", res.Error.EName, res.Error.EValue, out.text("stderr"))
			}
			if got := res.Data["text/plain"]; got != tt.want {
				t.Errorf("result %v, want %s", got, tt.want)
			}
			if len(out.asked) != len(tt.asked) {
				t.Fatalf("asked %+v, want %+v", out.asked, tt.asked)
			}
			for i, q := range out.asked {
				w := tt.asked[i]
				if q.prompt != w.prompt || q.password != w.password || !strings.HasPrefix(q.printed, w.printed) {
					t.Errorf("question %d = %+v, want %+v", i, q, w)
				}
			}
		})
	}
}

// TestInputRefused checks that a client that takes no input makes reading
// fail with an error naming the cause, told once on stderr per cell.
func TestInputRefused(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"fmt.Scan", "var x int\n_, err := fmt.Scan(&x)\n_, err2 := fmt.Scan(&x)\nfmt.Sprint(err.Error() == err2.Error(), \" \", err)",
			`"true reading standard input: this client does not accept input (allow_stdin is false)"`},
		{"ReadLine", "_, err := gonn.ReadLine(\"name: \")\nerr",
			"gonn.ReadLine: this client does not accept input (allow_stdin is false)"},
		{"ReadPassword", "_, err := gonn.ReadPassword(\"pw: \")\nerr",
			"gonn.ReadPassword: this client does not accept input (allow_stdin is false)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSession(t)
			got, out := s.ok(tt.code)
			if got != tt.want {
				t.Errorf("result %q, want %q", got, tt.want)
			}
			stderr := out.text("stderr")
			if strings.Count(stderr, "does not accept input") != 1 {
				t.Errorf("stderr %q: want the cause told once", stderr)
			}
			// The next cell is told again.
			if _, out := s.ok(tt.code); !strings.Contains(out.text("stderr"), "allow_stdin is false") {
				t.Errorf("second cell's stderr %q", out.text("stderr"))
			}
		})
	}
}

// TestInputInterrupted checks that an interrupt while the input box waits
// stops the cell.
func TestInputInterrupted(t *testing.T) {
	skipUnderRace(t)
	s := newTestSession(t)
	out := newAsker()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-out.waiting:
		case <-time.After(10 * time.Second):
		}
		cancel()
	}()
	res := s.runWith(ctx, "name, err := gonn.ReadLine(\"name: \")\nif err != nil { panic(err) }\nname", out, true)
	if res.Error == nil {
		t.Fatalf("the cell went on: %v", res.Data)
	}
	if res.Error.EName != "Interrupted" && !strings.Contains(res.Error.EValue, "interrupted while waiting for input") {
		t.Errorf("error %s: %s", res.Error.EName, res.Error.EValue)
	}
	if got, _ := s.ok("1 + 1"); got != "2" {
		t.Errorf("next cell: %q", got)
	}
}
