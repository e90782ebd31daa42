package bench

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"sort_buffer_size", "join_buffer_size", "read_buffer_size", "tmp_table_size", "temptable_max_ram", "temptable_max_mmap", "max_heap_table_size"}
	tests := []struct {
		name string
		want string
		ok   bool
	}{
		{"sort_bufer_size", "sort_buffer_size", true},
		{"SORT_BUFFER_SIZ", "sort_buffer_size", true},
		{"temptable_max_rm", "temptable_max_ram", true},
		{"tmp_tabel_size", "tmp_table_size", true},
		{"temptable_max_mmpa", "temptable_max_mmap", true},
		{"innodb_flush_method", "", false},
		{"x", "", false},
	}
	for _, tt := range tests {
		got, ok := closest(tt.name, names)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("closest(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3}, {"sort_bufer_size", "sort_buffer_size", 1}, {"ab", "ba", 2}}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
