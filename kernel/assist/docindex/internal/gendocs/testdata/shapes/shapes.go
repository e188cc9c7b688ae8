// Package shapes is a fixture for the documentation generator's tests.
package shapes

// Color is a paint colour.
type Color int

// The colours a shape can have.
const (
	Red   Color = iota // like a cherry
	Green              // like grass
	hidden
)

// Unit is the unit of every length.
const Unit = "cm"

// Shape is anything with an area.
type Shape interface {
	// Area returns the surface in square units.
	Area() float64
	Perimeter() float64 // the length around
	secret()
}

// Rect is an axis-aligned rectangle.
type Rect struct {
	// W and H are the sides.
	W, H  float64
	Color        // the fill
	name  string // not documented
}

// NewRect returns a w×h rectangle.
func NewRect(w, h float64) *Rect { return &Rect{W: w, H: h} }

// Area returns w·h.
func (r *Rect) Area() float64 { return r.W * r.H }

func (r *Rect) scale() {}

// Map applies f to every element.
func Map[T, U any](xs []T, f func(T) U) []U { return nil }

func internal() {}
