package bench

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/parity-db/parity/schema"
)

// Scope says where a grid variable is set.
type Scope string

const (
	// Session variables are set on the benchmark connection only, so nothing
	// outside parity sees them and nothing needs restoring.
	Session Scope = "session"
	// Global variables (temptable_max_ram, temptable_max_mmap) exist only
	// server-wide: parity sets them with SET GLOBAL and puts the original
	// value back when it stops.
	Global Scope = "global"
	// Unsupported variables do not exist on that server (MariaDB has no
	// temptable_*): cells run without them and say so.
	Unsupported Scope = "unsupported"
)

// Variable is what a server says about one grid variable before anything
// runs.
type Variable struct {
	Name     string `json:"name"`
	Scope    Scope  `json:"scope"`
	Original string `json:"original,omitempty"` // the value before the run: global for Global, session for Session
}

// Server error numbers the probes tell apart.
const (
	erUnknownSystemVariable = 1193 // no such variable on this server
	erIncorrectGlobalLocal  = 1238 // "is a GLOBAL variable", "is a SESSION variable", "is a read only variable"
	erSpecificAccessDenied  = 1227 // needs SUPER or SYSTEM_VARIABLES_ADMIN
	erWrongValueForVar      = 1231
	erWrongTypeForVar       = 1232
)

// SetupError is a grid that cannot run on a target as asked: a read-only
// variable, SET GLOBAL without the privilege, a value the server rejects.
// Nothing has been changed when it is returned.
type SetupError struct {
	Target string
	Msg    string
}

func (e *SetupError) Error() string { return e.Target + ": " + e.Msg }

// inspectVariables learns the scope and current value of each variable and
// proves the connection may set it, by setting it to the value it already
// has. Session values of the grid are tried too (and put back), so a typo
// like sort_buffer_size=2X fails here rather than in the middle of a grid.
//
//	SELECT @@SESSION.temptable_max_ram  -- 1238 "is a GLOBAL variable"
//	SELECT @@GLOBAL.temptable_max_ram   -- 1073741824
//	SET GLOBAL temptable_max_ram = @@GLOBAL.temptable_max_ram   -- 1227 on Aurora
func inspectVariables(ctx context.Context, c *sql.Conn, target string, srv schema.Server, settings []Setting) ([]Variable, error) {
	vars := make([]Variable, 0, len(settings))
	for _, s := range settings {
		v, err := inspectVariable(ctx, c, target, srv, s)
		if err != nil {
			return nil, err
		}
		vars = append(vars, v)
	}
	return vars, nil
}

func inspectVariable(ctx context.Context, c *sql.Conn, target string, srv schema.Server, s Setting) (Variable, error) {
	v := Variable{Name: s.Name, Scope: Session}
	value, err := readVariable(ctx, c, Session, s.Name)
	switch code := errorNumber(err); {
	case err == nil:
	case code == erUnknownSystemVariable:
		return Variable{Name: s.Name, Scope: Unsupported}, nil
	case code == erIncorrectGlobalLocal:
		v.Scope = Global
		if value, err = readVariable(ctx, c, Global, s.Name); err != nil {
			return v, fmt.Errorf("%s: read @@GLOBAL.%s: %w", target, s.Name, err)
		}
	default:
		return v, fmt.Errorf("%s: read @@SESSION.%s: %w", target, s.Name, err)
	}
	v.Original = value
	scope := "SESSION"
	if v.Scope == Global {
		scope = "GLOBAL"
	}
	probe := fmt.Sprintf("SET %s %s = @@%s.%s", scope, s.Name, scope, s.Name)
	if _, err := c.ExecContext(ctx, probe); err != nil {
		return v, setupError(target, srv, s.Name, v.Scope, err)
	}
	if v.Scope == Session {
		if err := tryValues(ctx, c, target, s); err != nil {
			return v, err
		}
	}
	return v, nil
}

// tryValues sets each grid value on the probe connection and puts the
// original back, so a rejected value stops the run before it starts.
func tryValues(ctx context.Context, c *sql.Conn, target string, s Setting) error {
	if _, err := c.ExecContext(ctx, "SET @parity_original = @@SESSION."+s.Name); err != nil {
		return fmt.Errorf("%s: save @@SESSION.%s: %w", target, s.Name, err)
	}
	for _, value := range s.Values {
		a := Assignment{Name: s.Name, Value: value}
		if _, err := c.ExecContext(ctx, "SET SESSION "+s.Name+" = "+a.SQLValue()); err != nil {
			return &SetupError{Target: target, Msg: fmt.Sprintf("%s=%s: %v", s.Name, value, serverMessage(err))}
		}
	}
	if _, err := c.ExecContext(ctx, "SET SESSION "+s.Name+" = @parity_original"); err != nil {
		return fmt.Errorf("%s: restore @@SESSION.%s: %w", target, s.Name, err)
	}
	return nil
}

// setupError explains why a variable cannot be set, with what to do instead.
func setupError(target string, srv schema.Server, name string, scope Scope, err error) error {
	switch errorNumber(err) {
	case erSpecificAccessDenied:
		if scope == Global {
			return &SetupError{Target: target, Msg: fmt.Sprintf("SET GLOBAL %s is not permitted: %v. "+
				"Changing a global setting needs SYSTEM_VARIABLES_ADMIN (or SUPER). On RDS and Aurora, global settings "+
				"live in the DB parameter group: create one cluster or instance per configuration and benchmark them "+
				"as labelled targets, e.g. --dsn ram2m=DSN1 --dsn ram1g=DSN2, with %s left out of --set",
				name, serverMessage(err), name)}
		}
		return &SetupError{Target: target, Msg: fmt.Sprintf("SET SESSION %s is not permitted: %v", name, serverMessage(err))}
	case erIncorrectGlobalLocal:
		return &SetupError{Target: target, Msg: fmt.Sprintf("%s cannot be changed while %s runs (%v): "+
			"set it in the server's configuration and benchmark each configuration as its own target", name, srv, serverMessage(err))}
	}
	return fmt.Errorf("%s: probe %s: %w", target, name, err)
}

func readVariable(ctx context.Context, c *sql.Conn, scope Scope, name string) (string, error) {
	prefix := "@@SESSION."
	if scope == Global {
		prefix = "@@GLOBAL."
	}
	var v sql.NullString
	err := c.QueryRowContext(ctx, "SELECT "+prefix+name).Scan(&v)
	return v.String, err
}
