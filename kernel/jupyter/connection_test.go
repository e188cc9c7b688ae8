package jupyter

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, json string
		err        string // "" for success
		check      func(ConnectionInfo) bool
	}{
		{"jupyter_client's file", `{"shell_port": 5, "iopub_port": 6, "stdin_port": 7, "control_port": 8, "hb_port": 9,
			"ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "gonn"}`, "",
			func(c ConnectionInfo) bool { return c.endpoint(c.ShellPort) == "tcp://127.0.0.1:5" && c.Key == "k" }},
		{"defaults", `{"shell_port": 5}`, "",
			func(c ConnectionInfo) bool {
				return c.Transport == "tcp" && c.IP == "127.0.0.1" && c.SignatureScheme == "hmac-sha256"
			}},
		{"IPv6", `{"ip": "::1", "shell_port": 5}`, "",
			func(c ConnectionInfo) bool { return c.endpoint(c.ShellPort) == "tcp://[::1]:5" }},
		{"ipc", `{"transport": "ipc", "ip": "/tmp/k", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}`, "",
			func(c ConnectionInfo) bool { return c.endpoint(c.IOPubPort) == "ipc:///tmp/k-2" }},
		{"not JSON", `{"shell_port": `, "unexpected end", nil},
		{"wrong type", `{"shell_port": "5"}`, "shell_port", nil},
		{"bad transport", `{"transport": "udp"}`, "udp", nil},
		{"port out of range", `{"hb_port": 70000}`, "hb_port", nil},
		{"duplicate ports", `{"shell_port": 5, "hb_port": 5}`, "both 5", nil},
		{"ipc without ports", `{"transport": "ipc", "ip": "/tmp/k"}`, "distinct port numbers", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
			if err := os.WriteFile(path, []byte(tc.json), 0o600); err != nil {
				t.Fatal(err)
			}
			ci, err := ReadConnectionFile(path)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want one mentioning %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(ci) {
				t.Errorf("got %+v", ci)
			}
		})
	}
	if _, err := ReadConnectionFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestKernelOnOtherTransports(t *testing.T) {
	cases := []struct {
		name string
		ci   ConnectionInfo
	}{
		{"IPv6 loopback", ConnectionInfo{IP: "::1"}},
		{"ipc", ConnectionInfo{Transport: "ipc", IP: filepath.Join(t.TempDir(), "kernel"),
			ShellPort: 1, IOPubPort: 2, StdinPort: 3, ControlPort: 4, HBPort: 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ci := tc.ci
			ci.Key = testKey
			if ci.IP == "::1" {
				k, err := New(Config{Connection: ci, Interpreter: newFake()})
				if err != nil && strings.Contains(err.Error(), "assign requested address") {
					t.Skip("no IPv6 loopback here")
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := k.Close(); err != nil {
					t.Fatal(err)
				}
				if err := k.Run(context.Background()); err == nil {
					t.Error("Run after Close succeeded")
				}
			}
			tk := startKernel(t, newFake(), func(c *Config) { c.Connection = ci })
			c := connect(t, tk.Connection())
			if r, _ := c.Execute("value 1", nil); r.Content["status"] != "ok" {
				t.Errorf("reply %v", r.Content)
			}
			if got := c.Heartbeat("ping"); got != "ping" {
				t.Errorf("heartbeat %q", got)
			}
		})
	}
}

func TestWriteConnectionFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kernel-1.json")
	ci := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: 1, IOPubPort: 2, StdinPort: 3,
		ControlPort: 4, HBPort: 5, SignatureScheme: "hmac-sha256", Key: NewKey(), KernelName: "gonn"}
	if err := ci.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v: the key must not be readable by others", fi.Mode().Perm())
	}
	back, err := ReadConnectionFile(path)
	if err != nil || back != ci {
		t.Errorf("read back %+v, %v", back, err)
	}
	if a, b := NewKey(), NewKey(); a == b || len(a) < 32 {
		t.Errorf("keys %q and %q are not random enough", a, b)
	}
}
