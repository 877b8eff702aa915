package expression

import "fmt"

// Limits on what one expression may be. Parsing and lowering recurse over
// the tree, so an expression 300k parentheses deep, or a 1M-term `1+1+…`
// chain (a tree as deep as it is long), would overflow the stack and kill
// the process; n8n itself fails such expressions with a RangeError.
const (
	// maxNesting bounds the depth of the parsed tree: nested brackets,
	// unary operators, operator chains, member/call chains, statements.
	maxNesting = 500
	// maxTemplateNesting bounds template literals inside template literals.
	maxTemplateNesting = 32
	// MaxExpressionBytes bounds the source of one expression parameter.
	MaxExpressionBytes = 1 << 20
)

// enter adds n levels of nesting and fails past maxNesting. It returns the
// depth to restore, for `defer p.leave(p.enter(1))`.
func (p *parser) enter(n int) int {
	prev := p.depth
	p.depth += n
	if p.depth > maxNesting {
		p.fail(fmt.Sprintf("expression is nested too deeply (more than %d levels of brackets, operators or calls); split it up", maxNesting))
	}
	return prev
}

func (p *parser) leave(depth int) { p.depth = depth }

// checkSize rejects an expression parameter larger than MaxExpressionBytes.
func checkSize(param string) error {
	if len(param) > MaxExpressionBytes {
		return &Error{Message: "invalid syntax", Description: fmt.Sprintf("the expression is %d bytes long; n8n-go compiles expressions up to %d bytes", len(param), MaxExpressionBytes)}
	}
	return nil
}
