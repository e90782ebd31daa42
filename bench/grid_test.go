package bench

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseSetting(t *testing.T) {
	tests := []struct {
		in      string
		want    Setting
		wantErr string
	}{
		{in: "sort_buffer_size=256K,2M", want: Setting{"sort_buffer_size", []string{"256K", "2M"}}},
		{in: " Sort_Buffer_Size = 256K , 2M ", want: Setting{"sort_buffer_size", []string{"256K", "2M"}}},
		{in: "internal_tmp_mem_storage_engine=TempTable,MEMORY", want: Setting{"internal_tmp_mem_storage_engine", []string{"TempTable", "MEMORY"}}},
		{in: "optimizer_switch=index_merge=off", want: Setting{"optimizer_switch", []string{"index_merge=off"}}},
		{in: "long_query_time=1", want: Setting{"long_query_time", []string{"1"}}},
		{in: "sort_buffer_size", wantErr: "--set sort_buffer_size: no '=' (want VAR=V1,V2,...)"},
		{in: "sort_buffer_size=", wantErr: "--set sort_buffer_size=: no values (want VAR=V1,V2,...)"},
		{in: "sort_buffer_size= ", wantErr: "no values"},
		{in: "sort_buffer_size=256K,,2M", wantErr: "--set sort_buffer_size=256K,,2M: empty value"},
		{in: "sort_buffer_size=256K,", wantErr: "empty value"},
		{in: "=1", wantErr: `--set =1: invalid variable name ""`},
		{in: "@@sort_buffer_size=1", wantErr: `invalid variable name "@@sort_buffer_size"`},
		{in: "keycache.key_buffer_size=1", wantErr: "invalid variable name"},
		{in: "sort-buffer-size=1", wantErr: "invalid variable name"},
		{in: "sort_buffer_size=256K,256K", wantErr: "value 256K repeats 256K"},
		{in: "sort_buffer_size=256K,262144", wantErr: "--set sort_buffer_size=256K,262144: value 262144 repeats 256K (list each value once)"},
		{in: "big_tables=ON,on", wantErr: "value on repeats ON"},
	}
	for _, tc := range tests {
		got, err := ParseSetting(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseSetting(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSetting(%q): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseSetting(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestAssignmentSQLValue(t *testing.T) {
	tests := []struct {
		value, want string
	}{
		{"256K", "262144"},
		{"2MiB", "2097152"},
		{"262144", "262144"},
		{"0", "0"},
		{"-1", "-1"},
		{"0.5", "0.5"},
		{".5", ".5"},
		{"ON", "ON"},
		{"off", "off"},
		{"TempTable", "TempTable"},
		{"DEFAULT", "DEFAULT"},
		{"_x9", "_x9"},
		{"9x", "'9x'"},
		{"1.2.3", "'1.2.3'"},
		{"-", "'-'"},
		{".", "'.'"},
		{"1e3", "'1e3'"},
		{"+00:00", "'+00:00'"},
		{"index_merge=off", "'index_merge=off'"},
		{"STRICT_ALL_TABLES", "STRICT_ALL_TABLES"},
		{"it's", "'it''s'"},
		{`C:\tmp`, `'C:\\tmp'`},
		{`\'`, `'\\'''`},
		{"a\x00b", `'a\0b'`},
		{"été", "'été'"},
		{"", "''"},
	}
	for _, tc := range tests {
		a := Assignment{Name: "v", Value: tc.value}
		if got := a.SQLValue(); got != tc.want {
			t.Errorf("Assignment{%q}.SQLValue() = %s, want %s", tc.value, got, tc.want)
		}
	}
}

func TestSettingsString(t *testing.T) {
	tests := []struct {
		in   Settings
		want string
	}{
		{nil, "defaults"},
		{Settings{}, "defaults"},
		{Settings{{"sort_buffer_size", "256K"}}, "sort_buffer_size=256K"},
		{Settings{{"sort_buffer_size", "256K"}, {"temptable_max_ram", "2M"}}, "sort_buffer_size=256K temptable_max_ram=2M"},
	}
	for _, tc := range tests {
		if got := tc.in.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSettingsGet(t *testing.T) {
	s := Settings{{"sort_buffer_size", "256K"}, {"temptable_max_ram", "2M"}}
	tests := []struct {
		name   string
		want   string
		wantOK bool
	}{
		{"sort_buffer_size", "256K", true},
		{"TEMPTABLE_MAX_RAM", "2M", true},
		{"join_buffer_size", "", false},
	}
	for _, tc := range tests {
		got, ok := s.Get(tc.name)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("Get(%q) = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestGrid(t *testing.T) {
	a := Setting{"a", []string{"1", "2"}}
	b := Setting{"b", []string{"x", "y", "z"}}
	c := Setting{"c", []string{"on"}}
	tests := []struct {
		name     string
		settings []Setting
		want     []string
	}{
		{"none", nil, []string{"defaults"}},
		{"one", []Setting{a}, []string{"a=1", "a=2"}},
		{"two", []Setting{a, b}, []string{"a=1 b=x", "a=1 b=y", "a=1 b=z", "a=2 b=x", "a=2 b=y", "a=2 b=z"}},
		{"order given", []Setting{b, a}, []string{"b=x a=1", "b=x a=2", "b=y a=1", "b=y a=2", "b=z a=1", "b=z a=2"}},
		{"three", []Setting{a, c, b}, []string{"a=1 c=on b=x", "a=1 c=on b=y", "a=1 c=on b=z", "a=2 c=on b=x", "a=2 c=on b=y", "a=2 c=on b=z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			grid, err := Grid(tc.settings)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(grid))
			for i, s := range grid {
				got[i] = s.String()
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Grid = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestGridCellsAreIndependent(t *testing.T) {
	grid, err := Grid([]Setting{{"a", []string{"1", "2"}}, {"b", []string{"x", "y"}}})
	if err != nil {
		t.Fatal(err)
	}
	grid[0][1].Value = "changed"
	if got := grid[1][1].Value; got != "y" {
		t.Errorf("changing one cell changed another: grid[1] = %v", grid[1])
	}
}

func TestGridErrors(t *testing.T) {
	values := func(n int) []string {
		v := make([]string, n)
		for i := range v {
			v[i] = fmt.Sprint(i)
		}
		return v
	}
	tests := []struct {
		name     string
		settings []Setting
		wantErr  string
	}{
		{"duplicate", []Setting{{"a", []string{"1"}}, {"b", []string{"1"}}, {"a", []string{"2"}}},
			"--set a given twice (list all its values in one flag: a=V1,V2,...)"},
		{"duplicate in another case", []Setting{{"a", []string{"1"}}, {"A", []string{"2"}}}, "--set A given twice"},
		{"no values", []Setting{{"a", nil}}, "--set a: no values"},
		{"too many cells", []Setting{{"a", values(40)}, {"b", values(30)}},
			"grid has more than 1000 cells (40 a x 30 b): try fewer values per --set or fewer --set flags"},
		{"one long setting", []Setting{{"a", values(1001)}, {"b", values(2)}}, "more than 1000 cells (1001 a x 2 b)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Grid(tc.settings)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Grid error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
	grid, err := Grid([]Setting{{"a", values(10)}, {"b", values(100)}})
	if err != nil || len(grid) != 1000 {
		t.Errorf("Grid of exactly 1000 cells = %d cells, %v; want 1000, nil", len(grid), err)
	}
}
