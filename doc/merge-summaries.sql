-- merge-summaries.sql: merge perf-reporter summaries that hold histograms only (written by
-- `perf-reporter summarize --exact-limit 0`) in DuckDB, as `perf-reporter summarize A B ...`
-- merges them (SPEC section 18; the format: perf-reporter(1), SUMMARY FORMAT).
--
-- Usage (written for DuckDB 1.5, tested with 1.5.6 from npm's @duckdb/node-api; the CLI, or
-- any client that runs a script):
--   SET VARIABLE files = ['host1.sum', 'host2.sum'];   -- the summaries, in merge order
--   SET VARIABLE output = 'merged.sum';                 -- the merged summary, overwritten
--   .read doc/merge-summaries.sql                       -- (CLI; or run the file's text)
--
-- What it does, line by line of the output:
--   * the header: the inputs' common bucket, accuracy, by and unit; exact_limit the smallest
--     of theirs (perf-reporter's rule);
--   * one line per (bucket_start, group) found in any input: count, failed and the histogram's
--     zeros added; min the smallest, max the largest; mean and m2 by Chan, Golub and LeVeque's
--     pairwise formula, folded over the inputs in the order of `files` (the order
--     perf-reporter merges in, so the doubles are the very ones it computes); the histogram
--     counts added bucket index by bucket index (offset + i), then written from the lowest
--     non-zero index to the highest (zeros between, none at either end; no counts at all:
--     offset 0 and []);
--   * numbers with 17 significant digits (printf %.17g), the group as perf-reporter writes it
--     ({"KEY": "VALUE", ...}, keys in the header's order), lines sorted by bucket_start, then
--     bytewise by that group text.
--
-- Refusals: the inputs must agree on the format version (1), bucket, accuracy, unit and
-- `by`, every file must hold one header, every data line a histogram (none with "values"),
-- with the header's keys in its group. Anything else stops the script with an SQL error
-- ("Invalid Input Error: merge-summaries.sql: ...") that names the file and the difference,
-- before the output is written: `output` is then left as it was. A client that runs on past
-- an error meets the same message again in the COPY, which then writes nothing (an output
-- that was not there may be left empty).
--
-- The same shape runs on other engines: ClickHouse (JSONEachRow, arrayFold for the pairwise
-- fold, arrayJoin for the counts) or Spark SQL (from_json, aggregate() for the fold, posexplode
-- for the counts); where the fold is not at hand, the k-way form of the same formula,
-- mean = sum(n_i * mean_i) / n and m2 = sum(m2_i) + sum(n_i * (mean_i - mean)^2), agrees with
-- it within 1e-12 relatively.

-- Every line of every input: the header's keys and the data line's, absent ones NULL. Extra
-- keys on a data line are ignored, as perf-reporter ignores them.
CREATE OR REPLACE TEMP TABLE mss_raw AS
SELECT *,
       coalesce(list_position(getvariable('files'), filename), 0) AS file_no
FROM read_json(getvariable('files'),
    format = 'newline_delimited', auto_detect = false, filename = true,
    maximum_object_size = 67108864,
    columns = {
        perf_reporter_summary: 'BIGINT', bucket: 'VARCHAR', accuracy: 'DOUBLE',
        exact_limit: 'BIGINT', "by": 'VARCHAR[]', unit: 'VARCHAR',
        bucket_start: 'VARCHAR', "group": 'MAP(VARCHAR, VARCHAR)', count: 'BIGINT',
        failed: 'BIGINT', "min": 'DOUBLE', "max": 'DOUBLE', mean: 'DOUBLE', m2: 'DOUBLE',
        "values": 'JSON',
        histogram: 'STRUCT(gamma DOUBLE, "offset" BIGINT, counts UBIGINT[], zeros UBIGINT)'
    });

-- One header per file, and the first file's header as the reference.
CREATE OR REPLACE TEMP TABLE mss_head AS
SELECT filename, file_no, perf_reporter_summary AS version, bucket, accuracy, exact_limit,
       "by", unit
FROM mss_raw
WHERE perf_reporter_summary IS NOT NULL;

-- The first reason the inputs cannot be merged here, or NULL.
CREATE OR REPLACE TEMP MACRO mss_problem() AS (
    WITH ref AS (SELECT * FROM mss_head ORDER BY file_no, filename LIMIT 1),
    files AS (SELECT DISTINCT filename FROM mss_raw),
    problems AS (
        SELECT 1 AS k, 'no summary among the files' AS why
        WHERE NOT EXISTS (SELECT 1 FROM mss_head)
        UNION ALL
        SELECT 2, f.filename || ' has no summary header (its first line names '
                  || '"perf_reporter_summary")'
        FROM files f WHERE f.filename NOT IN (SELECT filename FROM mss_head)
        UNION ALL
        SELECT 3, filename || ' holds ' || count(*) || ' summary headers (summaries are '
                  || 'named one per file, not concatenated)'
        FROM mss_head GROUP BY filename HAVING count(*) > 1
        UNION ALL
        SELECT 4, h.filename || ' is summary version ' || h.version || '; this script reads '
                  || 'version 1'
        FROM mss_head h WHERE h.version <> 1
        UNION ALL
        SELECT 5, h.filename || ' has bucket ' || h.bucket || ' and ' || r.filename
                  || ' bucket ' || r.bucket || '; summaries merge only with the same bucket'
        FROM mss_head h, ref r WHERE h.bucket IS DISTINCT FROM r.bucket
        UNION ALL
        SELECT 6, h.filename || ' has accuracy ' || printf('%.17g', h.accuracy) || ' and '
                  || r.filename || ' accuracy ' || printf('%.17g', r.accuracy)
                  || '; summaries merge only with the same accuracy'
        FROM mss_head h, ref r WHERE h.accuracy IS DISTINCT FROM r.accuracy
        UNION ALL
        SELECT 7, h.filename || ' has unit "' || h.unit || '" and ' || r.filename || ' unit "'
                  || r.unit || '"; summaries merge only with the same unit'
        FROM mss_head h, ref r WHERE h.unit IS DISTINCT FROM r.unit
        UNION ALL
        SELECT 8, h.filename || ' and ' || r.filename || ' are grouped by different keys '
                  || '("by"); summaries merge only with the same keys in the same order'
        FROM mss_head h, ref r WHERE h."by" IS DISTINCT FROM r."by"
        UNION ALL
        SELECT 9, d.filename || ': a line for ' || d.bucket_start || ' holds "values": this '
                  || 'script merges histograms only (write the summaries with '
                  || 'perf-reporter summarize --exact-limit 0)'
        FROM mss_raw d WHERE d.perf_reporter_summary IS NULL AND d."values" IS NOT NULL
        UNION ALL
        SELECT 10, d.filename || ': a line for ' || coalesce(d.bucket_start, '(no bucket_start)')
                  || ' lacks bucket_start, group, a count or a histogram'
        FROM mss_raw d
        WHERE d.perf_reporter_summary IS NULL AND d."values" IS NULL
          AND (d.bucket_start IS NULL OR d."group" IS NULL OR d.count IS NULL
               OR d.failed IS NULL OR d.mean IS NULL OR d.m2 IS NULL OR d.histogram IS NULL
               OR d.histogram.counts IS NULL OR d.histogram.zeros IS NULL)
        UNION ALL
        SELECT 11, d.filename || ': the group of a line for ' || d.bucket_start
                  || ' does not have exactly the header''s keys ' || array_to_string(r."by", ', ')
        FROM mss_raw d, ref r
        WHERE d.perf_reporter_summary IS NULL AND d."group" IS NOT NULL
          AND list_sort(map_keys(d."group")) IS DISTINCT FROM list_sort(r."by")
        UNION ALL
        SELECT 12, d.filename || ': a histogram''s gamma ' || printf('%.17g', d.histogram.gamma)
                  || ' is not (1 + accuracy) / (1 - accuracy) of ' || r.filename
        FROM mss_raw d, ref r
        WHERE d.perf_reporter_summary IS NULL AND d.histogram IS NOT NULL
          AND NOT abs(d.histogram.gamma - (1 + r.accuracy) / (1 - r.accuracy))
                  <= 1e-12 * (1 + r.accuracy) / (1 - r.accuracy)
    )
    SELECT 'merge-summaries.sql: ' || why FROM problems ORDER BY k, why LIMIT 1
);

-- Stop here when the inputs do not merge (error() raises the message).
SELECT CASE WHEN mss_problem() IS NOT NULL THEN error(mss_problem()) END AS checked;

-- The data lines with their group's text as perf-reporter writes it (the sort key too).
CREATE OR REPLACE TEMP TABLE mss_line AS
SELECT d.file_no, d.filename,
       strptime(d.bucket_start, ['%Y-%m-%dT%H:%M:%S.%gZ', '%Y-%m-%dT%H:%M:%SZ']) AS bstart,
       '{' || array_to_string(list_transform(r."by",
           lambda k: to_json(k)::VARCHAR || ': ' || to_json(d."group"[k])::VARCHAR),
           ', ') || '}' AS gtext,
       d.count, d.failed, d."min", d."max", d.mean, d.m2, d.histogram AS h
FROM mss_raw d, (SELECT "by" FROM mss_head ORDER BY file_no, filename LIMIT 1) r
WHERE d.perf_reporter_summary IS NULL;

-- Counters per (bucket, group): mean and m2 folded pairwise in file order, as
-- summary_line_chan does it (the same operations in the same order).
CREATE OR REPLACE TEMP TABLE mss_counters AS
SELECT bstart, gtext, sum(count) AS count, sum(failed) AS failed, min("min") AS lo,
       max("max") AS hi, sum(h.zeros) AS zeros, any_value(h.gamma) AS gamma,
       list_reduce(
           list({'n': count::DOUBLE, 'mean': mean, 'm2': m2} ORDER BY file_no, filename),
           lambda a, b: {
               'n': a.n + b.n,
               'mean': a.mean + (b.mean - a.mean) * (b.n / (a.n + b.n)),
               'm2': a.m2 + (b.m2 + (b.mean - a.mean) * (b.mean - a.mean)
                              * (a.n / (a.n + b.n)) * b.n)
           }) AS moments
FROM mss_line
GROUP BY bstart, gtext;

-- The histogram counts added per bucket index.
CREATE OR REPLACE TEMP TABLE mss_bins AS
SELECT bstart, gtext, k, sum(c) AS c
FROM (SELECT bstart, gtext, h."offset" + generate_subscripts(h.counts, 1) - 1 AS k,
             unnest(h.counts) AS c
      FROM mss_line)
WHERE c > 0
GROUP BY bstart, gtext, k;

-- Each histogram from its lowest bucket with a count to its highest, zeros between.
CREATE OR REPLACE TEMP TABLE mss_hist AS
WITH span AS (
    SELECT bstart, gtext, unnest(range(min(k), max(k) + 1)) AS k
    FROM mss_bins GROUP BY bstart, gtext
)
SELECT s.bstart, s.gtext, min(s.k) AS "offset",
       list(coalesce(b.c, 0) ORDER BY s.k) AS counts
FROM span s LEFT JOIN mss_bins b USING (bstart, gtext, k)
GROUP BY s.bstart, s.gtext;

-- A number as perf-reporter writes it: 17 significant digits.
CREATE OR REPLACE TEMP MACRO mss_num(x) AS printf('%.17g', x);

-- The merged summary: the header, then the lines in (bucket_start, group text) order. The
-- header line carries the check again, so that the COPY fails with the same message when
-- the script was run on past the error above.
COPY (
    SELECT line FROM (
        SELECT 0 AS part, NULL::TIMESTAMP AS bstart, NULL::VARCHAR AS gtext,
               coalesce(CASE WHEN mss_problem() IS NOT NULL THEN error(mss_problem()) END, '')
               ||
               '{"perf_reporter_summary": 1, "bucket": "' || r.bucket
               || '", "accuracy": ' || mss_num(r.accuracy)
               || ', "exact_limit": ' || (SELECT min(exact_limit) FROM mss_head)
               || ', "by": [' || array_to_string(list_transform(r."by",
                      lambda k: to_json(k)::VARCHAR), ', ')
               || '], "unit": ' || to_json(r.unit)::VARCHAR || '}' AS line
        FROM (SELECT * FROM mss_head ORDER BY file_no, filename LIMIT 1) r
        UNION ALL
        SELECT 1, c.bstart, c.gtext,
               '{"bucket_start": "' || strftime(c.bstart, '%Y-%m-%dT%H:%M:%S.%gZ')
               || '", "group": ' || c.gtext
               || ', "count": ' || c.count || ', "failed": ' || c.failed
               || ', "min": ' || mss_num(c.lo) || ', "max": ' || mss_num(c.hi)
               || ', "mean": ' || mss_num(c.moments.mean)
               || ', "m2": ' || mss_num(c.moments.m2)
               || ', "histogram": {"gamma": ' || mss_num(c.gamma)
               || ', "offset": ' || coalesce(hs."offset", 0)
               || ', "counts": [' || coalesce(array_to_string(hs.counts, ', '), '')
               || '], "zeros": ' || c.zeros || '}}'
        FROM mss_counters c LEFT JOIN mss_hist hs USING (bstart, gtext)
    )
    ORDER BY part, bstart, gtext
) TO (getvariable('output')) (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\t');
