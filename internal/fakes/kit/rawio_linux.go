//go:build linux

package kit

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// newConnIO reads and writes a TCP connection with raw system calls
// through its syscall.RawConn, still waiting in Go's network poller.
//
// Why: the fakes answer one small request at a time and sit idle between
// requests, so Go's runtime parks its monitor thread (sysmon) between
// them, and every read or write that enters the runtime's syscall path
// woke it again (a futex call and a thread switch per request); with
// the speculative read that finds nothing before each request, that was
// a tenth of the fakes' CPU in the template benchmark. Reads and writes
// of a non-blocking socket do not block, so the raw calls are safe.
// (Each read is still tried before waiting: the poller forgets a
// readiness that came before the wait starts.)
func newConnIO(c net.Conn) connIO {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return netIO{c}
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return netIO{c}
	}
	r := &rawIO{Conn: c, rc: rc}
	// The functions RawConn calls are made once per connection, their
	// arguments and results passed in r: closures made per call (they
	// escape into the RawConn) were five allocations per request.
	r.readFn, r.writeFn = r.read, r.writev
	return r
}

// rawIO is one connection's raw reader and writer, used by its serving
// goroutine only.
type rawIO struct {
	net.Conn
	rc              syscall.RawConn
	readFn, writeFn func(fd uintptr) bool
	// The current call's arguments and results.
	p     []byte
	n     int
	bufs  [2][]byte
	short bool
	errno syscall.Errno
}

func (c *rawIO) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.p, c.n, c.errno = p, 0, 0
	err := c.rc.Read(c.readFn)
	n, errno := c.n, c.errno
	c.p = nil
	switch {
	case err != nil:
		return 0, err
	case errno != 0:
		return 0, &net.OpError{Op: "read", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: os.NewSyscallError("read", errno)}
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// read is one attempt of Read on fd: false (wait) when nothing is there.
func (c *rawIO) read(fd uintptr) bool {
	for {
		r, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&c.p[0])), uintptr(len(c.p)))
		switch e {
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false
		}
		c.n, c.errno = int(r), e
		return true
	}
}

func (c *rawIO) writeAnswer(head, body []byte) error {
	c.bufs = [2][]byte{head, body}
	c.errno, c.short = 0, false
	err := c.rc.Write(c.writeFn)
	errno, short := c.errno, c.short
	c.bufs = [2][]byte{}
	switch {
	case err != nil:
	case errno != 0:
		err = &net.OpError{Op: "write", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: os.NewSyscallError("writev", errno)}
	case short:
		err = io.ErrShortWrite
	}
	return err
}

// writev writes what is left of c.bufs to fd: false (wait) when the
// socket's buffer is full.
func (c *rawIO) writev(fd uintptr) bool {
	for {
		var iov [2]syscall.Iovec
		k := 0
		for _, b := range c.bufs {
			if len(b) > 0 {
				iov[k].Base = &b[0]
				iov[k].SetLen(len(b))
				k++
			}
		}
		if k == 0 {
			return true
		}
		r, _, e := syscall.RawSyscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iov[0])), uintptr(k))
		switch e {
		case 0:
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false
		default:
			c.errno = e
			return true
		}
		n := int(r)
		if n == 0 {
			c.short = true // cannot happen on a stream socket; never spin
			return true
		}
		for i := range c.bufs {
			m := min(n, len(c.bufs[i]))
			c.bufs[i] = c.bufs[i][m:]
			n -= m
		}
	}
}
