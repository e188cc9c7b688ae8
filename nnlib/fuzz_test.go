package nnlib

import (
	"bytes"
	"testing"
)

// FuzzReadModel feeds damaged model files to ReadModel: it must return a
// model or an error, never panic, and a model it returns must work.
func FuzzReadModel(f *testing.F) {
	x, y := blobs(30, 13)
	m := classifier(ModelOptions{}, Dropout(0.1))
	if _, err := m.Fit(x, y, FitOptions{Verbose: VerboseSilent}); err != nil {
		f.Fatal(err)
	}
	var good bytes.Buffer
	if err := m.SaveTo(&good); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte(`{"format":"gonn.nnlib.Sequential","version":1,"dtype":"float32","input_shape":[2],"layers":[]}`))
	f.Add([]byte(`{"format":"gonn.nnlib.Sequential","version":1,"dtype":"float64","input_shape":[0],"layers":[{"type":"Flatten"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadModel(bytes.NewReader(data))
		if err != nil {
			return
		}
		in := l.InputShape()
		n := product(in)
		if n > 1<<16 {
			return
		}
		xs := make([]float64, 2*n)
		if _, err := l.Predict(MustTensor(NewTensor(xs, append([]int{2}, in...)...))); err != nil {
			t.Fatalf("a loaded model cannot predict: %v", err)
		}
	})
}

// FuzzReadIDX feeds damaged IDX files to ReadIDX: an array or an error,
// never a panic, and an array's data matches its dimensions.
func FuzzReadIDX(f *testing.F) {
	f.Add(idxBytes([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(idxBytes([]int{1}, []byte{9}))
	f.Add([]byte{0x1f, 0x8b, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadIDX(bytes.NewReader(data))
		if err != nil {
			return
		}
		if product(a.Dims) != len(a.Data) {
			t.Fatalf("dims %v for %d bytes", a.Dims, len(a.Data))
		}
	})
}
