package testbed

import "syscall"

// dieWithParent makes the kernel kill the child when this process dies,
// so a test binary killed by a timeout leaves no server behind.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
