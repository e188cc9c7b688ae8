package kernelspec_test

import (
	"fmt"
	"log"

	"github.com/gonn-dev/gonn/kernelspec"
)

// The kernel.json that `gonn install` writes for a gonn binary.
func ExampleNew() {
	spec, err := kernelspec.New(kernelspec.Options{Binary: "/opt/gonn/bin/gonn"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(spec.Argv)
	fmt.Println(spec.DisplayName, spec.Language, spec.InterruptMode)
	// Output:
	// [/opt/gonn/bin/gonn kernel -f {connection_file}]
	// Go (gonn) go message
}
