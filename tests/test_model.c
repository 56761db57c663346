/*
 * test_model.c: the model and the instance parser: time parsing, defaults, interning, symmetric
 * relations, time zones, and that docs/scoring.md and salle_weights_default() agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static salle_instance *parse(const char *json)
{
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(json, strlen(json), "t.json", &err);
    if (!inst)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    return inst;
}

/* Expects an error at the first occurrence of marker (after skip occurrences) on line 1. */
static void parse_error(const char *json, const char *marker, const char *msg)
{
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(json, strlen(json), "t.json", &err);
    assert_null(inst);
    assert_string_equal(err.msg, msg);
    const char *at = strstr(json, marker);
    assert_non_null(at);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, (int)(at - json) + 1);
}

#define HEAD "{\"salle\":1,\"event\":{\"name\":\"E\",\"timezone\":\"Europe/Paris\",\"days\":[\"2018-11-12\",\"2018-11-13\"]},"

static void test_durations(void **state)
{
    (void)state;
    assert_int_equal(salle__parse_duration("90"), 90);
    assert_int_equal(salle__parse_duration("1h30"), 90);
    assert_int_equal(salle__parse_duration("1h30m"), 90);
    assert_int_equal(salle__parse_duration("1h"), 60);
    assert_int_equal(salle__parse_duration("45m"), 45);
    assert_int_equal(salle__parse_duration("1:30"), 90);
    assert_int_equal(salle__parse_duration("1:3"), -1);
    assert_int_equal(salle__parse_duration("h"), -1);
    assert_int_equal(salle__parse_duration(""), -1);
    assert_int_equal(salle__parse_duration("1h75"), -1);
    assert_int_equal(salle__parse_duration("90 min"), -1);
}

static void test_clock_and_dates(void **state)
{
    (void)state;
    assert_int_equal(salle__parse_clock("09:30"), 570);
    assert_int_equal(salle__parse_clock("24:00"), 1440);
    assert_int_equal(salle__parse_clock("24:01"), -1);
    assert_int_equal(salle__parse_clock("9:30"), -1);
    assert_int_equal(salle__parse_clock("09:60"), -1);
    assert_int_equal(salle__parse_date("1970-01-01"), 0);
    assert_int_equal(salle__parse_date("2018-11-12") - salle__parse_date("2018-11-11"), 1);
    assert_int_equal(salle__parse_date("2019-02-29"), INT_MIN);
    assert_int_not_equal(salle__parse_date("2020-02-29"), INT_MIN);
    assert_int_equal(salle__weekday(salle__parse_date("2018-11-13")), 1); /* a Tuesday */
}

