// Package schema holds parity's domain types (servers, tables, columns,
// indexes) and reads them from a live server's information_schema.
//
// Every other package imports schema; schema imports none of them.
package schema
