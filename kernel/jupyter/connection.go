package jupyter

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gonn-dev/gonn/kernel/jupyter/zmtp"
)

// ConnectionInfo is the content of a Jupyter connection file: where the
// kernel's five sockets listen and how messages are signed.
type ConnectionInfo struct {
	Transport       string `json:"transport"` // "tcp" (default) or "ipc"
	IP              string `json:"ip"`        // e.g. "127.0.0.1" or "::1"
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"` // "hmac-sha256"
	Key             string `json:"key"`              // "" disables signing
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var ci ConnectionInfo
	data, err := os.ReadFile(path)
	if err != nil {
		return ci, fmt.Errorf("reading connection file: %w", err)
	}
	if err := json.Unmarshal(data, &ci); err != nil {
		return ci, fmt.Errorf("connection file %s: %w", path, err)
	}
	if err := ci.validate(); err != nil {
		return ci, fmt.Errorf("connection file %s: %w", path, err)
	}
	return ci, nil
}

// WriteFile writes ci as a connection file, readable by its owner only
// (it holds the signing key), replacing path atomically.
func (ci ConnectionInfo) WriteFile(path string) error {
	data, err := json.MarshalIndent(ci, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".connection-*.json")
	if err != nil {
		return fmt.Errorf("writing connection file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing connection file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing connection file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing connection file: %w", err)
	}
	return nil
}

// NewKey returns a random signing key for a connection file.
func NewKey() string { return newID() }

// validate fills defaults and checks the fields.
func (ci *ConnectionInfo) validate() error {
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return fmt.Errorf("transport %q is not tcp or ipc", ci.Transport)
	}
	if ci.IP == "" {
		ci.IP = "127.0.0.1"
	}
	if ci.SignatureScheme == "" {
		ci.SignatureScheme = "hmac-sha256"
	}
	seen := map[int]string{}
	for _, p := range []struct {
		name string
		port int
	}{{"shell_port", ci.ShellPort}, {"iopub_port", ci.IOPubPort}, {"stdin_port", ci.StdinPort},
		{"control_port", ci.ControlPort}, {"hb_port", ci.HBPort}} {
		if p.port < 0 || p.port > 65535 {
			return fmt.Errorf("%s %d is out of range", p.name, p.port)
		}
		if p.port == 0 {
			if ci.Transport == "ipc" {
				return fmt.Errorf("%s is 0: the ipc transport needs distinct port numbers", p.name)
			}
			continue // tcp: any free port
		}
		if other, dup := seen[p.port]; dup {
			return fmt.Errorf("%s and %s are both %d", other, p.name, p.port)
		}
		seen[p.port] = p.name
	}
	return nil
}

// endpoint returns the ZeroMQ endpoint of one of the ports.
func (ci *ConnectionInfo) endpoint(port int) string {
	return zmtp.Endpoint(ci.Transport, ci.IP, port)
}