static void test_defaults_and_windows(void **state)
{
    (void)state;
    salle_instance *inst = parse(HEAD
        "\"rooms\":[{\"id\":\"r1\",\"capacity\":10},"
        "{\"id\":\"r2\",\"capacity\":20,\"available\":[{\"day\":\"2018-11-13\",\"start\":\"10:00\",\"end\":\"12:00\"},{\"start\":\"14:00\",\"end\":\"15:00\"}]}],"
        "\"sessions\":[{\"id\":\"a\",\"duration\":\"1h\",\"not_with\":[\"b\"]},{\"id\":\"b\",\"duration\":30}],"
        "\"interest\":[[\"a\",\"b\"],[\"a\"],[\"a\",\"a\"]]}");
    assert_int_equal(inst->event.grid, 5);
    assert_int_equal(inst->event.changeover, 10);
    assert_int_equal(inst->event.day_offset[1], 1440);
    /* r1 defaults to the opening hours 09:00-18:00 of both days */
    assert_int_equal(inst->rooms[0].available.n, 2);
    assert_int_equal(inst->rooms[0].available.w[1].start, 1440 + 540);
    assert_int_equal(inst->rooms[0].available.w[1].end, 1440 + 1080);
    assert_int_equal(inst->rooms[0].changeover, 10);
    /* r2: one window on day 2 and one every day, sorted */
    assert_int_equal(inst->rooms[1].available.n, 3);
    assert_int_equal(inst->rooms[1].available.w[0].start, 840);
    assert_int_equal(inst->rooms[1].available.w[1].start, 1440 + 600);
    assert_int_equal(inst->rooms[1].available.w[2].start, 1440 + 840);
    /* not_with is made symmetric */
    assert_int_equal(inst->sessions[1].not_with.n, 1);
    assert_int_equal(inst->sessions[1].not_with.v[0], 0);
    /* attendance counted from interest, a set naming a session twice counts once */
    assert_int_equal(inst->sessions[0].attendance, 3);
    assert_int_equal(inst->sessions[1].attendance, 1);
    assert_int_equal(inst->sessions[0].allowed.any, 1);
    assert_int_equal(salle_instance_session(inst, "b"), 1);
    assert_int_equal(salle_instance_room(inst, "r2"), 1);
    assert_int_equal(salle_instance_room(inst, "nope"), -1);
    char buf[32];
    assert_string_equal(salle_time_iso(inst, 1440 + 570, buf), "2018-11-13T09:30");
    assert_string_equal(salle_time_human(inst, 1440 + 570, buf), "Tue 09:30");
    int t;
    assert_int_equal(salle_time_parse_iso(inst, "2018-11-13T09:30", &t), 0);
    assert_int_equal(t, 1440 + 570);
    assert_int_equal(salle_time_parse_iso(inst, "2018-11-14T09:30", &t), -1);
    salle_instance_free(inst);
}

static void test_time_zones(void **state)
{
    (void)state;
    /* Paris is UTC+1 in November; Los Angeles UTC-8: a remote speaker there is 9 hours behind. */
    salle_instance *inst = parse(HEAD
        "\"rooms\":[{\"id\":\"r1\",\"capacity\":10}],"
        "\"people\":[{\"id\":\"p\",\"remote\":true,\"timezone\":\"America/Los_Angeles\"}],"
        "\"sessions\":[{\"id\":\"a\",\"duration\":60,\"speakers\":[\"p\"]}]}");
    assert_non_null(inst->people[0].local_shift);
    assert_int_equal(inst->people[0].local_shift[0], -9 * 60);
    assert_int_equal(inst->people[0].remote, 1);
    assert_int_equal(inst->sessions[0].people.n, 1);
    salle_instance_free(inst);
}

/* Time-zone offsets from several threads at once (a server loads and exports concurrently): more
 * zones and days than the cache holds, so threads look up, evict and refill it together; every
 * answer must be the one a single thread gets. */
static const char *const zones[] = {"Europe/Paris", "America/Los_Angeles", "Asia/Kolkata",
                                    "Australia/Sydney", "America/Sao_Paulo", "Africa/Nairobi"};
#define TZ_DAYS 40

static void *tz_worker(void *arg)
{
    const int *want = arg;
    for (int round = 0; round < 20; round++)
        for (int z = 0; z < 6; z++)
            for (int d = 0; d < TZ_DAYS; d++) {
                int ok = 0, off = salle__tz_offset(zones[z], 17800 + d * 9, &ok);
                if (!ok || off != want[z * TZ_DAYS + d])
                    return (void *)1;
            }
    return NULL;
}

static void test_time_zones_threads(void **state)
{
    (void)state;
    static int want[6 * TZ_DAYS];
    for (int z = 0; z < 6; z++)
        for (int d = 0; d < TZ_DAYS; d++) {
            int ok = 0;
            want[z * TZ_DAYS + d] = salle__tz_offset(zones[z], 17800 + d * 9, &ok);
            assert_int_equal(ok, 1);
        }
    assert_int_equal(want[0], 120);             /* Paris, 2018-09-26: CEST */
    assert_int_equal(want[TZ_DAYS + 10], -480); /* Los Angeles, 2018-12-25: PST */
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, tz_worker, want), 0);
    for (int i = 0; i < 4; i++) {
        void *bad = NULL;
        pthread_join(th[i], &bad);
        assert_null(bad);
    }
}

