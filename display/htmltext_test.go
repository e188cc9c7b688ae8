package display

import "testing"

func TestTextFromHTML(t *testing.T) {
	tests := []struct{ html, want string }{
		{"", ""},
		{"plain", "plain"},
		{"<b>bold</b> and <i>it</i>", "bold and it"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<p>one</p><p>two</p>", "one\n\ntwo"},
		{"<ul><li>x</li><li>y</li></ul>", "x\ny"},
		{"<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>", "k\tv\na\t1"},
		{"&lt;tag&gt; &amp; &quot;q&quot; &#233;", `<tag> & "q" é`},
		{"<script>if (a<b) {}</script>shown<style>p{}</style>", "shown"},
		{"<SCRIPT type=x>bad()</SCRIPT>ok", "ok"},
		{"<script>never closed", ""},
		{"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"unclosed <b", "unclosed <b"},
		{"a<!-- <b>x</b> -->b<!-- open", "ab"},
		{"<div>\n\n\n<p>spaced</p>\n\n</div>", "spaced"},
	}
	for _, tt := range tests {
		if got := textFromHTML(tt.html); got != tt.want {
			t.Errorf("textFromHTML(%q) = %q, want %q", tt.html, got, tt.want)
		}
	}
}
