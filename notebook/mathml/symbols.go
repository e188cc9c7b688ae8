package mathml

// greek maps Greek letter commands to their letters. Lower-case letters
// render italic and capitals upright, as in TeX.
var greek = map[string]rune{
	"alpha": 'α', "beta": 'β', "gamma": 'γ', "delta": 'δ', "epsilon": 'ϵ',
	"varepsilon": 'ε', "zeta": 'ζ', "eta": 'η', "theta": 'θ', "vartheta": 'ϑ',
	"iota": 'ι', "kappa": 'κ', "varkappa": 'ϰ', "lambda": 'λ', "mu": 'μ',
	"nu": 'ν', "xi": 'ξ', "omicron": 'ο', "pi": 'π', "varpi": 'ϖ', "rho": 'ρ',
	"varrho": 'ϱ', "sigma": 'σ', "varsigma": 'ς', "tau": 'τ', "upsilon": 'υ',
	"phi": 'ϕ', "varphi": 'φ', "chi": 'χ', "psi": 'ψ', "omega": 'ω',
	"digamma": 'ϝ',
	"Gamma":   'Γ', "Delta": 'Δ', "Theta": 'Θ', "Lambda": 'Λ', "Xi": 'Ξ',
	"Pi": 'Π', "Sigma": 'Σ', "Upsilon": 'Υ', "Phi": 'Φ', "Psi": 'Ψ',
	"Omega": 'Ω',
}

// identifiers are symbol commands that render as identifiers (<mi>).
var identifiers = map[string]string{
	"infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ",
	"hslash": "ℏ", "emptyset": "∅", "varnothing": "∅", "aleph": "ℵ",
	"Re": "ℜ", "Im": "ℑ", "wp": "℘", "imath": "ı", "jmath": "ȷ",
	"top": "⊤", "bot": "⊥", "angle": "∠", "triangle": "△", "square": "□",
	"checkmark": "✓", "dagger": "†", "ddagger": "‡", "S": "§", "P": "¶",
	"prime": "′", "backprime": "‵", "degree": "°",
}

// operators are symbol commands that render as operators (<mo>): binary
// operators, relations, arrows, delimiters and punctuation.
var operators = map[string]string{
	// binary operators
	"pm": "±", "mp": "∓", "times": "×", "div": "÷", "cdot": "⋅", "ast": "∗",
	"star": "⋆", "circ": "∘", "bullet": "∙", "cap": "∩", "cup": "∪",
	"wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "setminus": "∖",
	"oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "oslash": "⊘", "odot": "⊙",
	"intercal": "⊺", "sqcup": "⊔", "sqcap": "⊓", "uplus": "⊎", "amalg": "⨿",
	"diamond": "⋄", "bigtriangleup": "△", "bigtriangledown": "▽",
	"smallsetminus": "∖", "cdotp": "⋅", "centerdot": "⋅",
	// relations
	"le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "leqslant": "⩽",
	"geqslant": "⩾", "ne": "≠", "neq": "≠", "approx": "≈", "simeq": "≃",
	"cong": "≅", "equiv": "≡", "sim": "∼", "propto": "∝", "ll": "≪",
	"gg": "≫", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
	"supseteq": "⊇", "in": "∈", "ni": "∋", "notin": "∉", "perp": "⊥",
	"parallel": "∥", "mid": "∣", "nmid": "∤", "coloneqq": "≔",
	"eqqcolon": "≕", "triangleq": "≜", "doteq": "≐", "models": "⊨",
	"vdash": "⊢", "dashv": "⊣", "prec": "≺", "succ": "≻", "preceq": "⪯",
	"succeq": "⪰", "asymp": "≍", "lesssim": "≲", "gtrsim": "≳",
	"approxeq": "≊", "neg": "¬", "lnot": "¬", "forall": "∀", "exists": "∃",
	"nexists": "∄", "therefore": "∴", "because": "∵",
	// arrows
	"to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
	"leftrightarrow": "↔", "Rightarrow": "⇒", "Leftarrow": "⇐",
	"Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸", "iff": "⟺",
	"mapsto": "↦", "longrightarrow": "⟶", "longleftarrow": "⟵",
	"Longrightarrow": "⟹", "Longleftarrow": "⟸", "longmapsto": "⟼",
	"uparrow": "↑", "downarrow": "↓", "Uparrow": "⇑", "Downarrow": "⇓",
	"updownarrow": "↕", "nearrow": "↗", "searrow": "↘", "rightleftharpoons": "⇌",
	"hookrightarrow": "↪", "leadsto": "⇝",
	// punctuation and dots
	"colon": ":", "ldots": "…", "dots": "…", "dotsc": "…", "dotsb": "⋯",
	"cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
	// delimiters
	"{": "{", "}": "}", "|": "‖", "lbrace": "{", "rbrace": "}", "lbrack": "[",
	"rbrack": "]", "langle": "⟨", "rangle": "⟩", "vert": "|", "Vert": "‖",
	"lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "lfloor": "⌊",
	"rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "backslash": "\\",
	// escaped characters
	"_": "_", "%": "%", "$": "$", "&": "&", "#": "#",
}

