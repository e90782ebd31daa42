package reports

// Combine makes one report of several results, a section each in the
// order given: the extract, verify and bench results of one migration
// rehearsal, say. A combined report among them contributes its sections.
// The report's status is its worst section's (failed or interrupted, then
// different or regression, then anything unknown, then ok, equal or same), so
// that a glance at the top tells whether any part needs reading; it
// started when its first section did and took as long as the sections
// together.
func Combine(title, version string, sections []*Report) *Report {
	r := &Report{Command: CommandCombined, Title: title, Version: version, Status: "ok"}
	for _, s := range sections {
		if s.Command == CommandCombined {
			r.Sections = append(r.Sections, s.Sections...)
			continue
		}
		r.Sections = append(r.Sections, s)
	}
	worst := -1
	for _, s := range r.Sections {
		if rank := statusRank(s.Status); rank > worst {
			worst, r.Status = rank, s.Status
		}
		if !s.Started.IsZero() && (r.Started.IsZero() || s.Started.Before(r.Started)) {
			r.Started = s.Started
		}
		r.Seconds += s.Seconds
	}
	return r
}

// statusRank orders statuses from good to bad.
func statusRank(status string) int {
	switch status {
	case "ok", "equal", "same":
		return 0
	case "different", "regression":
		return 2
	case "failed", "interrupted":
		return 3
	}
	return 1
}