static void test_errors(void **state)
{
    (void)state;
    parse_error("{\"salle\":2}", "2", "unsupported format version; this salle reads \"salle\": 1");
    parse_error(HEAD "\"rooms\":[{\"id\":\"r1\",\"capacity\":0}],\"sessions\":[]}", "0}",
                "\"capacity\" of room \"r1\" must be at least 1, not 0");
    parse_error(HEAD "\"rooms\":[{\"id\":\"r1\",\"capacity\":5}],\"sessions\":[{\"id\":\"a\",\"duration\":7}]}",
                "7}", "the duration of session \"a\" (7 minutes) is not a multiple of the event's 5-minute grid");
    parse_error(HEAD "\"rooms\":[{\"id\":\"r1\",\"capacity\":5}],\"sessions\":[{\"id\":\"a\",\"duration\":5,\"rooms\":[\"r9\"]}]}",
                "\"r9", "unknown room \"r9\" in \"rooms\" of session \"a\"; no room has this id");
    parse_error(HEAD "\"rooms\":[{\"id\":\"r1\",\"capacity\":5}],\"sessions\":[{\"id\":\"a\"}]}",
                "{\"id\":\"a\"", "session \"a\" has no \"duration\"; expected a duration such as 90 or \"1h30\"");
    parse_error(HEAD "\"rooms\":[{\"id\":\"r1\",\"capacity\":5}],\"sessions\":[],\"weights\":{\"overlap\":3}}",
                "\"overlap", "unknown weight \"overlap\"; expected one of: audience_overlap, track_overlap, tag_overlap, capacity_margin, room_fit, session_preference, person_preference, stability, back_to_back, person_day_load, track_rooms, day_spread, remote_hours, speaking_time, holiday, round_start");
    /* a key given twice is an error at its second occurrence, whatever its value holds */
    parse_error(HEAD "\"rooms\":[{\"id\":\"r1\",\"capacity\":5,\"capacity\":6}],\"sessions\":[]}",
                "\"capacity\":6", "duplicate key \"capacity\"");
    parse_error(HEAD "\"rooms\":[],\"sessions\":[],\"rooms\":[{\"id\":\"r1\"}]}",
                "\"rooms\":[{", "duplicate key \"rooms\"");
    parse_error("{\"salle\":1,\"event\":{},\"event\":{\"name\":\"E\"}}", "\"event\":{\"name",
                "duplicate key \"event\"");
}

/* docs/scoring.md has a table "| `name` | default | amount |"; the code must agree with it. */
static void test_weights_match_docs(void **state)
{
    (void)state;
    size_t len;
    salle_diag err = {0};
    char *doc = salle__read_file("docs/scoring.md", &len, &err);
    assert_non_null(doc);
    long w[SALLE_SOFT_COUNT];
    salle_weights_default(w);
    for (int g = 0; g < SALLE_SOFT_COUNT; g++) {
        char pat[80];
        snprintf(pat, sizeof pat, "| `%s` | ", salle_soft_name(g));
        char *p = strstr(doc, pat);
        if (!p)
            fail_msg("docs/scoring.md has no row for %s", salle_soft_name(g));
        assert_int_equal(strtol(p + strlen(pat), NULL, 10), w[g]);
    }
    free(doc);
}

/* salle__jdoc_parse takes a string exactly when salle__utf8_valid calls it UTF-8 (yajl and
 * jsonpos's quicker check share the work): every two-byte sequence, every lead byte from C0 up
 * with every second byte and the edges of the continuation range after it, in every position
 * of an eight-byte word and as a map key; a refused one is said to be not valid UTF-8. */
