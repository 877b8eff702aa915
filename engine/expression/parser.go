package expression

// A Pratt parser for the JavaScript expression subset n8n expressions use.

type parser struct {
	lx  lexer
	tok token
	off int // offset of src within the whole template, for error positions
	// depth bounds the nesting of the tree being built (see limits.go).
	depth int
}

// parseCode parses one {{ }} chunk. Only its first statement is used (n8n
// evaluates `a; b` as a); a chunk that starts with '{' is an object literal.
func parseCode(src string, off int) (n jsNode, err error) {
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*syntaxErr)
			if !ok {
				panic(r)
			}
			n, err = nil, &syntaxErr{pos: se.pos + off, msg: se.msg}
		}
	}()
	p := &parser{lx: lexer{src: src}, off: off}
	p.advance()
	if p.tok.kind == tEOF {
		return &ident{posInfo{0}, "undefined"}, nil
	}
	if p.is("{") {
		n = p.objectLiteral()
		n = p.postfixChain(n)
		n = p.binaryRest(n, 0)
	} else {
		n = p.expression()
	}
	if p.is(";") {
		// Everything after the first statement is ignored, but must parse.
		for p.is(";") {
			p.advance()
		}
		for p.tok.kind != tEOF {
			p.expression()
			for p.is(";") {
				p.advance()
			}
		}
	}
	if p.tok.kind != tEOF {
		p.fail("unexpected token")
	}
	return n, nil
}

func (p *parser) fail(msg string) {
	panic(&syntaxErr{pos: p.tok.pos, msg: msg})
}

func (p *parser) advance() { p.tok = p.lx.next() }

func (p *parser) is(punct string) bool { return p.tok.kind == tPunct && p.tok.text == punct }

func (p *parser) isKw(kw string) bool { return p.tok.kind == tIdent && p.tok.text == kw }

func (p *parser) expect(punct string) {
	if !p.is(punct) {
		p.fail("expected " + punct)
	}
	p.advance()
}

// expression parses a comma expression.
func (p *parser) expression() jsNode {
	n := p.assign()
	if p.is(",") {
		seq := &seqExpr{posInfo{n.at()}, []jsNode{n}}
		for p.is(",") {
			p.advance()
			seq.list = append(seq.list, p.assign())
		}
		return seq
	}
	return n
}

// assign parses an assignment-level expression: arrow, conditional.
func (p *parser) assign() jsNode {
	defer p.leave(p.enter(1))
	if a := p.tryArrow(); a != nil {
		return a
	}
	n := p.binary(0)
	if p.is("?") {
		pos := p.tok.pos
		p.advance()
		cons := p.assign()
		p.expect(":")
		alt := p.assign()
		return &condExpr{posInfo{pos}, n, cons, alt}
	}
	if p.tok.kind == tPunct {
		switch p.tok.text {
		case "=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=":
			p.fail("assignment is not supported in expressions")
		}
	}
	return n
}

// tryArrow parses an arrow function if one starts here.
func (p *parser) tryArrow() jsNode {
	if p.tok.kind == tIdent && !isReserved(p.tok.text) {
		save, saveTok := p.lx, p.tok
		name, pos := p.tok.text, p.tok.pos
		p.advance()
		if p.is("=>") {
			p.advance()
			return p.arrowBody(pos, []*pattern{{name: name}})
		}
		p.lx, p.tok = save, saveTok
		return nil
	}
	if !p.is("(") {
		return nil
	}
	save, saveTok := p.lx, p.tok
	pos := p.tok.pos
	params, ok := p.tryParams()
	if !ok {
		p.lx, p.tok = save, saveTok
		return nil
	}
	return p.arrowBody(pos, params)
}

func (p *parser) tryParams() (params []*pattern, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isSyn := r.(*syntaxErr); !isSyn {
				panic(r)
			}
			params, ok = nil, false
		}
	}()
	p.expect("(")
	for !p.is(")") {
		if p.is("...") {
			p.advance()
			pt := p.pattern()
			params = append(params, &pattern{isArr: true, rest: pt, name: "\x00rest"})
		} else {
			params = append(params, p.pattern())
		}
		if !p.is(",") {
			break
		}
		p.advance()
	}
	p.expect(")")
	if !p.is("=>") {
		return nil, false
	}
	p.advance()
	return params, true
}

