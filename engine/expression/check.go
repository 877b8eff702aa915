package expression

// Check reports a syntax error in a parameter value without evaluating it
// (engine validation). It compiles through the cache, so the run that
// follows reuses the program.
func (e *Engine) Check(param string) error {
	_, err := e.Compile(param)
	return err
}