static void test_utf8_strings(void **state)
{
    (void)state;
    static const unsigned char tails[] = {0x20, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0};
    unsigned char seq[4];
    int checked = 0;
    for (int a = 0x80; a < 0x100; a++)
        for (int b = 0x20; b < 0x100; b++)
            for (size_t t3 = 0; t3 < sizeof tails; t3++)
                for (size_t t4 = 0; t4 < sizeof tails; t4++) {
                    size_t n = a < 0xE0 ? 2 : a < 0xF0 ? 3 : 4;
                    if ((n < 3 && t3) || (n < 4 && t4))
                        continue;
                    if ((n >= 3 && b < 0x80 && t3) || (n == 4 && b < 0x80 && t4))
                        continue; /* refused at the second byte whatever follows */
                    seq[0] = (unsigned char)a;
                    seq[1] = (unsigned char)b;
                    seq[2] = tails[t3];
                    seq[3] = tails[t4];
                    if (b == '"' || b == '\\')
                        continue;
                    int want = salle__utf8_valid((const char *)seq, n, NULL);
                    int pre = (a + b) % 9, key = (a ^ b) % 2;
                    char doc[64];
                    int k = snprintf(doc, sizeof doc, key ? "{\"%.*s" : "[\"%.*s", pre, "abcdefghi");
                    memcpy(doc + k, seq, n);
                    k += (int)n;
                    k += snprintf(doc + k, sizeof doc - (size_t)k, key ? "xy\": 1}" : "xy\"]");
                    salle_diag err = {0};
                    salle__jdoc *d = salle__jdoc_parse(doc, (size_t)k, "u.json", &err);
                    if (!d && want)
                        fail_msg("%02X %02X %02X %02X refused: %s", a, b, seq[2], seq[3], err.msg);
                    if (d && !want)
                        fail_msg("%02X %02X %02X %02X taken, not UTF-8", a, b, seq[2], seq[3]);
                    if (!d)
                        assert_non_null(strstr(err.msg, "not valid UTF-8"));
                    salle__jdoc_free(d);
                    checked++;
                }
    assert_true(checked > 100000);
}

/* What snprintf writes of fmt with s (or, when s is NULL, v) in size bytes, against
 * salle__fmt_str's (salle__fmt_num's), byte for byte up to the end of both buffers. */
static void fmt_same(const char *fmt, const char *s, size_t v, size_t size)
{
    char want[320], got[320];
    memset(want, 'x', sizeof want);
    memset(got, 'x', sizeof got);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-truncation"
    if (s)
        snprintf(want, size, fmt, s);
    else
        snprintf(want, size, fmt, v);
#pragma GCC diagnostic pop
    if (s)
        salle__fmt_str(got, size, fmt, s);
    else
        salle__fmt_num(got, size, fmt, v);
    if (memcmp(want, got, sizeof want) != 0)
        fail_msg("[%s] with [%s] or %zu in %zu bytes: [%.*s] not [%.*s]", fmt, s ? s : "", v,
                 size, (int)size, got, (int)size, want);
}

/* salle__fmt_str and salle__fmt_num write what snprintf writes, truncation included, for the
 * formats they know (one %s or %zu, %%), and hand any other to snprintf. */