func (p *parser) pattern() *pattern {
	defer p.leave(p.enter(1))
	var pt *pattern
	switch {
	case p.is("["):
		p.advance()
		pt = &pattern{isArr: true}
		for !p.is("]") {
			if p.is(",") {
				p.advance()
				pt.arr = append(pt.arr, nil)
				continue
			}
			if p.is("...") {
				p.advance()
				pt.rest = p.pattern()
				break
			}
			pt.arr = append(pt.arr, p.pattern())
			if !p.is(",") {
				break
			}
			p.advance()
		}
		p.expect("]")
	case p.is("{"):
		p.advance()
		pt = &pattern{isObj: true}
		for !p.is("}") {
			var key string
			switch p.tok.kind {
			case tIdent:
				key = p.tok.text
			case tStr:
				key = p.tok.str
			default:
				p.fail("unexpected token in pattern")
			}
			p.advance()
			sub := &pattern{name: key}
			if p.is(":") {
				p.advance()
				sub = p.pattern()
			} else if p.is("=") {
				p.advance()
				sub.def = p.assign()
			}
			pt.obj = append(pt.obj, objPat{key: key, pat: sub})
			if !p.is(",") {
				break
			}
			p.advance()
		}
		p.expect("}")
	case p.tok.kind == tIdent && !isReserved(p.tok.text):
		pt = &pattern{name: p.tok.text}
		p.advance()
	default:
		p.fail("unexpected token in parameters")
	}
	if p.is("=") {
		p.advance()
		pt.def = p.assign()
	}
	return pt
}

func (p *parser) arrowBody(pos int, params []*pattern) jsNode {
	fn := &arrowFn{posInfo: posInfo{pos}, params: params}
	if p.is("{") {
		p.advance()
		fn.block = p.statements("}")
		p.expect("}")
		return fn
	}
	fn.body = p.assign()
	return fn
}

func (p *parser) statements(end string) []jsStmt {
	var list []jsStmt
	for !p.is(end) && p.tok.kind != tEOF {
		if p.is(";") {
			p.advance()
			continue
		}
		list = append(list, p.statement())
	}
	return list
}

func (p *parser) statement() jsStmt {
	defer p.leave(p.enter(1))
	switch {
	case p.isKw("const") || p.isKw("let") || p.isKw("var"):
		p.advance()
		pt := p.pattern()
		if pt.def == nil {
			p.fail("missing initializer")
		}
		init := pt.def
		pt.def = nil
		p.semicolon()
		return declStmt{pat: pt, init: init}
	case p.isKw("return"):
		p.advance()
		if p.is(";") || p.is("}") {
			p.semicolon()
			return returnStmt{x: &ident{posInfo{p.tok.pos}, "undefined"}}
		}
		x := p.expression()
		p.semicolon()
		return returnStmt{x: x}
	case p.isKw("if"):
		p.advance()
		p.expect("(")
		test := p.expression()
		p.expect(")")
		s := ifStmt{test: test, cons: p.block()}
		if p.isKw("else") {
			p.advance()
			s.alt = p.block()
		}
		return s
	case p.is("{"):
		return ifStmt{test: &boolLit{posInfo{p.tok.pos}, true}, cons: p.block()}
	}
	x := p.expression()
	p.semicolon()
	return exprStmt{x: x}
}

func (p *parser) block() []jsStmt {
	if p.is("{") {
		p.advance()
		list := p.statements("}")
		p.expect("}")
		return list
	}
	return []jsStmt{p.statement()}
}

func (p *parser) semicolon() {
	if p.is(";") {
		p.advance()
	}
}

func isReserved(name string) bool {
	switch name {
	case "true", "false", "null", "typeof", "void", "new", "in", "instanceof", "delete",
		"const", "let", "var", "return", "if", "else", "function", "this", "class", "for", "while", "do",
		"switch", "case", "break", "continue", "try", "catch", "finally", "throw", "yield", "await", "import", "with":
		return true
	}
	return false
}

// binaryPrec gives each binary operator's binding power (0 = not binary).
func binaryPrec(t token) int {
	if t.kind == tIdent {
		switch t.text {
		case "in", "instanceof":
			return 8
		}
		return 0
	}
	if t.kind != tPunct {
		return 0
	}
	switch t.text {
	case "??":
		return 1
	case "||":
		return 2
	case "&&":
		return 3
	case "|":
		return 4
	case "^":
		return 5
	case "&":
		return 6
	case "==", "!=", "===", "!==":
		return 7
	case "<", ">", "<=", ">=":
		return 8
	case "<<", ">>", ">>>":
		return 9
	case "+", "-":
		return 10
	case "*", "/", "%":
		return 11
	case "**":
		return 12
	}
	return 0
}

