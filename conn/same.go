package conn

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
)

// SameServer reports whether two pools reach one server, whatever names,
// ports or proxies lead there: a named lock taken through a is seen as held
// through b only when both talk to the same server. It takes no privilege.
func SameServer(ctx context.Context, a, b *Pool) (bool, error) {
	var tag [8]byte
	_, _ = rand.Read(tag[:])
	name := "parity_same_server_" + hex.EncodeToString(tag[:])
	c, err := a.DB.Conn(ctx)
	if err != nil {
		return false, Classify(err, "compare servers", a.Endpoint)
	}
	defer c.Close()
	var got sql.NullInt64
	if err := c.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil {
		return false, Classify(err, "compare servers", a.Endpoint)
	}
	defer func() { _, _ = c.ExecContext(context.WithoutCancel(ctx), "DO RELEASE_LOCK(?)", name) }()
	var holder sql.NullInt64
	if err := b.DB.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&holder); err != nil {
		return false, Classify(err, "compare servers", b.Endpoint)
	}
	return holder.Valid, nil
}
