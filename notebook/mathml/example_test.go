package mathml_test

import (
	"fmt"

	"github.com/gonn-dev/gonn/notebook/mathml"
)

func ExampleConvert() {
	m, err := mathml.Convert(`\frac{1}{n}`, false)
	fmt.Println(m, err)
	_, err = mathml.Convert(`\unknown{x}`, false)
	fmt.Println(err)
	// Output:
	// <math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><mfrac><mn>1</mn><mi>n</mi></mfrac></mrow><annotation encoding="application/x-tex">\frac{1}{n}</annotation></semantics></math> <nil>
	// TeX at byte 0: unsupported command \unknown
}