static void test_fmt_one(void **state)
{
    (void)state;
    static const char *const fmts[] = {"session \"%s\"", "%s", "", "plain", "100%% of %s",
                                       "%s%%", "%%%s%%", "s\xc3\xa9" "ance \xc2\xab %s \xc2\xbb",
                                       "%5s", "%.2s"};
    static const char *const args[] = {"WS-12", "", "a much longer id than the others, by far",
                                       "%s %zu %%"};
    static const char *const nfmts[] = {"session number %zu", "%zu", "%zu%%", "n\xc2\xb0%zu",
                                        "%5zu"};
    static const size_t nums[] = {0, 1, 9, 10, 4294967296u, (size_t)-1};
    static const size_t sizes[] = {0, 1, 2, 5, 9, 16, 64, 300};
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
        for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++)
            for (size_t a = 0; a < sizeof args / sizeof *args; a++)
                fmt_same(fmts[f], args[a], 0, sizes[z]);
        for (size_t f = 0; f < sizeof nfmts / sizeof *nfmts; f++)
            for (size_t v = 0; v < sizeof nums / sizeof *nums; v++)
                fmt_same(nfmts[f], NULL, nums[v], sizes[z]);
    }
    /* a format with another directive goes to snprintf as it is */
    char out[64];
    assert_string_equal(salle__fmt_str(out, sizeof out, "%5s|", "ab"), "   ab|");
    assert_string_equal(salle__fmt_str(out, sizeof out, "%.2s|", "abc"), "ab|");
    assert_string_equal(salle__fmt_num(out, sizeof out, "%5zu|", 42), "   42|");
}

/* An array of n objects {"id": "<tag>-K", "n": K, "text": ...}; caller frees. */
static char *arena_doc(const char *tag, int n, size_t *len)
{
    salle__buf b = {0};
    salle__buf_printf(&b, "[");
    for (int k = 0; k < n; k++)
        salle__buf_printf(&b, "%s{\"id\": \"%s-%d\", \"n\": %d, \"text\": \"words of %s, %d\"}",
                          k ? ",\n" : "", tag, k, k, tag, k * 7);
    salle__buf_printf(&b, "]");
    *len = b.n;
    return b.s;
}

/* Every value of a tree read back is the one its text holds, not what an earlier tree left in
 * the region. */
static void arena_doc_check(const salle__jdoc *d, const char *tag, int n)
{
    json_t *root = salle__jdoc_root(d);
    assert_int_equal(json_array_size(root), n);
    for (int k = 0; k < n; k++) {
        json_t *o = json_array_get(root, (size_t)k);
        char want[64];
        snprintf(want, sizeof want, "%s-%d", tag, k);
        assert_string_equal(json_string_value(json_object_get(o, "id")), want);
        assert_int_equal(json_integer_value(json_object_get(o, "n")), k);
        snprintf(want, sizeof want, "words of %s, %d", tag, k * 7);
        assert_string_equal(json_string_value(json_object_get(o, "text")), want);
        int line, col;
        salle__jdoc_pos(d, o, &line, &col);
        assert_int_equal(line, k + 1);
    }
}

/* jsonpos.c keeps the region of a freed arena tree for the next one: the next tree takes it
 * (an export's schedule after its instance), one too small for the next text is replaced, one
 * that grew past what is kept resident is trimmed and still serves, and two trees alive at once
 * each have their own. */
