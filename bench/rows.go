package bench

// GridRow is one row of a bench grid as every rendering shows it: a
// workload at one settings point, with each target's cell side by side.
type GridRow struct {
	First *Cell   // the row's first cell in run order: its workload and settings
	Cells []*Cell // one per target, in the result's target order; nil where that target has none
}

// Rows pivots the cells into grid rows, in the order the grid ran them.
func (r *Result) Rows() []GridRow {
	index := map[string]int{} // Cell.Row → position in rows
	var rows []GridRow
	for _, c := range r.Cells {
		i, ok := index[c.Row()]
		if !ok {
			i = len(rows)
			index[c.Row()] = i
			rows = append(rows, GridRow{First: c, Cells: make([]*Cell, len(r.Targets))})
		}
		for t, target := range r.Targets {
			if target.Label == c.Target {
				rows[i].Cells[t] = c
			}
		}
	}
	return rows
}
