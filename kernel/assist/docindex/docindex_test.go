package docindex

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestIndexIsFresh regenerates the index and compares it with the embedded
// one. It fails when the Go version, a dependency or a preloaded gonn
// package changed without `go generate ./kernel/assist/docindex`.
func TestIndexIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating the index builds the generator; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "index.gob.gz")
	cmd := exec.Command("go", "run", "./internal/gendocs", "-o", out)
	cmd.Stderr = io.Discard // warnings about packages that cannot be listed
	if b, err := cmd.Output(); err != nil {
		t.Fatalf("go run ./internal/gendocs: %v\n%s", err, b)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(gunzip(t, fresh), gunzip(t, embedded)) {
		return
	}
	got, err := Read(bytes.NewReader(fresh))
	if err != nil {
		t.Fatal(err)
	}
	old, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	t.Errorf("the embedded documentation index is stale (%s); run: go generate ./kernel/assist/docindex", firstDifference(old, got))
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// firstDifference names the first package or member that differs.
func firstDifference(old, fresh *Index) string {
	if old.Go != fresh.Go {
		return "Go " + old.Go + " → " + fresh.Go
	}
	paths := make([]string, 0, len(old.Packages)+len(fresh.Packages))
	for p := range old.Packages {
		paths = append(paths, p)
	}
	for p := range fresh.Packages {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range slices.Compact(paths) {
		a, b := old.Packages[p], fresh.Packages[p]
		switch {
		case a == nil:
			return "new package " + p
		case b == nil:
			return "package " + p + " is gone"
		case !reflect.DeepEqual(a, b):
			for k, e := range b.Members {
				if !reflect.DeepEqual(a.Members[k], e) {
					return p + "." + k + " changed"
				}
			}
			return p + " changed"
		}
	}
	return "same content, different encoding"
}

func TestEmbeddedContent(t *testing.T) {
	ix, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, key string
		kind      Kind
		decl      string // the declaration as the Go source has it
		doc       string // a phrase of the doc comment
		source    bool
	}{
		{"fmt", "Println", Func, "func Println(a ...any) (n int, err error)", "writes to standard output", false},
		{"fmt", "Stringer", Type, "type Stringer interface {\n\tString() string\n}", "Stringer is implemented by any value", false},
		{"fmt", "Stringer.String", Method, "func (Stringer) String() string", "", false},
		{"strings", "Builder.WriteString", Method, "func (b *Builder) WriteString(s string) (int, error)", "appends the contents of s", false},
		{"net/http", "Server.Addr", Field, "Addr string", "TCP address", false},
		{"math", "Pi", Const, "", "Mathematical constants", false},
		{"os", "Args", Var, "var Args []string", "command-line arguments", false},
		{"time", "Second", Const, "", "", false},
		{"builtin", "append", Func, "func append(slice []Type, elems ...Type) []Type", "appends elements to the end of a slice", false},
		{"builtin", "len", Func, "func len(v Type) int", "length of v", false},
		{"slices", "Contains", Func, "func Contains[S ~[]E, E comparable](s S, v E) bool", "reports whether v is present in s", true},
		{"gonum.org/v1/gonum/mat", "NewDense", Func, "func NewDense(r, c int, data []float64) *Dense", "creates a new Dense matrix", false},
		{"gonum.org/v1/gonum/mat", "Dense.Mul", Method, "func (m *Dense) Mul(a, b Matrix)", "matrix product", false},
		{"gonum.org/v1/plot", "New", Func, "func New() *Plot", "returns a new plot", false},
		{"gonum.org/v1/plot/plotter", "NewLine", Func, "func NewLine(xys XYer) (*Line, error)", "", false},
	}
	for _, tt := range tests {
		e, ok := ix.Lookup(tt.path, tt.key)
		if !ok {
			t.Errorf("%s %s is not in the index", tt.path, tt.key)
			continue
		}
		if e.Kind != tt.kind || e.Source != tt.source {
			t.Errorf("%s %s: kind %q source %v, want %q %v", tt.path, tt.key, e.Kind, e.Source, tt.kind, tt.source)
		}
		if tt.decl != "" && e.Decl != tt.decl {
			t.Errorf("%s %s: decl\n%s\nwant\n%s", tt.path, tt.key, e.Decl, tt.decl)
		}
		if !strings.Contains(strings.Join(strings.Fields(e.Doc), " "), tt.doc) {
			t.Errorf("%s %s: doc %q lacks %q", tt.path, tt.key, e.Doc, tt.doc)
		}
	}
	if e, _ := ix.Lookup("math", "Pi"); !strings.Contains(e.Decl, "Pi  = 3.14159265358979323846264338327950288419716939937510582097494459") {
		t.Errorf("math.Pi decl = %q, want the const group with Pi's value", e.Decl)
	}
	// Only what cells can use: yaegi v0.16.1 ships slices.Sort's source
	// commented out, and its symbol tables stop at Go 1.22's API.
	for _, missing := range [][2]string{{"slices", "Sort"}, {"fmt", "printer"}, {"unsafe", "Pointer"}} {
		if _, ok := ix.Lookup(missing[0], missing[1]); ok {
			t.Errorf("%s.%s is in the index, but cells cannot use it", missing[0], missing[1])
		}
	}
	if p := ix.Packages["fmt"]; p == nil || p.Name != "fmt" || !strings.Contains(p.Doc, "Package fmt implements formatted I/O") {
		t.Errorf("fmt's package doc is missing")
	}
}

func BenchmarkDecodeEmbedded(b *testing.B) {
	b.SetBytes(int64(len(embedded)))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}
