package shapes

// Table is a long group of variables, documented spec by spec.
var (
	First = "the first entry of a long table, long enough to matter......................................"
	// Second has its own comment.
	Second = "the second entry of a long table, long enough to matter....................................."
	Third  = "the third entry of a long table, long enough to matter......................................"
	Fourth = "the fourth entry of a long table, long enough to matter....................................."
	Fifth  = "the fifth entry of a long table, long enough to matter......................................"
	Sixth  = "the sixth entry of a long table, long enough to matter......................................"
	Sev    = "the seventh entry of a long table, long enough to matter...................................."
	Eighth = "the eighth entry of a long table, long enough to matter....................................."
	Ninth  = "the ninth entry of a long table, long enough to matter......................................"
	Tenth  = "the tenth entry of a long table, long enough to matter......................................"
	Elev   = "the eleventh entry of a long table, long enough to matter..................................."
	Twelve = "the twelfth entry of a long table, long enough to matter...................................."
	Thirt  = "the thirteenth entry of a long table, long enough to matter................................."
	Fourt  = "the fourteenth entry of a long table, long enough to matter................................."
)
