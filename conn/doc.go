// Package conn turns what a user types (a DSN or a mysql:// URL, option
// files and login paths, a password from the environment or a prompt) into
// a pool of MySQL connections with parity's session settings, the way the
// mysql client would connect: its TLS modes, its option files in its
// order, its password sources. Connection setup is bounded by a timeout,
// queries are not; failures are explained in one line that never shows a
// password.
package conn