func (p *parser) binary(minPrec int) jsNode {
	return p.binaryRest(p.unary(), minPrec)
}

func (p *parser) binaryRest(left jsNode, minPrec int) jsNode {
	// Each operator of a chain nests the tree one level deeper on the left.
	defer p.leave(p.depth)
	for {
		prec := binaryPrec(p.tok)
		if prec == 0 || prec <= minPrec {
			return left
		}
		op, pos := p.tok.text, p.tok.pos
		p.enter(1)
		p.advance()
		var right jsNode
		if op == "**" {
			right = p.binary(prec - 1) // right associative
		} else {
			right = p.binary(prec)
		}
		switch op {
		case "&&", "||", "??":
			left = &logicalExpr{posInfo{pos}, op, left, right}
		default:
			left = &binaryExpr{posInfo{pos}, op, left, right}
		}
	}
}

func (p *parser) unary() jsNode {
	defer p.leave(p.enter(1))
	pos := p.tok.pos
	if p.tok.kind == tPunct {
		switch p.tok.text {
		case "!", "-", "+", "~":
			op := p.tok.text
			p.advance()
			return &unaryExpr{posInfo{pos}, op, p.unary()}
		case "++", "--":
			p.fail("update expressions are not supported")
		case "...":
			p.fail("unexpected token ...")
		}
	}
	if p.tok.kind == tIdent {
		switch p.tok.text {
		case "typeof", "void", "delete":
			op := p.tok.text
			p.advance()
			return &unaryExpr{posInfo{pos}, op, p.unary()}
		}
	}
	n := p.postfixChain(p.primary())
	if p.is("++") || p.is("--") {
		p.fail("update expressions are not supported")
	}
	return n
}

// postfixChain parses member accesses and calls after a primary expression,
// wrapping the chain in chainExpr when it holds an optional link.
func (p *parser) postfixChain(n jsNode) jsNode {
	defer p.leave(p.depth)
	optional := false
	for {
		p.enter(1)
		pos := p.tok.pos
		switch {
		case p.is("."):
			p.advance()
			if p.tok.kind != tIdent {
				if p.is("#") {
					p.fail("private names are not supported")
				}
				p.fail("unexpected token after .")
			}
			n = &memberExpr{posInfo: posInfo{pos}, obj: n, prop: p.tok.text}
			p.advance()
		case p.is("?."):
			optional = true
			p.advance()
			switch {
			case p.is("("):
				n = &callExpr{posInfo{pos}, n, p.arguments(), true}
			case p.is("["):
				p.advance()
				k := p.expression()
				p.expect("]")
				n = &memberExpr{posInfo: posInfo{pos}, obj: n, computed: k, optional: true}
			case p.tok.kind == tIdent:
				n = &memberExpr{posInfo: posInfo{pos}, obj: n, prop: p.tok.text, optional: true}
				p.advance()
			default:
				p.fail("unexpected token after ?.")
			}
		case p.is("["):
			p.advance()
			k := p.expression()
			p.expect("]")
			n = &memberExpr{posInfo: posInfo{pos}, obj: n, computed: k}
		case p.is("("):
			n = &callExpr{posInfo{pos}, n, p.arguments(), false}
		case p.tok.kind == tTemplate:
			p.fail("tagged templates are not supported")
		default:
			if optional {
				return &chainExpr{posInfo{n.at()}, n}
			}
			return n
		}
	}
}

func (p *parser) arguments() []jsNode {
	p.expect("(")
	var args []jsNode
	for !p.is(")") {
		if p.is("...") {
			pos := p.tok.pos
			p.advance()
			args = append(args, &spreadEl{posInfo{pos}, p.assign()})
		} else {
			args = append(args, p.assign())
		}
		if !p.is(",") {
			break
		}
		p.advance()
	}
	p.expect(")")
	return args
}

