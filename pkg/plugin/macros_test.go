package plugin

import (
	"strings"
	"testing"
	"time"
)

// The cases of src/datasource/macros.test.ts, so both expansions stay identical, plus the interval macros
// only the backend has.
var (
	mFrom = time.Date(2026, 11, 22, 22, 0, 0, 0, time.UTC)
	mTo   = time.Date(2026, 11, 22, 23, 30, 0, 250_000_000, time.UTC)
)

func expand(t *testing.T, sql string) string {
	t.Helper()
	out, err := ExpandMacros(sql, mFrom, mTo, 90*time.Second)
	if err != nil {
		t.Fatalf("ExpandMacros(%q): %v", sql, err)
	}
	return out
}

func TestMacros(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"timeFilter becomes a parenthesised range in ISO UTC",
			"SELECT * FROM sys_invocation WHERE $__timeFilter(created_at) LIMIT 5",
			"SELECT * FROM sys_invocation WHERE (created_at >= '2026-11-22T22:00:00.000Z' AND created_at <= '2026-11-22T23:30:00.250Z') LIMIT 5"},
		{"NOT and OR around the macro keep their meaning",
			"WHERE NOT $__timeFilter(modified_at) OR x",
			"WHERE NOT (modified_at >= '2026-11-22T22:00:00.000Z' AND modified_at <= '2026-11-22T23:30:00.250Z') OR x"},
		{"expressions with parentheses and quotes, and several macros",
			"$__timeFilter(coalesce(completed_at, ')')) AND $__timeFilter( i.created_at )",
			"(coalesce(completed_at, ')') >= '2026-11-22T22:00:00.000Z' AND coalesce(completed_at, ')') <= '2026-11-22T23:30:00.250Z') AND (i.created_at >= '2026-11-22T22:00:00.000Z' AND i.created_at <= '2026-11-22T23:30:00.250Z')"},
		{"timeFrom and timeTo with or without parentheses",
			"SELECT $__timeFrom(), $__timeTo( ), $__timeFrom",
			"SELECT '2026-11-22T22:00:00.000Z', '2026-11-22T23:30:00.250Z', '2026-11-22T22:00:00.000Z'"},
		{"other $ words stay, the interval macros expand",
			"SELECT '$5', $__interval, $__interval_ms, $__intervalx FROM t",
			"SELECT '$5', INTERVAL '90000 milliseconds', 90000, $__intervalx FROM t"},
		{"no macros", "SELECT 1", "SELECT 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := expand(t, c.in); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestMacroErrors(t *testing.T) {
	cases := map[string]string{
		"WHERE $__timeFilter":            "$__timeFilter needs a column in parentheses, e.g. $__timeFilter(created_at).",
		"WHERE $__timeFilter()":          "$__timeFilter() needs a timestamp column, e.g. $__timeFilter(created_at).",
		"WHERE $__timeFilter(created_at": "Close the parenthesis of $__timeFilter(…), e.g. $__timeFilter(created_at).",
	}
	for in, want := range cases {
		_, err := ExpandMacros(in, mFrom, mTo, time.Minute)
		if _, ok := err.(*MacroError); !ok || err.Error() != want {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
}

func TestIntervalIsAtLeastOneMillisecond(t *testing.T) {
	out, _ := ExpandMacros("$__interval_ms", mFrom, mTo, 0)
	if out != "1" {
		t.Errorf("got %q", out)
	}
	if out, _ := ExpandMacros("date_bin($__interval, t)", mFrom, mTo, time.Hour); !strings.Contains(out, "INTERVAL '3600000 milliseconds'") {
		t.Errorf("got %q", out)
	}
}
