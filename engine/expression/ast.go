package expression

// The JavaScript subset's syntax tree, produced by the parser and consumed by
// the lowering to expr. Every node records its source offset for errors.

type jsNode interface{ at() int }

type posInfo struct{ pos int }

func (p posInfo) at() int { return p.pos }

type (
	numLit struct {
		posInfo
		v float64
	}
	strLit struct {
		posInfo
		v string
	}
	boolLit struct {
		posInfo
		v bool
	}
	nullLit  struct{ posInfo }
	thisExpr struct{ posInfo }
	ident    struct {
		posInfo
		name string
	}
	tmplLit struct {
		posInfo
		quasi []string
		exprs []jsNode
	}
	regexLit struct {
		posInfo
		pattern, flags string
	}
	arrayLit struct {
		posInfo
		elems []jsNode // *spreadEl for ...x; nil for holes
	}
	objProp struct {
		key      string // static key
		computed jsNode // [expr]: key
		value    jsNode
		spread   bool // ...value
	}
	objectLit struct {
		posInfo
		props []objProp
	}
	spreadEl struct {
		posInfo
		x jsNode
	}
	memberExpr struct {
		posInfo
		obj      jsNode
		prop     string // static property name
		computed jsNode // obj[computed]
		optional bool   // obj?.prop
	}
	callExpr struct {
		posInfo
		callee   jsNode
		args     []jsNode
		optional bool // callee?.()
	}
	// chainExpr wraps a member/call chain that holds an optional link: a
	// nullish value at that link makes the whole chain undefined.
	chainExpr struct {
		posInfo
		x jsNode
	}
	newExpr struct {
		posInfo
		callee jsNode
		args   []jsNode
	}
	unaryExpr struct {
		posInfo
		op string
		x  jsNode
	}
	binaryExpr struct {
		posInfo
		op   string
		l, r jsNode
	}
	logicalExpr struct {
		posInfo
		op   string // && || ??
		l, r jsNode
	}
	condExpr struct {
		posInfo
		test, cons, alt jsNode
	}
	seqExpr struct {
		posInfo
		list []jsNode
	}
	arrowFn struct {
		posInfo
		params []*pattern
		body   jsNode   // expression body
		block  []jsStmt // block body (when body == nil)
	}
)

// pattern is a binding target: a name, or an array/object destructuring.
type pattern struct {
	name  string
	arr   []*pattern // nil entries are holes
	rest  *pattern   // ...rest in an array pattern
	obj   []objPat
	isArr bool
	isObj bool
	def   jsNode // default value
}

type objPat struct {
	key string
	pat *pattern
}

// Statements allowed in arrow-function block bodies.
type jsStmt interface{ stmt() }

type (
	declStmt struct {
		pat  *pattern
		init jsNode
	}
	returnStmt struct{ x jsNode }
	ifStmt     struct {
		test jsNode
		cons []jsStmt
		alt  []jsStmt
	}
	exprStmt struct{ x jsNode }
)

func (declStmt) stmt()   {}
func (returnStmt) stmt() {}
func (ifStmt) stmt()     {}
func (exprStmt) stmt()   {}
