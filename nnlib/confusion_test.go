package nnlib

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestConfusionMatrix(t *testing.T) {
	// Three classes; true 0 predicted 0,0,1; true 1 predicted 1; true 2
	// predicted 0,2,2,2.
	labels := []int{0, 0, 0, 1, 2, 2, 2, 2}
	pred := []int{0, 0, 1, 1, 0, 2, 2, 2}
	c, err := ConfusionMatrix(pred, labels, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{2, 1, 0}, {0, 1, 0}, {1, 0, 3}}
	if !reflect.DeepEqual(c.Counts, want) {
		t.Fatalf("counts %v, want %v", c.Counts, want)
	}
	acc, err := Accuracy(pred, labels)
	if err != nil {
		t.Fatal(err)
	}
	if c.Total() != 8 || c.Accuracy() != acc || acc != 6.0/8 {
		t.Errorf("total %d, accuracy %g (nnlib.Accuracy %g)", c.Total(), c.Accuracy(), acc)
	}
	checkShares(t, "recall", c.Recall(), []float64{2.0 / 3, 1, 3.0 / 4})
	checkShares(t, "precision", c.Precision(), []float64{2.0 / 3, 1.0 / 2, 1})

	// A fixed number of classes keeps the classes never seen.
	c, err = ConfusionMatrix(pred, labels, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Counts) != 5 || !math.IsNaN(c.Recall()[4]) || !math.IsNaN(c.Precision()[3]) {
		t.Errorf("5 classes: %v, recall %v, precision %v", c.Counts, c.Recall(), c.Precision())
	}
}

func checkShares(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Errorf("%s %v, want %v", what, got, want)
			return
		}
	}
}

func TestConfusionShows(t *testing.T) {
	c, err := ConfusionMatrix([]int{0, 0, 1, 1, 1}, []int{0, 1, 1, 1, 1}, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.Classes = []string{"cat", "dog"}
	text := c.String()
	wantText := "Confusion matrix: 5 samples, accuracy 80.0%\n" +
		"true\\pred     cat     dog  recall\n" +
		"cat             1       0  100.0%\n" +
		"dog             1       3   75.0%\n" +
		"precision   50.0%  100.0%"
	if text != wantText {
		t.Errorf("text\n%s\nwant\n%s", text, wantText)
	}
	html := c.HTML()
	for _, want := range []string{
		"accuracy 80.0%", "<th", ">cat</th>", ">dog</th>",
		"background:rgba(31,119,180,1.00);color:#fff;\">1</td>", // cat→cat: all of its row
		"background:rgba(214,39,40,0.50);color:#000;\">1</td>",  // dog→cat: √(1/4) of its row
		"background:rgba(31,119,180,0.87);color:#fff;\">3</td>", // dog→dog: √(3/4)
		"color:#aaa;\">0</td>",                                  // cat→dog: none
		">75.0%</td>", ">50.0%</td>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	c.Classes = []string{"<b>"}
	if html := c.HTML(); strings.Contains(html, "<b>") || !strings.Contains(html, "&lt;b&gt;") {
		t.Error("class names are not escaped")
	}

	// A matrix built by hand that is not square shows the problem.
	bad := &Confusion{Counts: [][]int{{1, 2}, {3}}}
	if !strings.Contains(bad.String(), "row 1 of Counts has 1 columns, want 2") || !strings.Contains(bad.HTML(), "row 1") {
		t.Errorf("ragged matrix: %q / %q", bad.String(), bad.HTML())
	}
	_ = bad.Precision() // no panic
}

func TestConfusionBadInput(t *testing.T) {
	for _, tt := range []struct {
		name         string
		pred, labels []int
		classes      int
		want         string
	}{
		{"lengths", []int{1, 2}, []int{1}, 0, "2 predictions for 1 labels"},
		{"empty", nil, nil, 0, "no samples"},
		{"negative label", []int{0}, []int{-1}, 0, "sample 0: class -1 is negative"},
		{"prediction out of range", []int{0, 3}, []int{0, 1}, 3, "sample 1: class 3 is not below classes = 3"},
		{"classes", []int{0}, []int{0}, -2, "classes is -2"},
		{"huge class", []int{0}, []int{5000}, 0, "class 5000 is not below 1000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ConfusionMatrix(tt.pred, tt.labels, tt.classes)
			if err == nil || !strings.HasPrefix(err.Error(), "nnlib: ConfusionMatrix: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if c != nil {
				t.Error("a matrix with the error")
			}
		})
	}
}
