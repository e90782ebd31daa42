// Package measure times statements on one connection and reads what each
// cost the server: session status counters, TempTable memory and the
// statement's performance_schema row. bench times workloads under
// settings with it; replay times an application's queries on two servers.
//
// Reading counters is itself a statement, so a Session measures its own
// reads once when it opens and subtracts them from every statement's.
package measure
