package nnlib

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// IDX is an array read from an IDX file, the format of the MNIST data:
// a magic number (two zero bytes, an element-type byte, a dimension-count
// byte), one big-endian uint32 per dimension, then the elements in
// row-major order. Only unsigned-byte elements (type 0x08), which MNIST
// uses, are supported.
type IDX struct {
	Dims []int   // the dimensions, e.g. 60000, 28, 28
	Data []uint8 // the elements, row-major
}

// maxIDXBytes bounds the elements an IDX file may declare, so a damaged
// header cannot make the reader allocate without limit.
const maxIDXBytes = 1 << 31

// ReadIDX reads an IDX file from r, gzip-compressed or not (MNIST's files
// are distributed as .gz). It fails, saying what is wrong, on a bad magic
// number, an unsupported element type, a truncated file or bytes after
// the data.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("idx: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, fmt.Errorf("idx: reading the magic number: %w", noEOF(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("idx: bad magic number % x (not an IDX file)", magic)
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("idx: element type 0x%02x is not supported (only unsigned bytes, 0x08)", magic[2])
	}
	nd := int(magic[3])
	if nd < 1 {
		return nil, errors.New("idx: the file declares no dimensions")
	}
	dims := make([]int, nd)
	size := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("idx: reading dimension %d: %w", i, noEOF(err))
		}
		dims[i] = int(d)
		size *= int(d)
		if size > maxIDXBytes {
			return nil, fmt.Errorf("idx: dimensions %v declare more than %d bytes", dims[:i+1], maxIDXBytes)
		}
	}
	// Grow with the data actually read, so that a damaged header declaring
	// gigabytes costs no more memory than the file holds.
	var buf bytes.Buffer
	buf.Grow(min(size, 64<<20))
	if n, err := io.CopyN(&buf, br, int64(size)); err != nil {
		if err != io.EOF {
			return nil, fmt.Errorf("idx: %w", err)
		}
		return nil, fmt.Errorf("idx: data truncated: %v declares %d bytes, the file has %d", dims, size, n)
	}
	data := buf.Bytes()
	if _, err := br.ReadByte(); err != io.EOF {
		if err != nil {
			return nil, fmt.Errorf("idx: %w", err)
		}
		return nil, fmt.Errorf("idx: unexpected bytes after the %d bytes of data", size)
	}
	return &IDX{Dims: dims, Data: data}, nil
}

// noEOF turns a bare EOF into ErrUnexpectedEOF: inside a header, the end
// of the file is always premature.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
