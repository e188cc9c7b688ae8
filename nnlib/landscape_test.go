package nnlib

import (
	"math"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/display"
)

// descend runs gradient descent on L(θ) = (θ − 3)², L' = 2(θ − 3), from 0.
func descend(lr float64, steps int) []float64 {
	path := []float64{0}
	for range steps {
		th := path[len(path)-1]
		path = append(path, th-lr*2*(th-3))
	}
	return path
}

func parabola(th float64) float64 { return (th - 3) * (th - 3) }

func TestLossLandscapePixels(t *testing.T) {
	path := descend(0.1, 10)
	p, err := LossLandscape(parabola, path)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "loss landscape and gradient-descent path (10 steps)" {
		t.Errorf("title %q", p.Title.Text)
	}
	// The axis spans the path and a quarter of its width on each side.
	span := path[10] - path[0]
	if math.Abs(p.X.Min-(0-span/4)) > 1e-12 || math.Abs(p.X.Max-(path[10]+span/4)) > 1e-12 {
		t.Errorf("θ axis [%g, %g], path [0, %g]", p.X.Min, p.X.Max, path[10])
	}
	img, toPixel := renderWithMap(t, p)
	red, blue := paletteColor(3), paletteColor(0)
	for k, th := range path {
		if px, py := toPixel(th, parabola(th)); !colorNear(img, px, py, 2, red, 30) {
			t.Errorf("no dot of step %d (θ=%.3f) at (%d,%d)", k, th, px, py)
		}
	}
	// The arrow of the first step runs through the middle of the chord
	// from θ0 to θ1; the curve lies below it.
	mx, my := (path[0]+path[1])/2, (parabola(path[0])+parabola(path[1]))/2
	if px, py := toPixel(mx, my); !colorNear(img, px, py, 2, red, 30) {
		t.Errorf("no arrow pixel at the middle of the first step (%d,%d)", px, py)
	}
	for _, th := range []float64{-0.6, -0.3, 3.0, 3.2} { // clear of the path
		if px, py := toPixel(th, parabola(th)); !colorNear(img, px, py, 2, blue, 30) {
			t.Errorf("no curve pixel at θ=%g (%d,%d)", th, px, py)
		}
	}
}

func TestLossLandscapeWith(t *testing.T) {
	// The curve alone over a range, with a pole: the curve is drawn on
	// either side of it.
	p, err := LossLandscapeWith(func(th float64) float64 { return 1 / th }, nil, LandscapeOptions{From: -1, To: 1, Samples: 11})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "loss landscape" || p.X.Min != -1 || p.X.Max != 1 {
		t.Errorf("title %q, θ axis [%g, %g]", p.Title.Text, p.X.Min, p.X.Max)
	}
	if _, _, err := display.RenderPlot(p, display.PlotOptions{Scale: 1}); err != nil {
		t.Fatal(err)
	}
	// A path that stays put gets ±1 around it.
	p, err = LossLandscape(parabola, []float64{3, 3})
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min != 2 || p.X.Max != 4 {
		t.Errorf("θ axis [%g, %g], want [2, 4]", p.X.Min, p.X.Max)
	}
}

func TestLossLandscapeBadInput(t *testing.T) {
	inf := func(th float64) float64 { return math.Inf(1) }
	for _, tt := range []struct {
		name string
		loss func(float64) float64
		path []float64
		opts LandscapeOptions
		want string
	}{
		{"nil loss", nil, []float64{1}, LandscapeOptions{}, "the loss function is nil"},
		{"no path", parabola, nil, LandscapeOptions{}, "no path"},
		{"NaN θ", parabola, []float64{1, math.NaN()}, LandscapeOptions{}, "θ1 is NaN"},
		{"diverged", func(th float64) float64 { return math.Exp(th) }, []float64{1, 800}, LandscapeOptions{}, "the loss at θ1 = 800 is +Inf"},
		{"panics", func(th float64) float64 { panic("boom") }, []float64{1}, LandscapeOptions{}, "the loss function panicked at θ = 1: boom"},
		{"samples", parabola, []float64{1}, LandscapeOptions{Samples: 1}, "the Samples option is 1"},
		{"range", parabola, nil, LandscapeOptions{From: 2, To: 1}, "the range From 2 To 1 is not finite and increasing"},
		{"nowhere finite", inf, nil, LandscapeOptions{From: 0, To: 1}, "the loss is not finite anywhere in [0, 1]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := LossLandscapeWith(tt.loss, tt.path, tt.opts)
			if err == nil || !strings.HasPrefix(err.Error(), "nnlib: LossLandscape: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if p != nil {
				t.Error("a plot with the error")
			}
		})
	}
}
