package plugin

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Macros of Restate SQL, expanded on the server so alert rules and recorded queries (which never pass through
// the browser) get the same SQL. The output of $__timeFilter, $__timeFrom and $__timeTo, and the error
// messages, are the same as src/datasource/macros.ts: ISO-8601 UTC string literals with milliseconds, which
// DataFusion coerces when compared with Restate's Timestamp(ms, "+00:00") columns.
//
// $__interval becomes a DataFusion interval literal, INTERVAL '<ms> milliseconds', so it can be used as is in
// date_bin($__interval, created_at); $__interval_ms becomes the bare number of milliseconds.

// MacroError is a query the macros cannot expand; its message says how to fix it.
type MacroError struct{ msg string }

func (e *MacroError) Error() string { return e.msg }

var (
	timeFromTo  = regexp.MustCompile(`\$__time(From|To)\b(\(\s*\))?`)
	intervalMs  = regexp.MustCompile(`\$__interval_ms\b`)
	intervalLit = regexp.MustCompile(`\$__interval\b`)
)

func timeLiteral(t time.Time) string {
	return "'" + t.UTC().Format("2006-01-02T15:04:05.000Z") + "'"
}

// closingParen is the index of the ')' closing the '(' at open, skipping nested parentheses and quoted
// strings, or -1.
func closingParen(sql string, open int) int {
	depth := 0
	var quote byte
	for i := open; i < len(sql); i++ {
		ch := sql[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// ExpandMacros expands $__timeFilter(col), $__timeFrom(), $__timeTo() (parentheses optional for the last
// two), $__interval and $__interval_ms.
func ExpandMacros(sql string, from, to time.Time, interval time.Duration) (string, error) {
	fromLit, toLit := timeLiteral(from), timeLiteral(to)
	out := timeFromTo.ReplaceAllStringFunc(sql, func(m string) string {
		if strings.HasPrefix(m, "$__timeFrom") {
			return fromLit
		}
		return toLit
	})
	ms := interval.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	out = intervalMs.ReplaceAllString(out, strconv.FormatInt(ms, 10))
	out = intervalLit.ReplaceAllString(out, fmt.Sprintf("INTERVAL '%d milliseconds'", ms))

	const name = "$__timeFilter"
	at := strings.Index(out, name)
	for at != -1 {
		open := at + len(name)
		if open >= len(out) || out[open] != '(' {
			return "", &MacroError{fmt.Sprintf("%s needs a column in parentheses, e.g. %s(created_at).", name, name)}
		}
		closeAt := closingParen(out, open)
		if closeAt == -1 {
			return "", &MacroError{fmt.Sprintf("Close the parenthesis of %s(…), e.g. %s(created_at).", name, name)}
		}
		column := strings.TrimSpace(out[open+1 : closeAt])
		if column == "" {
			return "", &MacroError{fmt.Sprintf("%s() needs a timestamp column, e.g. %s(created_at).", name, name)}
		}
		// Parenthesised so NOT/OR around the macro keep their meaning.
		expanded := fmt.Sprintf("(%s >= %s AND %s <= %s)", column, fromLit, column, toLit)
		out = out[:at] + expanded + out[closeAt+1:]
		next := strings.Index(out[at+len(expanded):], name)
		if next == -1 {
			break
		}
		at = at + len(expanded) + next
	}
	return out, nil
}
