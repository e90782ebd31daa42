//go:build !linux

package testbed

import "syscall"

// dieWithParent has no kernel support outside Linux; StopTLS still stops
// the servers when the tests end normally.
func dieWithParent(*syscall.SysProcAttr) {}
