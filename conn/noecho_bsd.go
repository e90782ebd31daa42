//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package conn

import "golang.org/x/sys/unix"

// noEcho turns the terminal's echo off, keeping line editing and signals.
func noEcho(fd int) error {
	tio, err := unix.IoctlGetTermios(fd, unix.TIOCGETA)
	if err != nil {
		return err
	}
	tio.Lflag &^= unix.ECHO
	tio.Lflag |= unix.ICANON | unix.ISIG
	tio.Iflag |= unix.ICRNL
	return unix.IoctlSetTermios(fd, unix.TIOCSETA, tio)
}
