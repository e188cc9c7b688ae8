package jupyter

import (
	"fmt"
	"testing"
)

// The round trips a notebook waits for, over real loopback sockets, with
// the fake interpreter: what the protocol layer itself costs.

func BenchmarkKernelInfoRoundTrip(b *testing.B) {
	tk := startKernelB(b)
	c := connectB(b, tk)
	for b.Loop() {
		id := c.Send("shell", "kernel_info_request", nil)
		c.Reply("shell", id)
		c.IOPubUntilIdle(id)
	}
}

func BenchmarkExecuteRoundTrip(b *testing.B) {
	for _, code := range []string{"value 2", "print hello\nvalue 2"} {
		b.Run(fmt.Sprintf("%q", code), func(b *testing.B) {
			tk := startKernelB(b)
			c := connectB(b, tk)
			for b.Loop() {
				c.Execute(code, nil)
			}
		})
	}
}

func BenchmarkStreamThroughput(b *testing.B) {
	tk := startKernelB(b)
	c := connectB(b, tk)
	b.SetBytes(int64(len("line 99999\n")) * 10000)
	for b.Loop() {
		c.Execute("printn 10000", nil)
	}
}