static void test_arena_regions(void **state)
{
    (void)state;
    salle_diag err = {0};
    size_t la, lb, lbig, lhuge;
    char *a = arena_doc("a", 300, &la), *b = arena_doc("b", 200, &lb);
    char *big = arena_doc("big", 60000, &lbig); /* a tree of more than the 16 MB kept */
    char *huge = arena_doc("huge", 120000, &lhuge); /* a text too long for big's region */
    long m0, r0, t0, m, r, t;
    salle__jdoc *d = salle__jdoc_parse_arena(a, la, "a.json", &err);
    assert_non_null(d);
    arena_doc_check(d, "a", 300);
    salle__jdoc_free(d);
    salle__jdoc_arena_counts(&m0, &r0, &t0);
    d = salle__jdoc_parse_arena(b, lb, "b.json", &err); /* takes a's region */
    arena_doc_check(d, "b", 200);
    salle__jdoc_free(d);
    salle__jdoc_arena_counts(&m, &r, &t);
    assert_int_equal(m, m0);
    assert_int_equal(r, r0 + 1);
    d = salle__jdoc_parse_arena(big, lbig, "big.json", &err); /* a's is too small: a new one */
    arena_doc_check(d, "big", 60000);
    salle__jdoc_free(d);
    salle__jdoc_arena_counts(&m, &r, &t);
    assert_int_equal(m, m0 + 1);
    assert_int_equal(t, t0 + 1);
    d = salle__jdoc_parse_arena(a, la, "a.json", &err); /* big's, trimmed */
    arena_doc_check(d, "a", 300);
    salle__jdoc *d2 = salle__jdoc_parse_arena(b, lb, "b.json", &err); /* d holds it: another */
    arena_doc_check(d2, "b", 200);
    arena_doc_check(d, "a", 300);
    salle__jdoc_free(d);
    salle__jdoc_free(d2);
    salle__jdoc_arena_counts(&m, &r, &t);
    assert_int_equal(m, m0 + 2);
    assert_int_equal(r, r0 + 2);
    d = salle__jdoc_parse_arena(huge, lhuge, "huge.json", &err);
    arena_doc_check(d, "huge", 120000);
    salle__jdoc_free(d);
    salle__jdoc_arena_counts(&m, &r, &t);
    assert_int_equal(m, m0 + 3);
    /* a tree read without an arena is not affected */
    d = salle__jdoc_parse(b, lb, "b.json", &err);
    arena_doc_check(d, "b", 200);
    salle__jdoc_free(d);
    salle__jdoc_arena_counts(&m, &r, &t);
    assert_int_equal(m, m0 + 3);
    assert_int_equal(r, r0 + 2);
    free(a);
    free(b);
    free(big);
    free(huge);
}

/* issue 11.6: a caller sets salle_diag.lang and the parser words its message in that language, at
 * the same file, line and column; "" (a zeroed diag) and a language without a catalog stay English
 * byte for byte. Keys, ids and numbers quoted from the file are kept as they are. */
static salle_diag parse_in(const char *lang, const char *json)
{
    salle_diag d = {0};
    snprintf(d.lang, sizeof d.lang, "%s", lang);
    salle_instance *inst = salle_instance_parse(json, strlen(json), "upload", &d);
    assert_null(inst);
    return d;
}

static void expect_in(const char *json, const char *en, const char *fr, const char *es, const char *ar)
{
    salle_diag e = parse_in("", json);
    assert_string_equal(e.msg, en);
    assert_string_equal(e.file, "upload");
    assert_string_equal(parse_in("de", json).msg, en); /* no catalog: English */
    const char *const langs[] = {"fr", "es", "ar"}, *const want[] = {fr, es, ar};
    for (int i = 0; i < 3; i++) {
        salle_diag t = parse_in(langs[i], json);
        assert_string_equal(t.msg, want[i]);
        assert_string_equal(t.file, "upload");
        assert_int_equal(t.line, e.line);
        assert_int_equal(t.col, e.col);
    }
}

/* A schedule's errors in a language: the instance (HEAD, room "a", session "s") parses; the
 * schedule does not, and says so at the English line and column. */
static salle_diag sched_in(const char *lang, const char *json)
{
    const char *ij = HEAD "\"rooms\":[{\"id\":\"a\",\"capacity\":5}],\"sessions\":[{\"id\":\"s\","
                          "\"duration\":60}]}";
    salle_instance *inst = salle_instance_parse(ij, strlen(ij), "inst.json", NULL);
    assert_non_null(inst);
    salle_diag d = {0};
    snprintf(d.lang, sizeof d.lang, "%s", lang);
    salle_schedule *s = salle_schedule_parse(json, strlen(json), "upload", inst, &d);
    assert_null(s);
    salle_instance_free(inst);
    return d;
}

static void expect_sched_in(const char *json, const char *en, const char *fr, const char *es,
                            const char *ar)
{
    salle_diag e = sched_in("", json);
    assert_string_equal(e.msg, en);
    assert_string_equal(e.file, "upload");
    assert_true(e.line > 0);
    assert_string_equal(sched_in("de", json).msg, en);
    const char *const langs[] = {"fr", "es", "ar"}, *const want[] = {fr, es, ar};
    for (int i = 0; i < 3; i++) {
        salle_diag t = sched_in(langs[i], json);
        assert_string_equal(t.msg, want[i]);
        assert_string_equal(t.file, "upload");
        assert_int_equal(t.line, e.line);
        assert_int_equal(t.col, e.col);
    }
}

