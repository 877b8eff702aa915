package kit

import "net"

// connIO is how the small HTTP/1.1 server reads requests from and writes
// answers to a connection.
type connIO interface {
	Read(p []byte) (int, error)
	// writeAnswer writes head and then body (nil for none) in full.
	writeAnswer(head, body []byte) error
}

// netIO is connIO through the net.Conn's own methods.
type netIO struct{ net.Conn }

func (c netIO) writeAnswer(head, body []byte) error {
	if len(body) == 0 {
		_, err := c.Write(head)
		return err
	}
	// Headers and body in one writev, without copying the body again.
	bufs := net.Buffers{head, body}
	_, err := bufs.WriteTo(c.Conn)
	return err
}
