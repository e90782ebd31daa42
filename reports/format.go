package reports

import (
	"fmt"
	"strconv"
	"time"
)

// Count formats an integer with thousands separators: 1234567 → "1,234,567".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// MB formats bytes as decimal megabytes with one decimal: "382.1".
func MB(bytes int64) string { return fmt.Sprintf("%.1f", float64(bytes)/1e6) }

// Seconds formats a duration in seconds with precision that suits its size.
func Seconds(s float64) string {
	switch {
	case s < 10:
		return fmt.Sprintf("%.2f", s)
	case s < 100:
		return fmt.Sprintf("%.1f", s)
	}
	return fmt.Sprintf("%.0f", s)
}

// Rate formats a per-second rate compactly: 1234567 → "1.23M".
func Rate(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2fG", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

// Times formats a ratio as a multiple with two decimals, "1.37×", or ""
// when there is none (0).
func Times(ratio float64) string {
	if ratio <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2f×", ratio)
}

// Clock formats a duration as h:mm:ss for ETAs.
func Clock(d time.Duration) string {
	d = d.Round(time.Second)
	h := d / time.Hour
	m := (d % time.Hour) / time.Minute
	s := (d % time.Minute) / time.Second
	return fmt.Sprintf("%d:%02d:%02d", h, m, s)
}

// Duration formats seconds with a unit that suits their size: "0.42ms",
// "12.3ms", "1.23s", "84.1s", "312s".
func Duration(s float64) string {
	switch {
	case s < 0.01:
		return fmt.Sprintf("%.2fms", s*1e3)
	case s < 1:
		return fmt.Sprintf("%.1fms", s*1e3)
	}
	return Seconds(s) + "s"
}
