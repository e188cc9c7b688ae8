package mathml

// alphabet describes one Mathematical Alphanumeric Symbols alphabet: where
// its capitals, small letters, digits and Greek letters start (0 when the
// alphabet has none) and the letters that live elsewhere in Unicode.
type alphabet struct {
	upper, lower, digit, greekUpper, greekLower rune
	holes                                       map[rune]rune
}

// alphabets are the styled alphabets of MathML Core, which draws bold,
// blackboard, script and other letters from Unicode rather than from the
// mathvariant attribute.
var alphabets = map[string]alphabet{
	"bf":   {upper: 0x1D400, lower: 0x1D41A, digit: 0x1D7CE, greekUpper: 0x1D6A8, greekLower: 0x1D6C2},
	"it":   {upper: 0x1D434, lower: 0x1D44E, holes: map[rune]rune{'h': 'ℎ'}},
	"bfit": {upper: 0x1D468, lower: 0x1D482, digit: 0x1D7CE, greekUpper: 0x1D71C, greekLower: 0x1D736},
	"cal": {upper: 0x1D49C, lower: 0x1D4B6, holes: map[rune]rune{
		'B': 'ℬ', 'E': 'ℰ', 'F': 'ℱ', 'H': 'ℋ', 'I': 'ℐ', 'L': 'ℒ', 'M': 'ℳ', 'R': 'ℛ',
		'e': 'ℯ', 'g': 'ℊ', 'o': 'ℴ',
	}},
	"frak": {upper: 0x1D504, lower: 0x1D51E, holes: map[rune]rune{
		'C': 'ℭ', 'H': 'ℌ', 'I': 'ℑ', 'R': 'ℜ', 'Z': 'ℨ',
	}},
	"bb": {upper: 0x1D538, lower: 0x1D552, digit: 0x1D7D8, holes: map[rune]rune{
		'C': 'ℂ', 'H': 'ℍ', 'N': 'ℕ', 'P': 'ℙ', 'Q': 'ℚ', 'R': 'ℝ', 'Z': 'ℤ',
	}},
	"sf": {upper: 0x1D5A0, lower: 0x1D5BA, digit: 0x1D7E2},
	"tt": {upper: 0x1D670, lower: 0x1D68A, digit: 0x1D7F6},
}

// greekVariants are the letters that follow ω in the Greek part of the
// bold and bold-italic alphabets.
var greekVariants = map[rune]rune{'∂': 25, 'ϵ': 26, 'ϑ': 27, 'ϰ': 28, 'ϕ': 29, 'ϱ': 30, 'ϖ': 31}

// styled returns r drawn from the named alphabet, and false when the
// alphabet has no such letter (r is then drawn as is).
func styled(r rune, font string) (rune, bool) {
	a, ok := alphabets[font]
	if !ok {
		return r, false
	}
	if h, ok := a.holes[r]; ok {
		return h, true
	}
	switch {
	case 'A' <= r && r <= 'Z':
		return a.upper + r - 'A', true
	case 'a' <= r && r <= 'z':
		return a.lower + r - 'a', true
	case '0' <= r && r <= '9' && a.digit != 0:
		return a.digit + r - '0', true
	case 'Α' <= r && r <= 'Ω' && r != 0x3A2 && a.greekUpper != 0:
		return a.greekUpper + r - 'Α', true
	case 'α' <= r && r <= 'ω' && a.greekLower != 0:
		return a.greekLower + r - 'α', true
	}
	if off, ok := greekVariants[r]; ok && a.greekLower != 0 {
		return a.greekLower + off, true
	}
	return r, false
}
