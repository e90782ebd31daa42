package querylog

import "strings"

// keywords are the words Fingerprint lower-cases: MySQL's and MariaDB's
// reserved words and the non-reserved ones that queries commonly use. A
// word of the list is written the same way whatever it stands for: a table
// named like one (FROM Status) loses its case, which on a server with
// case-sensitive table names can put two tables' queries in one class.
var keywords = words(`
	accessible action add after against algorithm all alter always analyze and any as asc ascii
	asensitive at auto_increment avg_row_length before begin between bigint binary bit blob bool
	boolean both btree by call cascade cascaded case change char character charset check checksum
	collate collation column columns comment commit committed compact compressed concurrent
	condition consistent constraint contains continue convert create cross cube current
	current_date current_time current_timestamp current_user cursor data database databases date
	datetime day day_hour day_microsecond day_minute day_second deallocate dec decimal declare
	default definer delayed delete desc describe deterministic disable distinct distinctrow div do
	double drop dual duplicate dynamic each else elseif empty enable enclosed end engine engines
	enum errors escape escaped event events except exchange execute exists exit expansion explain
	extended false fetch fields first fixed float float4 float8 flush following for force foreign
	format from full fulltext function general generated geometry get global grant grants group
	grouping groups handler hash having help high_priority hour hour_microsecond hour_minute
	hour_second identified if ignore in index indexes infile inner inout insensitive insert
	install int int1 int2 int3 int4 int8 integer intersect interval into invisible invoker
	io_after_gtids io_before_gtids is isolation iterate join json json_table key keys kill
	language last lateral leading leave left less level like limit linear lines load local
	localtime localtimestamp lock locked logs long longblob longtext loop low_priority master
	match maxvalue medium mediumblob mediumint mediumtext member merge microsecond middleint
	minute minute_microsecond minute_second mod mode modifies modify month names national
	natural nchar next no no_write_to_binlog none not nowait null numeric of offset on only open
	optimize optimizer_costs option optionally or order out outer outfile over parser partial
	partition partitions password persist persist_only plugin plugins precedes preceding
	precision prepare primary privileges procedure processlist purge quarter query quick range
	read read_write reads real rebuild recursive redundant references regexp release reload
	rename reorganize repair repeat repeatable replace replica replicas require reset resignal
	restrict return returning returns revoke right rlike role rollback rollup row rows savepoint
	schema schemas second second_microsecond security select sensitive separator serializable
	session set share show shutdown signal signed simple skip slave smallint snapshot some
	spatial specific sql sql_big_result sql_buffer_result sql_cache sql_calc_found_rows
	sql_no_cache sql_small_result sqlexception sqlstate sqlwarning ssl start starting status
	stop storage stored straight_join subpartition super system table tables temporary
	temptable terminated text than then time timestamp tinyblob tinyint tinytext to trailing
	transaction trigger triggers true truncate type unbounded uncommitted undefined undo
	uninstall union unique unknown unlock unsigned until update usage use user using utc_date
	utc_time utc_timestamp value values varbinary varchar varcharacter variables varying view
	virtual visible wait warnings week when where while window with without work write xa xor
	year year_month zerofill`)

// functions are the words Fingerprint lower-cases and writes right against
// their '(': the built-in functions queries commonly call. Function names
// do not depend on case.
var functions = words(`
	abs acos adddate addtime aes_decrypt aes_encrypt any_value asin atan atan2 avg benchmark
	bin bin_to_uuid bit_and bit_count bit_length bit_or bit_xor cast ceil ceiling char_length
	character_length coalesce coercibility compress concat concat_ws connection_id conv
	convert_tz cos cot count crc32 cume_dist curdate curtime date_add date_format date_sub
	datediff dayname dayofmonth dayofweek dayofyear degrees dense_rank elt exp export_set
	extract field find_in_set first_value floor found_rows from_base64 from_days from_unixtime
	get_format get_lock greatest group_concat hex ifnull inet6_aton inet6_ntoa inet_aton
	inet_ntoa instr is_free_lock is_used_lock isnull json_array json_arrayagg json_contains
	json_contains_path json_depth json_extract json_insert json_keys json_length json_merge_patch
	json_merge_preserve json_object json_objectagg json_overlaps json_pretty json_quote
	json_remove json_replace json_search json_set json_type json_unquote json_valid json_value
	lag last_day last_insert_id last_value lcase lead least length ln log log10 log2 lower lpad
	ltrim make_set makedate maketime max md5 mid min monthname now nth_value ntile nullif oct
	octet_length ord percent_rank period_add period_diff pi position pow power quote radians
	rand rank regexp_instr regexp_like regexp_replace regexp_substr release_lock reverse round
	row_count row_number rpad rtrim sec_to_time session_user sha sha1 sha2 sign sin sleep
	soundex space sqrt st_contains st_distance st_distance_sphere st_geomfromtext st_within
	std stddev stddev_pop stddev_samp str_to_date strcmp subdate substr substring
	substring_index subtime sum sysdate system_user tan time_format time_to_sec timediff
	timestampadd timestampdiff to_base64 to_days to_seconds trim ucase uncompress unhex
	unix_timestamp upper uuid uuid_short uuid_to_bin var_pop var_samp variance version weekday
	weekofyear yearweek
	char database date day hour if insert left microsecond minute mod month quarter repeat
	replace right row schema second time timestamp truncate user values week year`)

func words(list string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}