// fences are operators that TeX does not stretch unless \left, \right or
// \big asks; MathML would stretch them by default.
var fences = map[string]bool{
	"(": true, ")": true, "[": true, "]": true, "{": true, "}": true,
	"|": true, "‖": true, "⟨": true, "⟩": true, "⌊": true, "⌋": true,
	"⌈": true, "⌉": true, "/": true, "\\": true,
}

// largeOperators are big operators; those with limits true take their
// scripts below and above in display style.
var largeOperators = map[string]struct {
	text   string
	limits bool
}{
	"sum": {"∑", true}, "prod": {"∏", true}, "coprod": {"∐", true},
	"bigcup": {"⋃", true}, "bigcap": {"⋂", true}, "bigvee": {"⋁", true},
	"bigwedge": {"⋀", true}, "bigoplus": {"⨁", true}, "bigotimes": {"⨂", true},
	"bigodot": {"⨀", true}, "biguplus": {"⨄", true}, "bigsqcup": {"⨆", true},
	"int": {"∫", false}, "iint": {"∬", false}, "iiint": {"∭", false},
	"oint": {"∮", false},
}

// functions are named operators such as \sin; those with limits true take
// their scripts below in display style (\lim_{x \to 0}).
var functions = map[string]struct {
	text   string
	limits bool
}{
	"arccos": {"arccos", false}, "arcsin": {"arcsin", false},
	"arctan": {"arctan", false}, "arg": {"arg", false}, "cos": {"cos", false},
	"cosh": {"cosh", false}, "cot": {"cot", false}, "coth": {"coth", false},
	"csc": {"csc", false}, "deg": {"deg", false}, "dim": {"dim", false},
	"exp": {"exp", false}, "hom": {"hom", false}, "ker": {"ker", false},
	"lg": {"lg", false}, "ln": {"ln", false}, "log": {"log", false},
	"sec": {"sec", false}, "sin": {"sin", false}, "sinh": {"sinh", false},
	"tan": {"tan", false}, "tanh": {"tanh", false},
	"det": {"det", true}, "gcd": {"gcd", true}, "inf": {"inf", true},
	"lim": {"lim", true}, "liminf": {"lim inf", true},
	"limsup": {"lim sup", true}, "max": {"max", true}, "min": {"min", true},
	"Pr": {"Pr", true}, "sup": {"sup", true}, "argmax": {"arg max", true},
	"argmin": {"arg min", true},
}

// accents maps accent commands to the mark drawn over (or, for under
// accents, below) the argument, and whether it stretches with it.
var accents = map[string]struct {
	mark    string
	stretch bool
	under   bool
}{
	"hat": {"^", false, false}, "widehat": {"^", true, false},
	"check": {"ˇ", false, false}, "tilde": {"~", false, false},
	"widetilde": {"˜", true, false}, "bar": {"¯", false, false},
	"overline": {"‾", true, false}, "vec": {"→", false, false},
	"overrightarrow": {"→", true, false}, "overleftarrow": {"←", true, false},
	"dot": {"˙", false, false}, "ddot": {"¨", false, false},
	"breve": {"˘", false, false}, "acute": {"´", false, false},
	"grave": {"`", false, false}, "mathring": {"˚", false, false},
	"underline": {"_", true, true},
}

// spaces maps spacing commands to widths.
var spaces = map[string]string{
	",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em",
	"medspace": "0.2222em", ";": "0.2778em", "thickspace": "0.2778em",
	"!": "-0.1667em", "negthinspace": "-0.1667em", " ": "0.25em",
	"enspace": "0.5em", "quad": "1em", "qquad": "2em",
}

// fonts maps font commands to the alphabet their letters are drawn from.
var fonts = map[string]string{
	"mathbf": "bf", "mathrm": "rm", "mathit": "it", "mathbb": "bb",
	"mathcal": "cal", "mathscr": "cal", "mathfrak": "frak", "mathsf": "sf",
	"mathtt": "tt", "boldsymbol": "bfit", "bm": "bfit", "mathnormal": "",
}

// textCommands read their argument as text; the value is the alphabet.
var textCommands = map[string]string{
	"text": "rm", "textrm": "rm", "textnormal": "rm", "mbox": "rm",
	"textbf": "bf", "textit": "it", "textsf": "sf", "texttt": "tt",
	"textup": "rm", "operatorname": "rm",
}

// bigSizes maps \big-style commands to the delimiter size they ask for.
var bigSizes = map[string]string{
	"big": "1.2em", "bigl": "1.2em", "bigr": "1.2em", "bigm": "1.2em",
	"Big": "1.623em", "Bigl": "1.623em", "Bigr": "1.623em", "Bigm": "1.623em",
	"bigg": "2.047em", "biggl": "2.047em", "biggr": "2.047em", "biggm": "2.047em",
	"Bigg": "2.470em", "Biggl": "2.470em", "Biggr": "2.470em", "Biggm": "2.470em",
}

// ignored commands are accepted and produce nothing (with their argument
// when they take one).
var ignored = map[string]bool{"nonumber": false, "notag": false, "label": true, "limits": false, "nolimits": false}