static void test_errors_in_languages(void **state)
{
    (void)state;
    expect_in(HEAD "\"rooms\":[{\"id\":\"a\"}],\"sessions\":[]}",
              "room \"a\" has no \"capacity\"; expected an integer",
              "la salle \"a\" : \"capacity\" manque ; attendu : un entier",
              "la sala \"a\": falta \"capacity\"; se espera un número entero",
              "القاعة \"a\": لا يوجد \"capacity\"؛ المتوقع عدد صحيح");
    expect_in(HEAD "\"rooms\":[{\"id\":\"a\",\"capacity\":\"big\"}],\"sessions\":[]}",
              "\"capacity\" of room \"a\" must be an integer, not a string",
              "la salle \"a\" : \"capacity\" doit être un entier, pas une chaîne",
              "la sala \"a\": \"capacity\" debe ser un número entero, no una cadena",
              "القاعة \"a\": يجب أن يكون \"capacity\" عددًا صحيحًا، لا سلسلة نصية");
    expect_in(HEAD "\"rooms\":[{\"id\":\"a\",\"capacity\":5}],\"sessions\":[{\"id\":\"s\",\"duration\":60,"
                   "\"rooms\":[\"b\"]}]}",
              "unknown room \"b\" in \"rooms\" of session \"s\"; no room has this id",
              "la session \"s\" : salle \"b\" inconnue dans \"rooms\" ; aucune salle n’a cet id",
              "la sesión \"s\": sala \"b\" desconocida en \"rooms\"; ninguna sala tiene este id",
              "الجلسة \"s\": قاعة غير معروفة \"b\" في \"rooms\"؛ لا يحمل هذا المعرِّف أي قاعة");
    expect_in("{\"salle\":1,\"event\":{\"name\":\"E\",\"timezone\":\"Europe/Paris\",\"days\":[\"2018-11-12\"],"
              "\"colour\":1}}",
              "unknown key \"colour\" in the event; expected one of: name, acronym, url, timezone, days, "
              "hours, grid, changeover, holidays, min_speaking_minutes, max_sessions_per_person_day, "
              "remote_hours, day_change",
              "l’événement : clé \"colour\" inconnue ; clés possibles : name, acronym, url, timezone, days, "
              "hours, grid, changeover, holidays, min_speaking_minutes, max_sessions_per_person_day, "
              "remote_hours, day_change",
              "el evento: clave \"colour\" desconocida; se espera una de: name, acronym, url, timezone, days, "
              "hours, grid, changeover, holidays, min_speaking_minutes, max_sessions_per_person_day, "
              "remote_hours, day_change",
              "الحدث: مفتاح غير معروف \"colour\"؛ المفاتيح الممكنة: name, acronym, url, timezone, days, "
              "hours, grid, changeover, holidays, min_speaking_minutes, max_sessions_per_person_day, "
              "remote_hours, day_change");
    /* the JSON reader's own words, yajl's among them */
    expect_in("{\"salle\":1,\n  \"event\":{},}",
              "invalid JSON: invalid object key (must be a string)",
              "JSON invalide : clé d’objet invalide (ce doit être une chaîne)",
              "JSON no válido: clave de objeto no válida (debe ser una cadena)",
              "JSON غير صالح: مفتاح كائن غير صالح (يجب أن يكون سلسلة نصية)");
    expect_in("{\"salle\":1,\"salle\":1}", "duplicate key \"salle\"", "clé en double \"salle\"",
              "clave duplicada \"salle\"", "مفتاح مكرر \"salle\"");
    expect_in("{\"salle\":1,\"event\":{\"name\":\"E\",\"timezone\":\"Europe/Paris\",\"days\":[\"2018-11-12\"],"
              "\"grid\":500}}",
              "\"grid\" of the event must be between 1 and 240, not 500",
              "l’événement : \"grid\" doit être compris entre 1 et 240, pas 500",
              "el evento: \"grid\" debe estar entre 1 y 240, no 500",
              "الحدث: يجب أن يكون \"grid\" بين 1 و240، لا 500");
    /* schedule files (src/model/schedule.c) */
    expect_sched_in("{\"assignments\":[{\"session\":\"s\",\"room\":\"a\",\"start\":\"2018-11-12T09:30\"},\n"
                    " {\"session\":\"s\",\"room\":\"b\",\"start\":\"2018-11-12T10:30\"}]}",
                    "unknown room \"b\"; no room in inst.json has this id",
                    "salle \"b\" inconnue ; aucune salle de inst.json n’a cet id",
                    "sala \"b\" desconocida; ninguna sala de inst.json tiene este id",
                    "قاعة غير معروفة \"b\"؛ لا تحمل أي قاعة في inst.json هذا المعرِّف");
    expect_sched_in("{\"assignments\":[{\"session\":\"s\",\"room\":\"a\"}]}",
                    "assignment number 1 has no \"start\"; expected a date and time such as \"2018-11-12T09:30\"",
                    "placement n° 1 : \"start\" manque ; attendu : une date et une heure comme \"2018-11-12T09:30\"",
                    "asignación n.º 1: falta \"start\"; se espera una fecha y hora como \"2018-11-12T09:30\"",
                    "تخصيص رقم 1: لا يوجد \"start\"؛ المتوقع تاريخ ووقت مثل \"2018-11-12T09:30\"");
    expect_sched_in("{\"assignments\":[],\"unscheduled\":[{\"session\":\"s\",\"why\":1}]}",
                    "unknown key \"why\" in unscheduled entry number 1; expected one of: session, reason",
                    "entrée non placée n° 1 : clé \"why\" inconnue ; clés possibles : session, reason",
                    "entrada sin programar n.º 1: clave \"why\" desconocida; se espera una de: session, reason",
                    "مدخل غير مجدول رقم 1: مفتاح غير معروف \"why\"؛ المفاتيح الممكنة: session, reason");
    expect_sched_in("{\"assignments\":[],\"colour\":1}",
                    "unknown key \"colour\" in the schedule; expected one of: salle_schedule, assignments, "
                    "unscheduled, score, cells, talks",
                    "le programme : clé \"colour\" inconnue ; clés possibles : salle_schedule, assignments, "
                    "unscheduled, score, cells, talks",
                    "el programa: clave \"colour\" desconocida; se espera una de: salle_schedule, assignments, "
                    "unscheduled, score, cells, talks",
                    "البرنامج: مفتاح غير معروف \"colour\"؛ المفاتيح الممكنة: salle_schedule, assignments, "
                    "unscheduled, score, cells, talks");
    expect_sched_in("{\"assignments\":[{\"session\":\"s\",\"room\":\"a\",\"start\":\"2018-11-12T09:32\"}]}",
                    "\"start\" of assignment number 1 is not on the event's 5-minute grid",
                    "placement n° 1 : \"start\" n’est pas sur la grille de 5 minutes de l’événement",
                    "asignación n.º 1: \"start\" no está en la cuadrícula de 5 minutos del evento",
                    "تخصيص رقم 1: \"start\" ليس على شبكة الحدث البالغة 5 دقيقة");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_utf8_strings),
        cmocka_unit_test(test_clock_and_dates),
        cmocka_unit_test(test_defaults_and_windows),
        cmocka_unit_test(test_time_zones),
        cmocka_unit_test(test_time_zones_threads),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_errors_in_languages),
        cmocka_unit_test(test_weights_match_docs),
        cmocka_unit_test(test_arena_regions),
        cmocka_unit_test(test_fmt_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
