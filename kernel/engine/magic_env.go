package engine

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
)

// %env: the kernel process's environment variables.

// secretName matches the names of variables whose values %env hides in
// its listing.
var secretName = regexp.MustCompile(`(?i)key|token|secret|passw|credential|auth`)

// env lists, shows or sets environment variables.
func (r *magicRun) env(_ context.Context, s part) error {
	out := r.e.stdout.File()
	if s.args == "" {
		vars := os.Environ()
		slices.Sort(vars)
		var b strings.Builder
		for _, kv := range vars {
			name, value, _ := strings.Cut(kv, "=")
			if secretName.MatchString(name) && value != "" {
				value = "<hidden: %env " + name + " shows it>"
			}
			b.WriteString(name + "=" + value + "\n")
		}
		fmt.Fprint(out, b.String())
		return nil
	}
	name, value, set := s.args, "", false
	if i := strings.IndexAny(s.args, "= \t"); i >= 0 {
		name, value, set = s.args[:i], strings.TrimSpace(s.args[i+1:]), true
		if s.args[i] != '=' && value == "" {
			set = false
		}
	}
	if name == "" || strings.ContainsRune(name, 0) {
		return usageError(fmt.Sprintf("%%env: %q is not a variable name; use %%env NAME, %%env NAME=VALUE or %%env NAME VALUE", name))
	}
	if !set {
		v, ok := os.LookupEnv(name)
		if !ok {
			return usageError(fmt.Sprintf("%%env: %s is not set", name))
		}
		fmt.Fprintln(out, v)
		return nil
	}
	if err := os.Setenv(name, value); err != nil {
		return usageError(fmt.Sprintf("%%env: setting %s: %v", name, err))
	}
	fmt.Fprintf(out, "env: %s set\n", name)
	return nil
}
