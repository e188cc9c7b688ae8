package display

import "context"

type contextKey struct{}

// NewContext returns a copy of ctx that carries d. A kernel puts its
// Displayer in the context it hands to compiled code (a training loop, for
// instance), which finds it with FromContext.
func NewContext(ctx context.Context, d *Displayer) context.Context {
	return context.WithValue(ctx, contextKey{}, d)
}

// FromContext returns the Displayer carried by ctx, or the default
// Displayer (text on os.Stdout) when there is none or ctx is nil.
func FromContext(ctx context.Context) *Displayer {
	if ctx != nil {
		if d, ok := ctx.Value(contextKey{}).(*Displayer); ok && d != nil {
			return d
		}
	}
	return std
}
