// The cancel function is kept and never called.
func lookup(parent context.Context, key string) (string, error) {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want "forgotten-cancel"
	_ = cancel
	return query(ctx, key)
}
