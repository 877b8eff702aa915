//go:build !linux

package kit

import "net"

func newConnIO(c net.Conn) connIO { return netIO{c} }