func (p *parser) primary() jsNode {
	t := p.tok
	pos := t.pos
	switch t.kind {
	case tNum:
		p.advance()
		return &numLit{posInfo{pos}, t.num}
	case tStr:
		p.advance()
		return &strLit{posInfo{pos}, t.str}
	case tTemplate:
		p.advance()
		tl := &tmplLit{posInfo: posInfo{pos}, quasi: t.quasi}
		for i, sub := range t.subs {
			x, err := parseSubExpr(sub, p.off+t.subAt[i], p.depth, p.lx.depth+1)
			if err != nil {
				panic(&syntaxErr{pos: t.subAt[i], msg: err.Error()})
			}
			tl.exprs = append(tl.exprs, x)
		}
		return tl
	case tRegex:
		p.advance()
		return &regexLit{posInfo{pos}, t.text, t.str}
	case tIdent:
		switch t.text {
		case "true", "false":
			p.advance()
			return &boolLit{posInfo{pos}, t.text == "true"}
		case "null":
			p.advance()
			return &nullLit{posInfo{pos}}
		case "this":
			p.advance()
			return &thisExpr{posInfo{pos}}
		case "new":
			p.advance()
			if p.is(".") {
				p.fail("new.target is not supported")
			}
			callee := p.primary()
			for p.is(".") {
				p.advance()
				callee = &memberExpr{posInfo: posInfo{p.tok.pos}, obj: callee, prop: p.tok.text}
				p.advance()
			}
			var args []jsNode
			if p.is("(") {
				args = p.arguments()
			}
			return &newExpr{posInfo{pos}, callee, args}
		case "function":
			p.fail("function expressions are not supported")
		case "import":
			p.fail("Imports are not supported")
		}
		if isReserved(t.text) {
			p.fail("unexpected token " + t.text)
		}
		p.advance()
		return &ident{posInfo{pos}, t.text}
	case tPunct:
		switch t.text {
		case "(":
			p.advance()
			n := p.expression()
			p.expect(")")
			return n
		case "[":
			return p.arrayLiteral()
		case "{":
			return p.objectLiteral()
		}
	case tEOF:
		p.fail("unexpected end of expression")
	}
	p.fail("unexpected token")
	return nil
}

// parseSubExpr parses a template-literal substitution: one full expression.
func parseSubExpr(src string, off, depth, lexDepth int) (n jsNode, err error) {
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*syntaxErr)
			if !ok {
				panic(r)
			}
			n, err = nil, se
		}
	}()
	p := &parser{lx: lexer{src: src, depth: lexDepth}, off: off, depth: depth}
	p.advance()
	n = p.expression()
	if p.tok.kind != tEOF {
		p.fail("unexpected token")
	}
	return n, nil
}

func (p *parser) arrayLiteral() jsNode {
	pos := p.tok.pos
	p.expect("[")
	a := &arrayLit{posInfo: posInfo{pos}}
	for !p.is("]") {
		if p.is(",") {
			p.advance()
			a.elems = append(a.elems, nil)
			continue
		}
		if p.is("...") {
			sp := p.tok.pos
			p.advance()
			a.elems = append(a.elems, &spreadEl{posInfo{sp}, p.assign()})
		} else {
			a.elems = append(a.elems, p.assign())
		}
		if !p.is(",") {
			break
		}
		p.advance()
	}
	p.expect("]")
	return a
}

func (p *parser) objectLiteral() jsNode {
	pos := p.tok.pos
	p.expect("{")
	o := &objectLit{posInfo: posInfo{pos}}
	for !p.is("}") {
		var prop objProp
		switch {
		case p.is("..."):
			p.advance()
			prop.spread = true
			prop.value = p.assign()
			o.props = append(o.props, prop)
			if p.is(",") {
				p.advance()
			} else if !p.is("}") {
				p.expect("}")
			}
			continue
		case p.is("["):
			p.advance()
			prop.computed = p.assign()
			p.expect("]")
		case p.tok.kind == tIdent:
			prop.key = p.tok.text
			name, npos := p.tok.text, p.tok.pos
			p.advance()
			if p.is(",") || p.is("}") {
				if isReserved(name) {
					p.fail("unexpected token " + name)
				}
				prop.value = &ident{posInfo{npos}, name}
				o.props = append(o.props, prop)
				if p.is(",") {
					p.advance()
				}
				continue
			}
		case p.tok.kind == tStr:
			prop.key = p.tok.str
			p.advance()
		case p.tok.kind == tNum:
			prop.key = numberToString(p.tok.num)
			p.advance()
		default:
			p.fail("unexpected token in object literal")
		}
		if p.is("(") {
			p.fail("method definitions are not supported")
		}
		p.expect(":")
		prop.value = p.assign()
		o.props = append(o.props, prop)
		if !p.is(",") {
			break
		}
		p.advance()
	}
	p.expect("}")
	return o
}
