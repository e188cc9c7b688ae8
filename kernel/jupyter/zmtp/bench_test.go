package zmtp

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// BenchmarkRouterRoundTrip measures a request and its reply between a
// zmq4 DEALER and a Router on loopback.
func BenchmarkRouterRoundTrip(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := ListenRouter("tcp://127.0.0.1:0", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	go echo(ctx, r)
	d := zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("bench")))
	defer d.Close()
	if err := d.Dial(tcpEndpoint(r.Addr())); err != nil {
		b.Fatal(err)
	}
	msg := zmq4.NewMsgFrom([]byte("<IDS|MSG>"), bytes.Repeat([]byte("x"), 64), bytes.Repeat([]byte("y"), 200))
	for b.Loop() {
		if err := d.SendMulti(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := d.Recv(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPubToSub measures publishing 100-byte messages to one zmq4
// subscriber that reads them all.
func BenchmarkPubToSub(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := ListenPub("tcp://127.0.0.1:0", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	sub := zmq4.NewSub(ctx)
	defer sub.Close()
	if err := sub.Dial(tcpEndpoint(p.Addr())); err != nil {
		b.Fatal(err)
	}
	_ = sub.SetOption(zmq4.OptionSubscribe, "")
	for len(p.livePeers()) == 0 || !p.livePeers()[0].subscribed([]byte("t")) {
		time.Sleep(time.Millisecond)
	}
	frames := [][]byte{[]byte("t"), bytes.Repeat([]byte("z"), 100)}
	b.SetBytes(100)
	done := make(chan struct{})
	n := b.N
	go func() {
		for range n {
			if _, err := sub.Recv(); err != nil {
				break
			}
		}
		close(done)
	}()
	b.ResetTimer()
	for range n {
		// Keep every message: the benchmark measures delivery, not drops.
		p.Publish(frames, true)
	}
	<-done
}
