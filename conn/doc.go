// Package conn turns what a user types (a go-sql-driver DSN, a mysql:// URL,
// a password in the environment or an option file) into a pool of MySQL
// connections with parity's session settings, and explains connection
// failures in one line without ever showing a password.
package conn
