/*
 * test_import.c: the importers (src/import*.c): frab XML in its old and new shapes, c3voc JSON and
 * CSV, each turned into an instance that loads and a published schedule that checks clean; time
 * zones and offsets, days across midnight, the grid, ids for people without one, guids that are
 * not UUIDs, warnings with line numbers, fatal errors with file and line, and the real files in
 * ../shared/data/schedules when they are there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "formats/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct warnings {
    int n;
    char text[4096];
} warnings;

static void collect(void *ctx, const salle_diag *w)
{
    warnings *ws = ctx;
    ws->n++;
    size_t len = strlen(ws->text);
    snprintf(ws->text + len, sizeof ws->text - len, "%s:%d: %s\n", w->file, w->line, w->msg);
}

typedef struct result {
    salle_instance *inst;
    salle_schedule *sched;
    salle_report *rep;
    char *inst_json, *sched_json;
    warnings w;
} result;

/* Imports text (format by content) with options opt (may be NULL), loads both outputs and checks
 * the schedule. */
static result *import_ok_with(const char *text, size_t len, const char *name,
                              const salle_import_options *opt)
{
    result *r = calloc(1, sizeof *r);
    salle_diag err = {0};
    if (salle__import_mem_with(text, len, name, opt, collect, &r->w, &r->inst_json,
                               &r->sched_json, &err) < 0)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
    r->inst = salle_instance_parse(r->inst_json, strlen(r->inst_json), "inst", &err);
    if (!r->inst)
        fail_msg("instance: %d: %s\n%s", err.line, err.msg, r->inst_json);
    r->sched = salle_schedule_parse(r->sched_json, strlen(r->sched_json), "sched", r->inst, &err);
    if (!r->sched)
        fail_msg("schedule: %d: %s", err.line, err.msg);
    r->rep = salle_check(r->inst, r->sched);
    return r;
}

static result *import_ok(const char *text, const char *name)
{
    return import_ok_with(text, strlen(text), name, NULL);
}

static void result_free(result *r)
{
    salle_report_free(r->rep);
    salle_schedule_free(r->sched);
    salle_instance_free(r->inst);
    free(r->inst_json);
    free(r->sched_json);
    free(r);
}

/* The import fails at line (and, when col > 0, column) with a message that contains msg_part. */
static void import_fails_with(const char *text, size_t len, const char *name,
                              const salle_import_options *opt, int line, int col,
                              const char *msg_part)
{
    salle_diag err = {0};
    char *a = (char *)0x1, *b = (char *)0x1;
    warnings w = {0};
    assert_int_equal(salle__import_mem_with(text, len, name, opt, collect, &w, &a, &b, &err), -1);
    if (col > 0)
        assert_int_equal(err.col, col);
    assert_ptr_equal(a, (char *)0x1); /* nothing set on failure */
    assert_ptr_equal(b, (char *)0x1);
    assert_string_equal(err.file, name);
    assert_int_equal(err.line, line);
    if (!strstr(err.msg, msg_part))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
}

static void import_fails(const char *text, const char *name, int line, const char *msg_part)
{
    import_fails_with(text, strlen(text), name, NULL, line, 0, msg_part);
}

static const salle_session *session(const result *r, const char *id)
{
    int i = salle_instance_session(r->inst, id);
    if (i < 0)
        fail_msg("no session %s", id);
    return &r->inst->sessions[i];
}

static int start_of(const result *r, const char *id)
{
    int s = salle_instance_session(r->inst, id);
    for (int i = 0; i < r->sched->nassign; i++)
        if (r->sched->assign[i].session == s)
            return r->sched->assign[i].start;
    return -1;
}

/* FOSDEM 2010's shape: events right under <day>, no <date>, no time zone but a city; plus a
 * person with id 0, a guid that is not a UUID, a DDD:HH:MM duration across midnight, an element
 * nobody knows, and two broken events. */
static const char old_frab[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<schedule>\n"
    "  <conference><title>Old Fest</title><city>Brussels</city>\n"
    "    <day_change>09:00:00</day_change></conference>\n"
    "  <day index=\"1\" date=\"2010-02-06\">\n"
    "    <event id=\"20\" guid=\"abc\"><start>16:40</start><duration>00:15</duration>\n"
    "      <room>Ferrer</room><title>Asterisk</title><track>Lightning</track><shoe>x</shoe>\n"
    "      <persons><person id=\"0\">José Pérez</person><person id=\"201\">Mark</person></persons>\n"
    "    </event>\n"
    "    <event id=\"21\"><start>23:00</start><duration>000:02:30</duration><room>Ferrer</room>\n"
    "      <title>Night</title><persons><person id=\"0\">José Pérez</person></persons></event>\n"
    "    <event id=\"22\"><duration>00:15</duration><room>Ferrer</room></event>\n"
    "    <event id=\"23\"><start>12:00</start><room>Janson</room></event>\n"
    "  </day>\n"
    "</schedule>\n";

static void test_frab_old_nesting(void **state)
{
    (void)state;
    result *r = import_ok(old_frab, "old.xml");
    const salle_instance *in = r->inst;
    assert_string_equal(in->event.name, "Old Fest");
    assert_string_equal(in->event.timezone, "Europe/Brussels");
    assert_int_equal(in->nsessions, 2);
    assert_int_equal(in->event.ndays, 2); /* the night session reaches 2010-02-07 */
    assert_string_equal(in->event.days[1], "2010-02-07");
    assert_int_equal(in->event.grid, 5);
    /* José has no id: known by name, once, in both sessions */
    int jose = salle_instance_person(in, "p-josé-pérez");
    assert_true(jose >= 0);
    assert_true(salle_instance_person(in, "p-201") >= 0);
    assert_true(salle__ids_has(&session(r, "20")->speakers, jose));
    assert_true(salle__ids_has(&session(r, "21")->speakers, jose));
    /* "abc" is no UUID: salle derived one, the original is kept */
    assert_true(salle__is_uuid(session(r, "20")->guid));
    assert_non_null(strstr(r->inst_json, "\"x-guid\": \"abc\""));
    assert_int_equal(session(r, "21")->duration, 150);
    assert_int_equal(start_of(r, "21"), 23 * 60);
    /* Ferrer: 16:40-16:55, then (after more than six hours) 23:00-24:00 and 00:00-01:30 of the
     * next day, which the parser joins into one window */
    const salle_room *fe = &in->rooms[salle_instance_room(in, "ferrer")];
    assert_int_equal(fe->available.n, 2);
    assert_int_equal(fe->available.w[0].start, 16 * 60 + 40);
    assert_int_equal(fe->available.w[0].end, 16 * 60 + 55);
    assert_int_equal(fe->available.w[1].start, 23 * 60);
    assert_int_equal(fe->available.w[1].end, 1440 + 90);
    assert_int_equal(fe->changeover, 0);
    assert_int_equal(r->rep->score.hard, 0);
    /* the broken events are named with their lines; the guid and time zone guesses are said */
    assert_non_null(strstr(r->w.text, "old.xml:12: skipped <event id=\"22\"> without a start time"));
    assert_non_null(strstr(r->w.text, "old.xml:13: skipped <event id=\"23\"> without a duration"));
    assert_non_null(strstr(r->w.text, "Europe/Brussels from the city"));
    assert_non_null(strstr(r->w.text, "old.xml:6: 1 event guid is not a UUID; kept as \"x-guid\""));
    result_free(r);
}

/* DebConf 23's shape: <date> in UTC, the event in Asia/Kolkata (+05:30). */
static void test_frab_offsets(void **state)
{
    (void)state;
    static const char xml[] =
        "<schedule><conference><title>DC</title><time_zone_name>Asia/Kolkata</time_zone_name>"
        "</conference><day date=\"2023-09-09\"><room name=\"Anamudi\">"
        "<event id=\"35\" guid=\"455d075f-48c0-2ec2-24b3-f5add30c383a\">"
        "<date>2023-09-10T05:00:00+00:00</date><start>10:30</start><duration>00:20</duration>"
        "<persons><person id=\"7\">Ana</person></persons></event>"
        "<event id=\"36\"><date>2023-09-10T10:50:00+05:30</date><duration>00:32</duration></event>"
        "<event id=\"37\"><date>2023-09-10T12:00:00+05:30</date><duration>100:00:00</duration></event>"
        "</room><room name=\"Empty hall\"></room></day></schedule>";
    result *r = import_ok(xml, "dc.xml");
    assert_string_equal(r->inst->event.days[0], "2023-09-10");
    assert_int_equal(r->inst->event.ndays, 1);
    assert_int_equal(start_of(r, "35"), 10 * 60 + 30);
    assert_int_equal(start_of(r, "36"), 10 * 60 + 50);
    assert_int_equal(r->inst->event.grid, 1); /* 32 minutes */
    assert_string_equal(session(r, "35")->guid, "455d075f-48c0-2ec2-24b3-f5add30c383a");
    assert_int_equal(r->inst->nrooms, 2); /* the empty room is kept */
    assert_int_equal(r->rep->score.hard, 0);
    assert_int_equal(r->inst->nsessions, 2);
    assert_int_equal(r->w.n, 1);
    assert_non_null(strstr(r->w.text, "skipped <event id=\"37\">: duration \"100:00:00\" is longer than the 100000 minutes"));
    result_free(r);
}

static void test_frab_errors(void **state)
{
    (void)state;
    import_fails("<schedule>\n<conference>\n</schedule>\n", "bad.xml", 3, "not well-formed XML");
    import_fails("<?xml version=\"1.0\"?>\n<iCalendar/>\n", "x.xcal", 2, "root element is <iCalendar>");
    import_fails("<schedule><day date=\"2020-01-01\"/></schedule>", "e.xml", 0, "no usable sessions");
    import_fails("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "a.ics", 1, "iCalendar cannot be imported");
    import_fails("   \n", "empty.xml", 0, "empty");
}

/* c3voc JSON as pretalx writes it: the zone is UTC but the dates carry +01:00. */
static void test_json(void **state)
{
    (void)state;
    static const char js[] =
        "{\"schedule\": {\"conference\": {\"title\": \"DemoCon\", \"acronym\": \"democon\",\n"
        " \"time_zone_name\": \"UTC\", \"rooms\": [{\"name\": \"Gray Room\"}, {\"name\": \"Tan\"}],\n"
        " \"days\": [{\"date\": \"2020-12-14\", \"rooms\": {\"Gray Room\": [\n"
        "  {\"id\": 25, \"guid\": \"8079583e-8321-506c-95af-fd2903a5f075\",\n"
        "   \"date\": \"2020-12-14T09:00:00+01:00\", \"start\": \"09:00\", \"duration\": \"00:30\",\n"
        "   \"title\": \"Focused\", \"track\": \"Phased\", \"type\": \"Talk\", \"language\": \"en\",\n"
        "   \"persons\": [{\"id\": 26, \"code\": \"NQTF8Y\", \"public_name\": \"Brian\"},\n"
        "                 {\"id\": 0, \"code\": \"ABCDEF\", \"public_name\": \"Cleo\"}]},\n"
        "  {\"id\": 26, \"start\": \"10:00\", \"duration\": \"01:00\", \"title\": \"No date\"},\n"
        "  {\"id\": 27, \"date\": \"2020-12-14T11:00:00+01:00\", \"title\": \"No duration\"}\n"
        " ]}}]}}}\n";
    result *r = import_ok(js, "demo.json");
    assert_string_equal(r->inst->event.timezone, "UTC");
    assert_int_equal(r->inst->nsessions, 2);
    assert_int_equal(start_of(r, "25"), 8 * 60);
    assert_int_equal(start_of(r, "26"), 10 * 60); /* from day date + start */
    assert_true(salle_instance_person(r->inst, "p-26") >= 0);
    assert_true(salle_instance_person(r->inst, "p-abcdef") >= 0); /* id 0: pretalx code */
    assert_int_equal(r->inst->nrooms, 2);
    assert_string_equal(r->inst->track_names[0], "Phased");
    assert_string_equal(session(r, "25")->format, "Talk");
    assert_non_null(strstr(r->w.text, "demo.json:10: skipped event \"27\" without a duration"));
    assert_int_equal(r->rep->score.hard, 0);
    result_free(r);
    import_fails("{\"schedule\": {\"conference\": {}}}", "x.json", 1, "not a c3voc schedule");
    import_fails("{\"salle\": 1}", "i.json", 1, "already a salle instance");
    import_fails("{\"schedule\": [\n1,]}", "t.json", 2, "");
}

static void test_csv(void **state)
{
    (void)state;
    static const char csv[] =
        "\xEF\xBB\xBFid,title,duration,room,start,track,speakers,organizers,attendance,needs,format,colour\n"
        "WS-1,Opening,60,Main hall,2025-06-02T09:00,Plenary,Ana Lima;Jo Park,Ana Lima,400,interpretation,main session,red\n"
        "WS-2,\"Open data, in cities\",1h30,Salle 3,2025-06-02 10:30,Open data; Cities,Jo Park,,40,,workshop,\n"
        "WS-3,Lightning,45,,,,Li Wei,,,,lightning talk,\n"
        "WS-4,Broken,ninety,Salle 3,2025-06-02T14:00,,,,,,,\n"
        ",Late,30,Salle 3,2025-06-03T20:00,,,,many,,,\n";
    /* without --lenient the typo in row 5 stops the import, naming row and column */
    import_fails_with(csv, strlen(csv), "prog.csv", NULL, 5, 13,
                      "row 5, column 3 (duration): \"ninety\" is not a duration above zero such as 90, \"1h30\" or \"01:30\"; correct the cell, or import with --lenient to skip the row");
    salle_import_options lenient = {.lenient = 1};
    result *r = import_ok_with(csv, strlen(csv), "prog.csv", &lenient);
    const salle_instance *in = r->inst;
    assert_string_equal(in->event.name, "prog");
    assert_int_equal(in->nsessions, 4);
    assert_int_equal(in->event.ndays, 2);
    assert_int_equal(in->nrooms, 2);
    const salle_room *mh = &in->rooms[salle_instance_room(in, "main-hall")];
    assert_int_equal(mh->capacity, 400);
    assert_int_equal(mh->features.n, 1);
    assert_int_equal(session(r, "WS-2")->duration, 90);
    assert_int_equal(session(r, "WS-2")->tracks.n, 2);
    assert_int_equal(session(r, "WS-1")->organizers.n, 1);
    assert_true(salle_instance_person(in, "p-ana-lima") >= 0);
    assert_int_equal(r->sched->nassign, 3);
    assert_int_equal(r->sched->nunscheduled, 1); /* WS-3 has no room or start */
    assert_int_equal(r->rep->hard_by_rule[SALLE_HARD_PLACEMENT], 1);
    assert_int_equal(r->rep->score.hard, 1);
    assert_non_null(strstr(r->w.text, "prog.csv:1: row 1: unknown column \"colour\" ignored"));
    assert_non_null(strstr(r->w.text, "prog.csv:5: row 5, column 3 (duration): \"ninety\""));
    assert_non_null(strstr(r->w.text, "prog.csv:6: row 6, column 9 (attendance)"));
    assert_non_null(strstr(r->w.text, "no time zone given and none to guess from; taking UTC"));
    result_free(r);

    /* semicolons between cells: commas inside lists; a time zone column */
    static const char semi[] = "title;duration;room;date;time;speakers;timezone;event\n"
                               "Talk;30;A;2025-02-01;10:00;Ana, Bo;Europe/Paris;Fest\n";
    r = import_ok(semi, "semi.csv");
    assert_string_equal(r->inst->event.timezone, "Europe/Paris");
    assert_string_equal(r->inst->event.name, "Fest");
    assert_int_equal(session(r, "s-1")->speakers.n, 2);
    assert_int_equal(r->rep->score.hard, 0);
    assert_int_equal(r->w.n, 0);
    result_free(r);

    import_fails("\n\nid,title,room\nA,B,C\n", "nodur.csv", 3, "no \"duration\" column");
    import_fails("duration,room\n30,A\n", "noid.csv", 1, "neither an \"id\" nor a \"title\"");
    import_fails("id,duration\nA,30\n", "unplaced.csv", 0, "no session has both a room and a start");
}

/* A quoted cell that never closes would swallow every row after it: an error at the row and
 * column where it opens, with or without --lenient. */
static void test_csv_unclosed_quote(void **state)
{
    (void)state;
    static const char q[] = "id,title,duration,room,start\n"
                            "A,\"Open data, cities,60,R1,2025-06-02T09:00\n"
                            "B,Two,30,R1,2025-06-02T10:00\n"
                            "C,Three,30,R1,2025-06-02T11:00\n";
    import_fails_with(q, strlen(q), "q.csv", NULL, 2, 3,
                      "row 2, column 2 (title): this cell opens a quote (\") that nothing closes, so every row after it would be read into the cell");
    salle_import_options lenient = {.lenient = 1};
    import_fails_with(q, strlen(q), "q.csv", &lenient, 2, 3, "row 2, column 2 (title)");
    /* it opens on the row's third line, after a cell that spans two and closes */
    static const char q2[] = "id,title,duration,room,start\n"
                             "A,\"Two\nlines\",60,\"R1\n"
                             "B,x,30,R1,2025-06-02T10:00\n";
    import_fails_with(q2, strlen(q2), "q2.csv", NULL, 3, 11, "row 2, column 4 (room)");
    /* quoted cells over several lines that do close are fine */
    static const char ok[] = "id,title,duration,room,start,timezone\n"
                             "A,\"Two\nlines, \"\"quoted\"\"\",60,R1,2025-06-02T09:00,UTC\n"
                             "B,x,30,R1,2025-06-02T10:00,\n";
    result *r = import_ok(ok, "ok.csv");
    assert_int_equal(r->inst->nsessions, 2);
    assert_string_equal(session(r, "A")->title, "Two\nlines, \"quoted\"");
    assert_int_equal(r->w.n, 0);
    result_free(r);
}

/* What Excel on Windows saves: cp1252. Refused with a guess, converted when asked, never read as
 * U+FFFD. */
static void test_csv_encoding(void **state)
{
    (void)state;
    static const char cp[] = "id,title,duration,room,start,speakers,timezone\r\n"
                             "A,Caf\xe9 \x93libre\x94,60,R\xe9union,2025-06-02T09:00,Jos\xe9 Mu\xf1oz,Europe/Paris\r\n";
    import_fails_with(cp, strlen(cp), "cp.csv", NULL, 2, 6,
                      "the file is not UTF-8 (byte 0xE9 here); it looks like Windows-1252 (cp1252), which Excel on Windows saves: import with --encoding cp1252 (or --encoding auto), or save the sheet as \"CSV UTF-8\"");
    salle_import_options o = {.encoding = "cp1252"};
    result *r = import_ok_with(cp, strlen(cp), "cp.csv", &o);
    assert_string_equal(session(r, "A")->title, "Caf\xc3\xa9 \xe2\x80\x9clibre\xe2\x80\x9d");
    assert_string_equal(r->inst->rooms[0].name, "R\xc3\xa9union");
    assert_string_equal(r->inst->people[0].name, "Jos\xc3\xa9 Mu\xc3\xb1oz");
    assert_int_equal(r->w.n, 0);
    result_free(r);
    /* auto: the same, and a warning that says what it guessed */
    o.encoding = "auto";
    r = import_ok_with(cp, strlen(cp), "cp.csv", &o);
    assert_string_equal(r->inst->people[0].name, "Jos\xc3\xa9 Mu\xc3\xb1oz");
    assert_int_equal(r->w.n, 1);
    assert_non_null(strstr(r->w.text, "cp.csv:2: the file is not UTF-8 (byte 0xE9); read it as Windows-1252 (cp1252), which Excel on Windows saves, a guess: check the accented names, or give --encoding"));
    result_free(r);
    /* latin1 when a byte is one that cp1252 leaves undefined */
    static const char l1[] = "id,duration,room,start\nA\x81\xe9,60,R,2025-06-02T09:00\n";
    import_fails_with(l1, strlen(l1), "l1.csv", NULL, 2, 2, "it looks like ISO-8859-1 (latin1): import with --encoding latin1");
    o.encoding = "cp1252"; /* and cp1252 refuses it, naming the byte */
    import_fails_with(l1, strlen(l1), "l1.csv", &o, 2, 2, "byte 0x81 is not a character in cp1252; check --encoding");
    o.encoding = "klingon";
    import_fails_with(cp, strlen(cp), "cp.csv", &o, 0, 0, "unknown encoding \"klingon\"");
    /* UTF-16 with a byte order mark (Excel's "Unicode text"): converted without asking */
    static const char *const part[] = {"id\tduration\troom\tstart\ttimezone\r\nA",
                                       "\t60\tR\t2025-06-02T09:00\tUTC\r\n"};
    char u16[256];
    size_t n = 0;
    u16[n++] = '\xff', u16[n++] = '\xfe';
    for (int k = 0; k < 2; k++) {
        for (const char *p = part[k]; *p; p++)
            u16[n++] = *p, u16[n++] = 0;
        if (k == 0)
            u16[n++] = '\xe9', u16[n++] = 0; /* the id is "Aé" */
    }
    r = import_ok_with(u16, n, "u16.csv", NULL);
    assert_int_equal(r->inst->nsessions, 1);
    assert_string_equal(r->inst->sessions[0].id, "A\xc3\xa9");
    result_free(r);
    /* a file that is UTF-8 but said to be cp1252 is read as told, with a warning */
    static const char u8[] = "id,duration,room,start,timezone\nCaf\xc3\xa9,60,R,2025-06-02T09:00,UTC\n";
    o.encoding = "cp1252";
    r = import_ok_with(u8, strlen(u8), "u8.csv", &o);
    assert_non_null(strstr(r->w.text, "the file is valid UTF-8, yet read as cp1252 as asked"));
    result_free(r);
}

/* Every cell salle cannot read stops the import with row and column; --lenient skips the row or
 * ignores the cell, with a warning. */
static void test_csv_cells(void **state)
{
    (void)state;
    static const struct {
        const char *row, *error, *warning;
        int line, col, sessions;
    } cases[] = {
        {"A,60,R,2025-13-01T10:00,,,,,,,,,", "row 3, column 4 (start): \"2025-13-01T10:00\" is not a date and time such as \"2025-02-01T10:30\"; correct the cell, or import with --lenient to skip the row",
         "row 3, column 4 (start): \"2025-13-01T10:00\" is not a date and time such as \"2025-02-01T10:30\"; skipped the row", 3, 8, 1},
        {"A,,R,2025-06-02T10:00,,,,,,,,,", "row 3, column 2 (duration): no duration (and no start and end); correct the cell, or import with --lenient to skip the row",
         "skipped the row", 3, 3, 1},
        {"A,60,R,2025-06-02T10:00,lots,,,,,,,,", "row 3, column 5 (attendance): \"lots\" is not a whole number; correct the cell, or import with --lenient to ignore the cell",
         "row 3, column 5 (attendance): \"lots\" is not a whole number; ignored", 3, 25, 2},
        {"A,60,R,2025-06-02T10:00,,11:30,,,,,,,", "row 3, column 6 (end): the session ends at 11:30, but its start and duration (60 minutes) end it 30 minutes earlier; correct the cell, or import with --lenient to skip the row",
         "skipped the row", 3, 26, 1},
        {"A,60,,,,,yes,,,,,,", "row 3, column 7 (pinned): pinned (\"yes\"), but the row has neither a room nor a start; correct the cell, or import with --lenient to ignore the cell",
         "ignored", 3, 10, 2},
        {"A,60,R,2025-06-02T10:00,,,sometimes,,,,,,", "row 3, column 7 (pinned): \"sometimes\" is not yes, room, time or no",
         "ignored", 3, 27, 2},
        {"A,60,R,2025-06-02T10:00,,,,Li Wei (Mars/Olympus),,,,,", "row 3, column 8 (remote): \"Mars/Olympus\" is not a time zone such as \"Asia/Shanghai\"",
         "ignored", 3, 28, 2},
        {"A,60,R,2025-06-02T10:00,,,,,after lunch,,,,", "row 3, column 9 (available): \"after lunch\" is not a time window such as \"2025-06-02 09:00-12:00\" or \"14:00-18:00\"",
         "ignored", 3, 29, 2},
        {"A,60,R,2025-06-02T10:00,,,,,,WS-9,,,", "row 3, column 10 (after): no session has the id \"WS-9\"",
         "ignored", 3, 30, 2},
        {"A,60,R,2025-06-02T10:00,,,,,,,A,,", "row 3, column 11 (not_with): \"A\" is this session itself",
         "ignored", 3, 31, 2},
        {"A,60,R,2025-06-02T10:00,,,,,,,,Ana;Bo,ana@example.org", "row 3, column 13 (organizer_emails): 1 address for 2 organizers; give one per organizer, in the same order",
         "ignored", 3, 39, 2},
        {"A,60,R,2025-06-02T10:00,,,,,,,,Ana,ana at example.org", "row 3, column 13 (organizer_emails): \"ana at example.org\" is not an e-mail address",
         "ignored", 3, 36, 2},
    };
    const char *head = "id,duration,room,start,attendance,end,pinned,remote,available,after,not_with,organizers,organizer_emails\n"
                       "Z,30,R,2025-06-02T09:00,,,,,,,,,\n";
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = salle__xasprintf("%s%s\n", head, cases[i].row);
        import_fails_with(text, strlen(text), "cells.csv", NULL, cases[i].line, cases[i].col,
                          cases[i].error);
        salle_import_options lenient = {.lenient = 1};
        result *r = import_ok_with(text, strlen(text), "cells.csv", &lenient);
        assert_int_equal(r->inst->nsessions, cases[i].sessions);
        if (!strstr(r->w.text, cases[i].warning))
            fail_msg("case %zu: warnings lack \"%s\":\n%s", i, cases[i].warning, r->w.text);
        result_free(r);
        free(text);
    }
    /* a time zone cell that is not one would shift every time: an error too */
    static const char tz[] = "id,duration,room,start,timezone\nA,60,R,2025-06-02T10:00,Europe/Pariss\n";
    import_fails_with(tz, strlen(tz), "tz.csv", NULL, 2, 25,
                      "row 2, column 5 (timezone): \"Europe/Pariss\" is not a time zone such as \"Europe/Paris\"");
    /* an end instead of a duration; an end past midnight */
    static const char end[] = "id,start,end,room,timezone\nA,2025-06-02T10:00,11:15,R,UTC\nB,2025-06-02T23:30,00:30,R,\n";
    result *r = import_ok(end, "end.csv");
    assert_int_equal(session(r, "A")->duration, 75);
    assert_int_equal(session(r, "B")->duration, 60);
    assert_int_equal(r->rep->score.hard, 0);
    result_free(r);
}

/* The columns the native format has: pins, remote speakers and their zone, windows, needs,
 * resources, not at the same time, precedence, organizers' e-mail; facts above the header. */
static void test_csv_planning_columns(void **state)
{
    (void)state;
    char *ij = NULL, *sj = NULL;
    salle_diag err = {0};
    warnings w = {0};
    if (salle_import_with("tests/data/csv/forum.csv", NULL, collect, &w, &ij, &sj, &err) < 0)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
    salle_instance *in = salle_instance_parse(ij, strlen(ij), "forum", &err);
    assert_non_null(in);
    assert_string_equal(in->event.name, "IGF 2025 village");
    assert_string_equal(in->event.timezone, "Europe/Oslo");
    assert_int_equal(in->event.ndays, 2); /* the second day has nothing placed: from "days" */
    const salle_session *open = &in->sessions[salle_instance_session(in, "OPEN")];
    const salle_session *ws1 = &in->sessions[salle_instance_session(in, "WS-1")];
    const salle_session *ws2 = &in->sessions[salle_instance_session(in, "WS-2")];
    const salle_session *lt = &in->sessions[salle_instance_session(in, "LT-1")];
    assert_int_equal(open->pinned_room, salle_instance_room(in, "plenary-hall"));
    assert_int_equal(open->pinned_start, 9 * 60);
    assert_int_equal(ws1->pinned_room, salle_instance_room(in, "room-2"));
    assert_int_equal(ws1->pinned_start, -1);
    assert_int_equal(in->nresources, 1);
    assert_int_equal(in->resources[0].capacity, 2);
    assert_int_equal(open->resources.n, 1);
    assert_int_equal(ws2->resources.n, 1);
    assert_int_equal(ws2->needs.n, 1);
    assert_int_equal(ws1->after.n, 1);
    assert_int_equal(ws1->after.v[0], salle_instance_session(in, "OPEN"));
    assert_int_equal(ws2->not_with.n, 1); /* made symmetric by the parser */
    assert_int_equal(ws2->allowed.n, 2);
    assert_int_equal(ws2->allowed.w[1].start, in->event.day_offset[1] + 9 * 60);
    assert_int_equal(lt->allowed.n, 2); /* 14:00-17:00 on every event day */
    const salle_person *li = &in->people[salle_instance_person(in, "p-li-wei")];
    assert_true(li->remote);
    assert_string_equal(li->timezone, "Asia/Shanghai");
    assert_string_equal(in->people[salle_instance_person(in, "p-kofi-mensah")].email, "kofi@example.org");
    assert_null(in->people[salle_instance_person(in, "p-li-wei")].email);
    assert_string_equal(in->people[salle_instance_person(in, "p-ana-lima")].email, "ana@example.org");
    /* the published part checks, and the solver places the rest within every rule */
    salle_schedule *s = salle_schedule_parse(sj, strlen(sj), "forum sched", in, &err);
    assert_non_null(s);
    assert_int_equal(s->nassign, 2);
    salle_solve_options so = {.seed = 1, .iterations = 20000};
    salle_score sc;
    salle_schedule *sol = salle_solve(in, &so, &sc);
    salle_report *rep = salle_check(in, sol);
    assert_int_equal(rep->score.hard, 0);
    assert_int_equal(sol->nassign, 4);
    salle_report_free(rep);
    salle_schedule_free(sol);
    salle_schedule_free(s);
    salle_instance_free(in);
    free(ij);
    free(sj);
}

/* A spreadsheet of proposals, nothing placed: days and rooms from the lines above the header,
 * or from --days. */
static void test_csv_proposals(void **state)
{
    (void)state;
    static const char props[] = "Event:,Open Forum 2025\n"
                                "days,2025-06-02..2025-06-03\n"
                                "rooms,Main hall (300); Room 2 (40)\n"
                                "timezone,Europe/Paris\n"
                                "\n"
                                "id,title,duration,attendance\n"
                                "P-1,Data,60,200\n"
                                "P-2,Rights,90,30\n";
    result *r = import_ok(props, "props.csv");
    assert_string_equal(r->inst->event.name, "Open Forum 2025");
    assert_int_equal(r->inst->event.ndays, 2);
    assert_int_equal(r->inst->nrooms, 2);
    assert_int_equal(r->inst->rooms[0].capacity, 300);
    assert_int_equal(r->inst->rooms[1].capacity, 40);
    assert_int_equal(r->sched->nassign, 0);
    assert_int_equal(r->sched->nunscheduled, 2);
    assert_int_equal(r->w.n, 0);
    salle_solve_options so = {.seed = 1, .iterations = 20000};
    salle_score sc;
    salle_schedule *sol = salle_solve(r->inst, &so, &sc);
    salle_report *rep = salle_check(r->inst, sol);
    assert_int_equal(rep->score.hard, 0);
    assert_int_equal(sol->nassign, 2);
    salle_report_free(rep);
    salle_schedule_free(sol);
    result_free(r);
    /* the days from the command line; the rooms from the room column */
    static const char plain[] = "id,title,duration,room,timezone\nP-1,Data,60,Main hall,UTC\n";
    salle_import_options o = {.days = "2025-06-02,2025-06-04"};
    r = import_ok_with(plain, strlen(plain), "plain.csv", &o);
    assert_int_equal(r->inst->event.ndays, 2);
    assert_string_equal(r->inst->event.days[1], "2025-06-04");
    result_free(r);
    o.days = "next week";
    import_fails_with(plain, strlen(plain), "plain.csv", &o, 0, 0, "--days \"next week\" is not a list of dates (1900 to 2200)");
    o.days = "9999-12-31"; /* beyond what minutes since 1970 hold */
    import_fails_with(plain, strlen(plain), "plain.csv", &o, 0, 0, "--days \"9999-12-31\" is not a list of dates");
    import_fails("id,duration\nA,30\n", "unplaced.csv", 0, "or give the days (CSV: --days or a \"days\" line above the header");
    static const char baddays[] = "days,June\nid,duration,room\nA,30,R\n";
    import_fails_with(baddays, strlen(baddays), "bd.csv", NULL, 1, 6, "row 1, column 2 (days): \"June\" is not a list of dates (1900 to 2200)");
}

/* --keep-times: the published placement becomes each session's "published" key, so that solve
 * keeps it. */
static void test_keep_times(void **state)
{
    (void)state;
    static const char csv[] = "id,duration,room,start,timezone\nA,60,R,2025-06-02T10:00,UTC\nB,30,,,\n";
    salle_import_options o = {.keep_times = 1};
    result *r = import_ok_with(csv, strlen(csv), "k.csv", &o);
    assert_int_equal(session(r, "A")->published_room, 0);
    assert_int_equal(session(r, "A")->published_start, 10 * 60);
    assert_int_equal(session(r, "B")->published_start, -1);
    result_free(r);
    r = import_ok(csv, "k.csv");
    assert_int_equal(session(r, "A")->published_start, -1);
    result_free(r);
    r = import_ok_with(old_frab, strlen(old_frab), "old.xml", &o); /* every format */
    int kept = 0;
    for (int i = 0; i < r->inst->nsessions; i++)
        kept += r->inst->sessions[i].published_start >= 0;
    assert_int_equal(kept, r->sched->nassign);
    result_free(r);
}

/* salle export csv reads back with salle import, and says the same again. */
static void test_csv_round_trip(void **state)
{
    (void)state;
    char *ij = NULL, *sj = NULL;
    salle_diag err = {0};
    if (salle_import_with("tests/data/csv/forum.csv", NULL, NULL, NULL, &ij, &sj, &err) < 0)
        fail_msg("%s", err.msg);
    salle_instance *in = salle_instance_parse(ij, strlen(ij), "forum", &err);
    salle_solve_options so = {.seed = 1, .iterations = 20000};
    salle_score sc;
    salle_schedule *sol = salle_solve(in, &so, &sc);
    char *c1 = salle_export_csv(in, sol, &err);
    result *r = import_ok(c1, "export.csv");
    assert_int_equal(r->w.n, 0);
    assert_int_equal(r->rep->score.hard, 0);
    assert_int_equal(r->inst->nsessions, sol->nassign);
    assert_int_equal(r->inst->event.ndays, in->event.ndays);
    for (int i = 0; i < sol->nassign; i++) {
        const salle_session *a = &in->sessions[sol->assign[i].session];
        const salle_session *b = session(r, a->id);
        assert_int_equal(b->duration, a->duration);
        assert_string_equal(b->guid, a->guid);
        assert_int_equal(b->allowed.n, a->allowed.n);
        assert_int_equal(b->resources.n, a->resources.n);
        assert_int_equal(b->after.n, a->after.n);
        assert_int_equal(b->not_with.n, a->not_with.n);
        assert_int_equal(b->speakers.n, a->speakers.n);
        assert_int_equal(b->pinned_room >= 0, a->pinned_room >= 0);
        assert_int_equal(b->pinned_start >= 0, a->pinned_start >= 0);
        assert_int_equal(start_of(r, a->id), sol->assign[i].start);
        assert_string_equal(r->inst->rooms[r->sched->assign[i].room].name,
                            in->rooms[sol->assign[i].room].name);
    }
    assert_true(r->inst->people[salle_instance_person(r->inst, "p-li-wei")].remote);
    assert_string_equal(r->inst->people[salle_instance_person(r->inst, "p-kofi-mensah")].email,
                        "kofi@example.org");
    char *c2 = salle_export_csv(r->inst, r->sched, &err);
    assert_string_equal(c1, c2); /* a fixed point */
    free(c1);
    free(c2);
    result_free(r);
    salle_schedule_free(sol);
    salle_instance_free(in);
    free(ij);
    free(sj);
}

/* The importers say what an abstract is written in: frab HTML when it holds markup, c3voc JSON
 * Markdown. */
static void test_abstract_formats(void **state)
{
    (void)state;
    static const char frab[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule><conference><title>F</title>"
        "<time_zone_name>Europe/Brussels</time_zone_name></conference>\n"
        "<day index=\"1\" date=\"2025-02-01\"><room name=\"K\">\n"
        "<event id=\"1\"><date>2025-02-01T10:00:00+01:00</date><start>10:00</start><duration>00:30</duration>"
        "<title>A</title><abstract>&lt;p&gt;Hello &lt;b&gt;you&lt;/b&gt;&lt;/p&gt;</abstract></event>\n"
        "<event id=\"2\"><date>2025-02-01T11:00:00+01:00</date><start>11:00</start><duration>00:30</duration>"
        "<title>B</title><abstract>a &lt; b</abstract></event>\n"
        "</room></day></schedule>\n";
    result *r = import_ok(frab, "f.xml");
    assert_int_equal(session(r, "1")->abstract_format, SALLE_TEXT_HTML);
    assert_int_equal(session(r, "2")->abstract_format, SALLE_TEXT_PLAIN);
    result_free(r);
    static const char json[] =
        "{\"schedule\": {\"conference\": {\"title\": \"J\", \"time_zone_name\": \"UTC\", \"days\": [{\"index\": 1, \"date\": \"2025-02-01\","
        " \"rooms\": {\"K\": [{\"id\": 1, \"guid\": \"0f8d3c62-8f3b-5d1e-9a43-2b7c1e9d4a10\", \"date\": \"2025-02-01T10:00:00+00:00\","
        " \"start\": \"10:00\", \"duration\": \"00:30\", \"room\": \"K\", \"title\": \"A\", \"abstract\": \"*hi*\"}]}}]}}}";
    r = import_ok(json, "j.json");
    assert_int_equal(r->inst->sessions[0].abstract_format, SALLE_TEXT_MARKDOWN);
    result_free(r);
}

static void test_durations(void **state)
{
    (void)state;
    assert_int_equal(salle__imp_duration("00:30"), 30);
    assert_int_equal(salle__imp_duration("01:30"), 90);
    assert_int_equal(salle__imp_duration("120:00"), 7200);
    assert_int_equal(salle__imp_duration("004:02:30"), 4 * 1440 + 150);
    assert_int_equal(salle__imp_duration("1h30"), 90);
    assert_int_equal(salle__imp_duration("90"), 90);
    assert_int_equal(salle__imp_duration("00:75"), -1);
    assert_int_equal(salle__imp_duration("x"), -1);
    assert_int_equal(salle__imp_duration(NULL), -1);
}

/* The real files, through the public entry point, when the shared data is there. (Speed is
 * bench/io.sh's business, not a unit test's: the machine is shared and noisy.) */
static void test_real_files(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int sessions, rooms, days;
    } cases[] = {
        {"fosdem2010.xml", 301, 20, 2},
        {"fosdem2025.xml", 943, 40, 2},
        {"giggity-debconf23.xml", 117, 5, 8},
        {"voc-pretalx-democon.json", 36, 2, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[300];
        snprintf(path, sizeof path, "../shared/data/schedules/%s", cases[i].file);
        if (access(path, R_OK) != 0) {
            fprintf(stderr, "skipping %s: not there\n", path);
            continue;
        }
        salle_diag err = {0};
        char *ij = NULL, *sj = NULL;
        warnings w = {0};
        if (salle_import(path, collect, &w, &ij, &sj, &err) < 0)
            fail_msg("%s:%d: %s", err.file, err.line, err.msg);
        salle_instance *in = salle_instance_parse(ij, strlen(ij), path, &err);
        assert_non_null(in);
        assert_int_equal(in->nsessions, cases[i].sessions);
        assert_int_equal(in->nrooms, cases[i].rooms);
        assert_int_equal(in->event.ndays, cases[i].days);
        salle_instance_free(in);
        free(ij);
        free(sj);
    }
}


/* ---------------------------------------------------------------- round trips (issue 8) */

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void has(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("expected \"%s\" in:\n%.3000s", needle, text);
}

/* Every value of attribute or key `key` (e.g. "guid=\"" or "UID:") occurs once in text. */
static void all_unique(const char *text, const char *key, int expected)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, key)); p += strlen(key)) {
        const char *v = p + strlen(key);
        size_t len = strcspn(v, "\"\r\n,");
        char val[128];
        snprintf(val, sizeof val, "%s%.*s", key, (int)(len < 100 ? len : 100), v);
        if (count(text, val) != 1)
            fail_msg("%s occurs %d times", val, count(text, val));
        n++;
    }
    if (expected >= 0)
        assert_int_equal(n, expected);
}

/* The events' guids in c3voc JSON are all different; returns how many events there are. */
static int json_event_guids_unique(const char *text)
{
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    assert_non_null(root);
    json_t *days = json_object_get(json_object_get(json_object_get(root, "schedule"), "conference"), "days");
    char seen[64][40];
    int n = 0;
    size_t i, k;
    json_t *day, *ev;
    const char *room;
    json_t *evs;
    json_array_foreach(days, i, day) {
        json_object_foreach(json_object_get(day, "rooms"), room, evs) {
            json_array_foreach(evs, k, ev) {
                const char *g = json_string_value(json_object_get(ev, "guid"));
                assert_non_null(g);
                for (int j = 0; j < n; j++)
                    if (strcmp(seen[j], g) == 0)
                        fail_msg("event guid %s occurs twice", g);
                assert_true(n < 64);
                snprintf(seen[n++], sizeof seen[0], "%s", g);
            }
        }
    }
    json_decref(root);
    return n;
}

static result *import_file(const char *path)
{
    size_t len;
    salle_diag err = {0};
    char *buf = salle__read_file(path, &len, &err);
    if (!buf)
        fail_msg("%s: %s", path, err.msg);
    result *r = import_ok(buf, path);
    free(buf);
    return r;
}

static const salle_link *link_of(const salle_session *s, const char *url)
{
    for (int k = 0; k < s->nlinks; k++)
        if (strcmp(s->links[k].url, url) == 0)
            return &s->links[k];
    fail_msg("session %s has no link %s", s->id, url);
    return NULL;
}

static void assert_link(const salle_session *s, const char *url, const char *type,
                        const char *title, int attachment)
{
    const salle_link *l = link_of(s, url);
    if (type)
        assert_string_equal(l->type, type);
    else
        assert_null(l->type);
    if (title)
        assert_string_equal(l->title, title);
    else
        assert_null(l->title);
    assert_int_equal(l->attachment, attachment);
}

static int person_named(const salle_instance *in, const char *name, int nth)
{
    for (int p = 0; p < in->npeople; p++)
        if (strcmp(in->people[p].name, name) == 0 && nth-- == 0)
            return p;
    return -1;
}

/* What the fixture says about sessions, people and days, after the first import and after
 * re-importing salle's own frab export of it. */
static void check_fixture_frab(const result *r, int again)
{
    const salle_instance *in = r->inst;
    assert_string_equal(in->event.timezone, "Europe/Brussels");
    assert_int_equal(in->event.ndays, 2);
    assert_int_equal(in->nsessions, 5);
    const salle_session *s = session(r, "42");
    assert_int_equal(s->do_not_record, 1);
    assert_int_equal(session(r, again ? "44" : "43")->do_not_record, 0);
    assert_string_equal(s->subtitle, "Why we meet");
    assert_string_equal(s->abstract, "The short text.");
    assert_string_equal(s->description, "The long text, which apps show under the abstract.");
    assert_string_equal(s->slug, "rt2014-42-opening_plenary");
    assert_string_equal(s->guid, "3a1f0c52-9d8e-4a4b-8f55-0b7c6e1d2a11");
    if (!again) { /* as written; the export resolves them, which the XSD requires */
        assert_string_equal(s->url, "events/42.html");
        assert_string_equal(s->feedback_url, "/feedback/42");
    } else {
        assert_string_equal(s->url, "https://forum.example.org/2014/events/42.html");
        assert_string_equal(s->feedback_url, "https://forum.example.org/feedback/42");
    }
    assert_int_equal(s->nlinks, 4);
    assert_link(s, "https://meet.example.org/r42", "remote", "Jitsi room", 0);
    assert_link(s, "https://pad.example.org/42", "document", "Comments pad", 0);
    assert_link(s, "https://slides.example.org/42", "slides", "Slides", 0);
    assert_link(s, "/files/42-report.pdf", "report", "Outcomes", 1);
    const salle_session *night = session(r, "44");
    assert_link(night, "https://video.example.org/44", "recording", "Day 1 night", 0);
    assert_link(night, "https://captions.example.org/44", "transcript", "Live captions", 0);
    /* the copy of 42 has its own guid, and the frab id 7 names two people */
    int copy = -1;
    for (int i = 0; i < in->nsessions; i++)
        if (strcmp(in->sessions[i].title, "Opening plenary (overflow)") == 0)
            copy = i;
    assert_true(copy >= 0);
    assert_true(salle__is_uuid(in->sessions[copy].guid));
    assert_string_not_equal(in->sessions[copy].guid, s->guid);
    assert_int_equal(in->npeople, 5);
    int ana = person_named(in, "Ana Ruiz", 0), bo = person_named(in, "Bo Chen", 0);
    assert_true(ana >= 0 && bo >= 0 && person_named(in, "Ana Ruiz", 1) < 0);
    assert_string_equal(in->people[ana].source_id, "7");
    assert_string_equal(in->people[bo].source_id, "7");
    int c1 = person_named(in, "Chris Lee", 0), c2 = person_named(in, "Chris Lee", 1);
    assert_true(c1 >= 0 && c2 >= 0);
    assert_string_not_equal(in->people[c1].guid, in->people[c2].guid);
    assert_true(salle__ids_has(&s->speakers, ana) && salle__ids_has(&session(r, "43")->speakers, bo));
    /* the talk at 01:00 belongs to the first conference day */
    int t = start_of(r, "44");
    assert_int_equal(t, in->event.day_offset[0] + 24 * 60 + 60);
    assert_int_equal(salle_time_day(in, t), 0);
    assert_true(in->event.day_change > 60 && in->event.day_change <= 9 * 60);
    for (int rm = 0; rm < in->nrooms; rm++)
        assert_int_equal(in->rooms[rm].capacity_unknown, 1);
    assert_int_equal(r->rep->score.hard, 0);
}

static void test_round_trip_frab(void **state)
{
    (void)state;
    result *r = import_file("tests/fixtures/roundtrip.xml");
    has(r->w.text, "taking Europe/Brussels from the venue \"ULB (Université Libre de Bruxelles)\"");
    has(r->w.text, "roundtrip.xml:59: person id 7 names \"Ana Ruiz\" (line 39) and \"Bo Chen\" (line 59); kept as two people");
    has(r->w.text, "roundtrip.xml:81: session \"42-2\" has the guid 3a1f0c52-9d8e-4a4b-8f55-0b7c6e1d2a11 of session \"42\" (line 23); it gets its own");
    has(r->inst_json, "\"capacity\": null");
    check_fixture_frab(r, 0);
    assert_int_equal(r->inst->event.day_change, 4 * 60);

    salle_diag err = {0};
    char *xml = salle_export_frab(r->inst, r->sched, &err);
    assert_non_null(xml);
    all_unique(xml, "<event guid=\"", 5);
    all_unique(xml, "<slug>", 5);
    assert_int_equal(count(xml, "<optout>true</optout>"), 1);
    has(xml, "<subtitle>Why we meet</subtitle>");
    has(xml, "<description>The long text, which apps show under the abstract.</description>");
    has(xml, "<slug>rt2014-42-opening_plenary</slug>");
    has(xml, "<url>https://forum.example.org/2014/events/42.html</url>");
    has(xml, "<feedback_url>https://forum.example.org/feedback/42</feedback_url>");
    has(xml, "<link href=\"https://meet.example.org/r42\" type=\"remote\">Remote participation: Jitsi room</link>");
    has(xml, "<attachment href=\"/files/42-report.pdf\" type=\"report\">Report and outcomes: Outcomes</attachment>");
    assert_int_equal(count(xml, "<person id=\"7\""), 4); /* Ana three times, Bo once: not a hash */
    /* day 1 holds the talk after midnight and ends before day 2 begins */
    has(xml, "<day index=\"1\" date=\"2014-12-27\" start=\"2014-12-27T09:00:00+01:00\" end=\"2014-12-28T01:45:00+01:00\">");
    has(xml, "<day index=\"2\" date=\"2014-12-28\" start=\"2014-12-28T09:00:00+01:00\"");
    const char *day2 = strstr(xml, "<day index=\"2\"");
    assert_non_null(strstr(xml, "After midnight"));
    assert_true(strstr(xml, "After midnight") < day2);

    char *js = salle_export_json(r->inst, r->sched, &err);
    assert_non_null(js);
    assert_int_equal(json_event_guids_unique(js), 5);
    assert_int_equal(count(js, "\"do_not_record\": true"), 1);
    assert_int_equal(count(js, "\"capacity\": null"), 2);
    has(js, "\"type\": \"web\",\n                    \"url\": \"https://meet.example.org/r42\",\n                    \"title\": \"Remote participation: Jitsi room\"");
    has(js, "\"url\": \"https://forum.example.org/files/42-report.pdf\"");
    has(js, "\"subtitle\": \"Why we meet\"");

    char *ics = salle_export_ics(r->inst, r->sched, -1, -1, &err);
    assert_non_null(ics);
    all_unique(ics, "UID:", 5);
    has(ics, "DTSTART;TZID=Europe/Brussels:20141227T090000");
    has(ics, "CONFERENCE;VALUE=URI;LABEL=\"Remote participation: Jitsi room\":https:");
    has(ics, "This session is not recorded.");

    /* and salle's own export reads back as the same programme */
    result *again = import_ok(xml, "again.xml");
    check_fixture_frab(again, 1);
    assert_int_equal(again->w.n, 0);
    result_free(again);
    free(xml);
    free(js);
    free(ics);
    result_free(r);
}

/* c3voc JSON as pretalx and the hub write it: namesakes told apart by guid and code, salle's
 * link types in the titles' labels, a repeated guid, a day ending at 03:00. */
static void test_round_trip_json(void **state)
{
    (void)state;
    result *r = import_file("tests/fixtures/roundtrip.json");
    has(r->w.text, "taking Europe/Berlin from the city \"Hamburg\"");
    has(r->w.text, "roundtrip.json:19: session \"102\" has the guid 7e5b4a96-31c2-4e8f-b399-4fb0a25b6e55 of session \"101\" (line 8)");
    const salle_instance *in = r->inst;
    assert_int_equal(in->npeople, 3);
    int s1 = person_named(in, "Sam Ito", 0), s2 = person_named(in, "Sam Ito", 1);
    assert_true(s1 >= 0 && s2 >= 0);
    assert_string_equal(in->people[s1].guid, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    assert_null(in->people[s2].guid);
    assert_string_equal(in->people[s2].source_id, "2");
    const salle_session *k = session(r, "101");
    assert_int_equal(k->do_not_record, 1);
    assert_string_equal(k->subtitle, "Where next");
    assert_string_equal(k->description, "Long.");
    assert_string_equal(k->slug, "rc2020-101-keynote_talk");
    assert_string_equal(k->feedback_url, "https://hub.example.org/rc/talk/101/feedback/");
    assert_link(k, "https://meet.example.org/101", "remote", "BigBlueButton", 0);
    assert_link(k, "https://media.example.org/101", "recording", "Keynote", 0);
    assert_link(k, "https://blog.example.org/101", NULL, "Blog post", 0);
    assert_link(k, "https://hub.example.org/rc/101.pdf", "report", "Summary", 1);
    assert_string_not_equal(session(r, "102")->guid, k->guid);
    assert_int_equal(in->event.day_change, 3 * 60);
    assert_int_equal(salle_time_day(in, start_of(r, "102")), 0);
    assert_int_equal(salle_time_day(in, start_of(r, "103")), 1);

    salle_diag err = {0};
    char *js = salle_export_json(r->inst, r->sched, &err);
    assert_non_null(js);
    assert_int_equal(json_event_guids_unique(js), 3);
    has(js, "\"url\": \"https://hub.example.org/rc/talk/101/\"");
    has(js, "\"feedback_url\": \"https://hub.example.org/rc/talk/101/feedback/\"");
    /* the JSON export reads back with the types */
    result *again = import_ok(js, "again.json");
    const salle_session *k2 = session(again, "101");
    /* written as c3voc's closed-list "web" with the label; salle's own type comes back from it */
    assert_link(k2, "https://meet.example.org/101", "remote", "BigBlueButton", 0);
    assert_link(k2, "https://hub.example.org/rc/101.pdf", "report", "Summary", 1);
    assert_int_equal(session(again, "101")->do_not_record, 1);
    free(js);
    result_free(again);
    result_free(r);
}

/* c3voc JSON with only "start" clocks: a 01:00 talk under a day that ends at 03:00 is that
 * day's night, not the morning of its date. */
static void test_json_night(void **state)
{
    (void)state;
    static const char js[] =
        "{\"schedule\": {\"conference\": {\"title\": \"N\", \"time_zone_name\": \"Europe/Berlin\", \"days\": [\n"
        " {\"date\": \"2020-12-27\", \"day_end\": \"2020-12-28T03:00:00+01:00\", \"rooms\": {\"A\": [\n"
        "  {\"id\": 1, \"start\": \"22:00\", \"duration\": \"01:00\", \"title\": \"Late\"},\n"
        "  {\"id\": 2, \"start\": \"01:00\", \"duration\": \"00:30\", \"title\": \"Night\"}]}},\n"
        " {\"date\": \"2020-12-28\", \"day_end\": \"2020-12-29T03:00:00+01:00\", \"rooms\": {\"A\": [\n"
        "  {\"id\": 3, \"start\": \"11:00\", \"duration\": \"01:00\", \"title\": \"Day two\"}]}}]}}}\n";
    result *r = import_ok(js, "night.json");
    assert_int_equal(r->inst->event.day_change, 3 * 60);
    assert_int_equal(start_of(r, "2"), 24 * 60 + 60);
    assert_int_equal(salle_time_day(r->inst, start_of(r, "2")), 0);
    assert_int_equal(salle_time_day(r->inst, start_of(r, "3")), 1);
    assert_int_equal(r->rep->score.hard, 0);
    result_free(r);
}

/* The typed link columns of a spreadsheet (docs/csv.md). */
/* salle__csv_mem_is_talks, which the server asks after an upload failed: a talks sheet (its block
 * or talk table among the first rows) is one, even when one of its cells is wrong; a sessions
 * sheet that fails, a frab file, JSON, nothing, and rows that cannot be read are not. */
static void test_csv_is_talks(void **state)
{
    (void)state;
    static const char talks[] = "event,ECAI 2026\nrooms,Room A (120)\n\n"
                                "block,day,start,end,slots\nWed1,2026-06-17,10:00,11:00,3\n\n"
                                "id,title,track,slots,presenters\nML-1,Sparse attention,ML,1,Ana Silva\n";
    assert_int_equal(salle__csv_mem_is_talks(talks, strlen(talks), "talks.csv"), 1);
    static const char bad_talks[] = "event,ECAI 2026\n\nid,title,track,slots,presenters\n"
                                    "ML-1,Sparse attention,ML,zero,Ana [silva\n";
    assert_int_equal(salle__csv_mem_is_talks(bad_talks, strlen(bad_talks), "talks.csv"), 1);
    /* rows that cannot be read at all (a quote nothing closes): the reader's own error stands */
    static const char open_quote[] = "id,title,track,slots,presenters\nML-1,\"Sparse,ML,1,Ana\n";
    assert_int_equal(salle__csv_mem_is_talks(open_quote, strlen(open_quote), "talks.csv"), 0);
    static const char sessions[] = "id,title,duration,day\nWS-1,Opening,90,2026-06-17\nWS-2,,abc,\n";
    assert_int_equal(salle__csv_mem_is_talks(sessions, strlen(sessions), "s.csv"), 0);
    static const char frab[] = "<schedule><conference><title>x</title></conference></schedule>\n";
    assert_int_equal(salle__csv_mem_is_talks(frab, strlen(frab), "s.xml"), 0);
    assert_int_equal(salle__csv_mem_is_talks("{\"salle\": 1}", 12, "s.json"), 0);
    assert_int_equal(salle__csv_mem_is_talks("", 0, "empty.csv"), 0);
    static const char latin1[] = "block,day\xe9\nWed1,2026-06-17\n"; /* not UTF-8: not read */
    assert_int_equal(salle__csv_mem_is_talks(latin1, strlen(latin1), "l.csv"), 0);
}

static void test_csv_links(void **state)
{
    (void)state;
    static const char csv[] =
        "id,title,duration,room,start,timezone,remote_link,remote_note,document,report,transcript,recording\n"
        "WS-1,Open data,60,Salle 3,2025-02-01T10:30,Europe/Paris,https://zoom.example.org/j/1,"
        "captions; keyboard only,https://pad.example.org/ws1,https://igf.example.org/r/ws1.pdf,"
        "https://igf.example.org/t/ws1,https://video.example.org/ws1\n"
        "WS-2,Closed data,60,Salle 3,2025-02-01T11:30,,,,,,,\n";
    result *r = import_ok(csv, "links.csv");
    assert_int_equal(r->w.n, 0);
    const salle_session *s = session(r, "WS-1");
    assert_int_equal(s->nlinks, 5);
    assert_string_equal(s->links[0].type, "remote");
    assert_string_equal(s->links[0].url, "https://zoom.example.org/j/1");
    assert_string_equal(s->links[0].note, "captions; keyboard only");
    assert_null(s->links[0].title);
    assert_link(s, "https://pad.example.org/ws1", "document", NULL, 0);
    assert_string_equal(link_of(s, "https://igf.example.org/r/ws1.pdf")->type, "report");
    assert_string_equal(link_of(s, "https://igf.example.org/t/ws1")->type, "transcript");
    assert_string_equal(link_of(s, "https://video.example.org/ws1")->type, "recording");
    assert_int_equal(session(r, "WS-2")->nlinks, 0);
    /* and they survive salle export csv and its import (the export's last six columns) */
    salle_diag err = {0};
    char *c1 = salle_export_csv(r->inst, r->sched, &err);
    assert_non_null(c1);
    result *back = import_ok(c1, "links-export.csv");
    const salle_session *b = session(back, "WS-1");
    assert_int_equal(b->nlinks, 5);
    for (int k = 0; k < s->nlinks; k++) {
        const salle_link *l = link_of(b, s->links[k].url);
        assert_non_null(l);
        assert_string_equal(l->type, s->links[k].type);
    }
    assert_string_equal(link_of(b, "https://zoom.example.org/j/1")->note, "captions; keyboard only");
    assert_int_equal(session(back, "WS-2")->nlinks, 0);
    char *c2 = salle_export_csv(back->inst, back->sched, &err);
    assert_string_equal(c1, c2); /* a fixed point */
    free(c1);
    free(c2);
    result_free(back);
    result_free(r);
}

/* No zone anywhere: UTC with a warning that says how to fix it; --timezone fixes it. */
static void test_timezone_option(void **state)
{
    (void)state;
    static const char xml[] =
        "<schedule><conference><title>Plain</title></conference>\n"
        "<day date=\"2019-02-02\"><room name=\"K\">\n"
        "<event id=\"1\"><date>2019-02-02T09:00:00</date><duration>01:00</duration>"
        "<title>Nine</title></event></room></day></schedule>\n";
    char path[] = "/tmp/salle-tz-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, xml, sizeof xml - 1), (ssize_t)(sizeof xml - 1));
    close(fd);
    salle_diag err = {0};
    char *ij = NULL, *sj = NULL;
    warnings w = {0};
    salle_import_summary sum = {-1, -1, -1, -1};
    assert_int_equal(salle_import(path, collect, &w, &ij, &sj, &err), 0);
    has(w.text, "no time zone given and none to guess from; taking UTC (say --timezone ZONE");
    assert_non_null(strstr(ij, "\"timezone\": \"UTC\""));
    free(ij);
    free(sj);
    memset(&w, 0, sizeof w);
    assert_int_equal(salle_import_tz(path, "Europe/Brussels", &sum, collect, &w, &ij, &sj, &err), 0);
    assert_int_equal(w.n, 0);
    salle_instance *in = salle_instance_parse(ij, strlen(ij), "i", &err);
    assert_non_null(in);
    assert_int_equal(sum.sessions, 1);
    assert_int_equal(sum.rooms, 1);
    assert_int_equal(sum.people, 0);
    assert_int_equal(sum.days, 1);
    salle_schedule *s = salle_schedule_parse(sj, strlen(sj), "s", in, &err);
    assert_non_null(s);
    char *ics = salle_export_ics(in, s, -1, -1, &err);
    has(ics, "DTSTART;TZID=Europe/Brussels:20190202T090000");
    free(ics);
    salle_schedule_free(s);
    salle_instance_free(in);
    free(ij);
    free(sj);
    char *a = (char *)0x1;
    assert_int_equal(salle_import_tz(path, "Mars/Olympus", NULL, collect, &w, &a, NULL, &err), -1);
    assert_ptr_equal(a, (char *)0x1);
    has(err.msg, "unknown time zone \"Mars/Olympus\" for --timezone");
    /* a zone the file names gives way to --timezone, with a warning */
    static const char named[] =
        "<schedule><conference><title>N</title><time_zone_name>Europe/Paris</time_zone_name>"
        "</conference><day date=\"2019-02-02\"><room name=\"K\"><event id=\"1\">"
        "<date>2019-02-02T09:00:00</date><duration>01:00</duration></event></room></day></schedule>";
    FILE *f = fopen(path, "w");
    fputs(named, f);
    fclose(f);
    memset(&w, 0, sizeof w);
    assert_int_equal(salle_import_tz(path, "Europe/Lisbon", NULL, collect, &w, &ij, NULL, &err), 0);
    has(w.text, "the file names the time zone \"Europe/Paris\"; using Europe/Lisbon as --timezone asks");
    has(ij, "\"timezone\": \"Europe/Lisbon\"");
    free(ij);
    unlink(path);
}

/* issue 11.6: salle_diag.lang words the importers' errors (the CSV reader's, the common ones) in
 * that language at the same line and column; "" is English byte for byte; a --lenient warning
 * stays English. */
static salle_diag import_in(const char *lang, const char *text, const salle_import_options *opt)
{
    salle_diag err = {0};
    snprintf(err.lang, sizeof err.lang, "%s", lang);
    char *a = NULL; /* no schedule asked for, as `salle import` without --schedule: a talks sheet has none */
    assert_int_equal(salle__import_mem_with(text, strlen(text), "upload", opt, NULL, NULL, &a, NULL, &err), -1);
    assert_null(a);
    return err;
}

/* The warnings of a successful import of text in language lang ("": English). */
static warnings warned_in(const char *lang, const char *text, const salle_import_options *opt)
{
    salle_diag err = {0};
    snprintf(err.lang, sizeof err.lang, "%s", lang);
    warnings w = {0};
    char *a = NULL;
    if (salle__import_mem_with(text, strlen(text), "upload", opt, collect, &w, &a, NULL, &err) != 0)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    free(a);
    return w;
}

static void import_in_languages(const char *text, const char *en, const char *fr, const char *es,
                                const char *ar)
{
    salle_diag e = import_in("", text, NULL);
    assert_string_equal(e.msg, en);
    const char *const langs[] = {"fr", "es", "ar"}, *const want[] = {fr, es, ar};
    for (int i = 0; i < 3; i++) {
        salle_diag t = import_in(langs[i], text, NULL);
        assert_string_equal(t.msg, want[i]);
        assert_string_equal(t.file, "upload");
        assert_int_equal(t.line, e.line);
        assert_int_equal(t.col, e.col);
    }
}

static void test_csv_in_languages(void **state)
{
    (void)state;
    static const char cell[] = "id,duration,room,start,attendance\nZ,30,R,2025-06-02T09:00,\nA,60,R,2025-06-02T10:00,lots\n";
    import_in_languages(cell,
                        "row 3, column 5 (attendance): \"lots\" is not a whole number; correct the cell, or import with --lenient to ignore the cell",
                        "ligne 3, colonne 5 (attendance) : \"lots\" n’est pas un nombre entier ; corrigez la cellule, ou importez avec --lenient pour ignorer la cellule",
                        "fila 3, columna 5 (attendance): \"lots\" no es un número entero; corrija la celda, o importe con --lenient para ignorar la celda",
                        "الصف 3، العمود 5 (attendance): \"lots\" ليس عددًا صحيحًا؛ صحّح الخلية، أو استورد مع --lenient لكي تُتجاهل الخلية");
    assert_int_equal(import_in("fr", cell, NULL).line, 3);
    import_in_languages("id,room\nA,R\n",
                        "row 1: the header has no \"duration\" column (nor \"start\" and \"end\"); expected columns such as id,title,duration,room,start (docs/csv.md)",
                        "ligne 1 : l’en-tête n’a pas de colonne \"duration\" (ni \"start\" et \"end\") ; attendu : des colonnes comme id,title,duration,room,start (docs/csv.md)",
                        "fila 1: la cabecera no tiene columna \"duration\" (ni \"start\" y \"end\"); se esperan columnas como id,title,duration,room,start (docs/csv.md)",
                        "الصف 1: ليس في سطر العناوين عمود \"duration\" (ولا \"start\" و\"end\")؛ المتوقع أعمدة مثل id,title,duration,room,start (docs/csv.md)");
    import_in_languages("id,title,duration\nA,Caf\xe9,60\n",
                        "the file is not UTF-8 (byte 0xE9 here); it looks like Windows-1252 (cp1252), which Excel on Windows saves: import with --encoding cp1252 (or --encoding auto), or save the sheet as \"CSV UTF-8\"",
                        "le fichier n’est pas en UTF-8 (octet 0xE9 ici) ; on dirait du Windows-1252 (cp1252), qu’enregistre Excel sous Windows : importez avec --encoding cp1252 (ou --encoding auto), ou enregistrez la feuille en \"CSV UTF-8\"",
                        "el archivo no es UTF-8 (byte 0xE9 aquí); parece Windows-1252 (cp1252), que guarda Excel en Windows: importe con --encoding cp1252 (o --encoding auto), o guarde la hoja como \"CSV UTF-8\"",
                        "الملف ليس UTF-8 (البايت 0xE9 هنا)؛ يبدو أنه Windows-1252 (cp1252) الذي يحفظ به Excel على Windows: استورده مع --encoding cp1252 (أو --encoding auto)، أو احفظ الورقة بصيغة \"CSV UTF-8\"");
    import_in_languages("  \n", "the file is empty", "le fichier est vide", "el archivo está vacío", "الملف فارغ");
    import_in_languages("BEGIN:VCALENDAR\n",
                        "iCalendar cannot be imported (it has no rooms or people to rely on); import the frab schedule.xml or the schedule JSON instead",
                        "un fichier iCalendar ne peut pas être importé (il n’a ni salles ni personnes fiables) ; importez plutôt le schedule.xml de frab ou le programme en JSON",
                        "un archivo iCalendar no se puede importar (no tiene salas ni personas fiables); importe en su lugar el schedule.xml de frab o el programa en JSON",
                        "لا يمكن استيراد iCalendar (ليس فيه قاعات أو أشخاص يُعتمد عليهم)؛ استورد بدلًا منه ملف schedule.xml من frab أو البرنامج بصيغة JSON");
    /* frab XML and c3voc JSON: what the file is not (the JSON reader's own errors are test_model's) */
    import_in_languages("<foo/>\n", "not a frab schedule: the root element is <foo>, expected <schedule>",
                        "ce n’est pas un programme frab : l’élément racine est <foo>, attendu : <schedule>",
                        "no es un programa de frab: el elemento raíz es <foo>, se espera <schedule>",
                        /* each XML name isolated (U+2068 ... U+2069), or the bidi algorithm
                         * mirrors its brackets inside the right-to-left sentence */
                        "ليس برنامج frab: العنصر الجذر هو \xe2\x81\xa8<foo>\xe2\x81\xa9، والمتوقع "
                        "\xe2\x81\xa8<schedule>\xe2\x81\xa9");
    import_in_languages("{\"x\": 1}", "not a c3voc schedule: expected {\"schedule\": {\"conference\": {\"days\": [...]}}}",
                        "ce n’est pas un programme c3voc : attendu : {\"schedule\": {\"conference\": {\"days\": [...]}}}",
                        "no es un programa c3voc: se espera {\"schedule\": {\"conference\": {\"days\": [...]}}}",
                        "ليس برنامج c3voc: المتوقع {\"schedule\": {\"conference\": {\"days\": [...]}}}");
    import_in_languages("{\"x\": 1,}", "invalid JSON: invalid object key (must be a string)",
                        "JSON invalide : clé d’objet invalide (ce doit être une chaîne)",
                        "JSON no válido: clave de objeto no válida (debe ser una cadena)",
                        "JSON غير صالح: مفتاح كائن غير صالح (يجب أن يكون سلسلة نصية)");
    /* --lenient: the import goes on, and its warning is in the diag's language too */
    static const char *const lenient_said[][2] = {
        {"", "upload:3: row 3, column 5 (attendance): \"lots\" is not a whole number; ignored\n"},
        {"fr", "upload:3: ligne 3, colonne 5 (attendance) : \"lots\" n’est pas un nombre entier ; cellule ignorée\n"},
        {"ar", "upload:3: الصف 3، العمود 5 (attendance): \"lots\" ليس عددًا صحيحًا؛ تم تجاهل الخلية\n"}};
    salle_import_options lenient = {.lenient = 1};
    for (int i = 0; i < 3; i++) {
        warnings w = warned_in(lenient_said[i][0], cell, &lenient);
        if (!strstr(w.text, lenient_said[i][1]))
            fail_msg("warnings in \"%s\": %s", lenient_said[i][0], w.text);
    }
}

/* The CSV's count of organizers' addresses: each count its own plural form, Arabic's among them
 * (issue 11 point 6), in a real sheet with one address too many or too few. */
static void test_csv_plural_in_languages(void **state)
{
    (void)state;
    static const struct {
        const char *organizers, *emails, *en, *fr, *ar;
    } cases[] = {
        {"Ana;Bo", "a@x.org", "1 address for 2 organizers", "1 adresse pour 2 organisateurs", "عنوان واحد مقابل منظِّمَين"},
        {"Ana", "a@x.org;b@x.org", "2 addresses for 1 organizer", "2 adresses pour 1 organisateur", "عنوانان مقابل منظِّم واحد"},
        {"Ana;Bo", "a@x.org;b@x.org;c@x.org", "3 addresses for 2 organizers", "3 adresses pour 2 organisateurs",
         "3 عناوين مقابل منظِّمَين"},
        {"A;B;C;D;E;F;G;H;I;J", "a@x;b@x;c@x;d@x;e@x;f@x;g@x;h@x;i@x;j@x;k@x",
         "11 addresses for 10 organizers", "11 adresses pour 10 organisateurs", "11 عنوانًا مقابل 10 منظِّمين"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = salle__xasprintf("id,duration,organizers,organizer_emails\nA,60,%s,%s\n", cases[i].organizers,
                                      cases[i].emails);
        const char *const langs[] = {"", "fr", "ar"}, *const counts[] = {cases[i].en, cases[i].fr, cases[i].ar};
        /* the sentence around the counts, as po/ words it, and the cell's framing */
        const char *const rest[] = {"; give one per organizer, in the same order; correct the cell, or import with --lenient to ignore the cell",
                                    " ; donnez-en une par organisateur, dans le même ordre ; corrigez la cellule, ou importez avec --lenient pour ignorer la cellule",
                                    "؛ أعطِ عنوانًا واحدًا لكل منظِّم، بالترتيب نفسه؛ صحّح الخلية، أو استورد مع --lenient لكي تُتجاهل الخلية"};
        for (int l = 0; l < 3; l++) {
            salle_diag e = import_in(langs[l], text, NULL);
            const char *m = strstr(e.msg, l == 0 ? "): " : l == 1 ? ") : " : "): ");
            assert_non_null(m);
            m += l == 1 ? 4 : 3;
            char *want = salle__xasprintf("%s%s", counts[l], rest[l]);
            if (strcmp(m, want) != 0)
                fail_msg("%s in \"%s\":\n got  %s\n want %s", cases[i].emails, langs[l], m, want);
            assert_int_equal(e.line, 2);
            free(want);
        }
        free(text);
    }
}

/* The talks sheet (import_csv_talks.c): its errors and its warnings in the diag's language. */
static void test_csv_talks_in_languages(void **state)
{
    (void)state;
    static const char twice[] = "timezone,UTC\nrooms,R\nblock,day,start,end,slots\nB1,2026-06-17,10:00,11:00,2\n"
                                "B1,2026-06-17,11:00,12:00,2\nid,track,presenters\nT1,ML,Ana\n";
    import_in_languages(twice, "row 5, column 1 (block): block \"B1\" is listed twice",
                        "ligne 5, colonne 1 (block) : le bloc \"B1\" figure deux fois",
                        "fila 5, columna 1 (block): el bloque \"B1\" figura dos veces",
                        "الصف 5، العمود 1 (block): الكتلة \"B1\" مدرجة مرتين");
    /* a table's kind is part of its sentence, not an English word in it */
    import_in_languages("timezone,UTC\nrooms,R\nblock,day,start,end,slots\nB1,2026-06-17,10:00,11:00,2\n"
                        "id,track,presenters\nT1,ML,Ana\nblock,day,start,end,slots\n",
                        "row 7: a second block table (the first has its header on row 3); one sheet holds one table of each",
                        "ligne 7 : un second tableau de blocs (le premier a son en-tête à la ligne 3) ; une feuille contient un seul tableau de chaque sorte",
                        "fila 7: una segunda tabla de bloques (la primera tiene su cabecera en la fila 3); una hoja contiene una sola tabla de cada tipo",
                        "الصف 7: جدول كتل ثانٍ (سطر عناوين الأول في الصف 3)؛ تضمّ الورقة جدولًا واحدًا من كل نوع");
    import_in_languages("timezone,UTC\nrooms,R\nblock,day,start,end,slots,room penalties\nB1,2026-06-17,10:00,11:00,2,Q (3)\n"
                        "id,track,presenters\nT1,ML,Ana\n",
                        "row 4, column 6 (room penalties): unknown room \"Q\"; expected one of the rooms line",
                        "ligne 4, colonne 6 (room penalties) : salle \"Q\" inconnue ; attendu : une salle de la ligne rooms",
                        "fila 4, columna 6 (room penalties): sala \"Q\" desconocida; se espera una de la línea rooms",
                        "الصف 4، العمود 6 (room penalties): قاعة غير معروفة \"Q\"؛ المتوقَّع إحدى قاعات سطر rooms");
    /* its warnings: no timezone line, an unknown column */
    static const char warn[] = "rooms,R\nblock,day,start,end,slots,colour\nB1,2026-06-17,10:00,11:00,2,red\n"
                               "id,track,presenters\nT1,ML,Ana\n";
    warnings w = warned_in("fr", warn, NULL);
    if (!strstr(w.text, "upload:0: pas de ligne timezone ; les exposés sont lus en UTC\n") ||
        !strstr(w.text, "upload:2: ligne 2, colonne 6 : \"colour\" n’est pas une colonne d’un tableau de blocs ; ignorée\n"))
        fail_msg("warnings: %s", w.text);
    w = warned_in("", warn, NULL);
    assert_non_null(strstr(w.text, "upload:0: no timezone line; the talks are read in UTC\n"));
}

/* The importers' warnings in the diag's language (issue 11 point 6): what the server shows after
 * an upload. A frab file from a city with no time zone, a person id with two names, an event
 * without a duration. */
static void test_warnings_in_languages(void **state)
{
    (void)state;
    static const char frab[] =
        "<schedule>\n<conference><title>Demo</title><city>Brussels</city></conference>\n"
        "<day index=\"1\" date=\"2026-02-01\">\n<room name=\"K\">\n"
        "<event id=\"1\"><date>2026-02-01T10:00:00</date><start>10:00</start><duration>00:30</duration><title>A</title>"
        "<persons><person id=\"12\">Ana Lima</person></persons></event>\n"
        "<event id=\"2\"><date>2026-02-01T11:00:00</date><start>11:00</start><duration>00:30</duration><title>B</title>"
        "<persons><person id=\"12\">Bo Li</person></persons></event>\n"
        "<event id=\"3\"><date>2026-02-01T12:00:00</date><start>12:00</start><title>C</title></event>\n"
        "</room>\n</day>\n</schedule>\n";
    warnings w = warned_in("", frab, NULL);
    if (!strstr(w.text, "no time zone given; taking Europe/Brussels from the city \"Brussels\"") ||
        !strstr(w.text, "upload:7: skipped <event id=\"3\"> without a duration\n") ||
        !strstr(w.text, "person id 12 names \"Ana Lima\" (line 5) and \"Bo Li\" (line 6)"))
        fail_msg("English warnings: %s", w.text);
    w = warned_in("fr", frab, NULL);
    if (!strstr(w.text, "aucun fuseau horaire indiqué ; Europe/Brussels est déduit de la ville \"Brussels\" "
                        "(indiquez --timezone ZONE si c’est faux)") ||
        !strstr(w.text, "upload:7: <event id=\"3\"> sans durée : ignoré\n") ||
        !strstr(w.text, "l’id de personne 12 désigne \"Ana Lima\" (ligne 5) et \"Bo Li\" (ligne 6) ; gardés comme deux personnes"))
        fail_msg("French warnings: %s", w.text);
    w = warned_in("es", frab, NULL);
    assert_non_null(strstr(w.text, "upload:7: se omitió <event id=\"3\">, que no tiene duración\n"));
    /* c3voc JSON: an event by its id, as a word of the sentence */
    static const char json[] =
        "{\"schedule\": {\"conference\": {\"title\": \"D\", \"time_zone_name\": \"UTC\", \"days\": [{\"date\": \"2026-02-01\",\n"
        "\"rooms\": {\"K\": [{\"id\": 27, \"date\": \"2026-02-01T10:00:00+00:00\", \"title\": \"T\", \"duration\": \"00:00\"},\n"
        "{\"id\": 28, \"date\": \"2026-02-01T11:00:00+00:00\", \"title\": \"U\", \"duration\": \"00:30\"}]}}]}}}\n";
    w = warned_in("fr", json, NULL);
    if (!strstr(w.text, "l’événement \"27\" : la durée \"00:00\" est nulle ; ignoré"))
        fail_msg("French warnings: %s", w.text);
    w = warned_in("ar", json, NULL);
    if (!strstr(w.text, "تم تخطّي \xe2\x81\xa8الحدث \"27\"\xe2\x81\xa9: المدة \"00:00\" صفر"))
        fail_msg("Arabic warnings: %s", w.text);
}

/* libxml2's own words cannot be translated: the sentence says what salle expected, in the diag's
 * language, and quotes them at its end, also kept in detail for a page to mark as English. */
static void test_library_words(void **state)
{
    (void)state;
    static const char xml[] = "<schedule>\n<conference>\n</schedule>\n";
    salle_diag en = import_in("", xml, NULL), fr = import_in("fr", xml, NULL);
    assert_non_null(en.detail[0] ? strstr(en.msg, en.detail) : NULL);
    assert_string_equal(fr.detail, en.detail); /* libxml2's words, as it wrote them */
    char *want = salle__xasprintf("not well-formed XML, where salle expects a frab schedule.xml; libxml2 says: %s", en.detail);
    assert_string_equal(en.msg, want);
    free(want);
    want = salle__xasprintf("XML mal formé, alors que salle attend un schedule.xml de frab ; libxml2 indique : %s", fr.detail);
    assert_string_equal(fr.msg, want);
    free(want);
    assert_int_equal(fr.line, en.line);
    /* a message that quotes no library has no detail, even in a diag that had one */
    salle_diag again = fr;
    assert_int_equal(salle__import_mem_with("  \n", 3, "upload", NULL, NULL, NULL, NULL, NULL, &again), -1);
    assert_string_equal(again.detail, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frab_old_nesting),
        cmocka_unit_test(test_frab_offsets),
        cmocka_unit_test(test_frab_errors),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_csv_unclosed_quote),
        cmocka_unit_test(test_csv_encoding),
        cmocka_unit_test(test_csv_cells),
        cmocka_unit_test(test_csv_in_languages),
        cmocka_unit_test(test_csv_plural_in_languages),
        cmocka_unit_test(test_csv_talks_in_languages),
        cmocka_unit_test(test_warnings_in_languages),
        cmocka_unit_test(test_library_words),
        cmocka_unit_test(test_csv_planning_columns),
        cmocka_unit_test(test_csv_proposals),
        cmocka_unit_test(test_keep_times),
        cmocka_unit_test(test_csv_round_trip),
        cmocka_unit_test(test_abstract_formats),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_real_files),
        cmocka_unit_test(test_round_trip_frab),
        cmocka_unit_test(test_round_trip_json),
        cmocka_unit_test(test_timezone_option),
        cmocka_unit_test(test_csv_is_talks),
        cmocka_unit_test(test_csv_links),
        cmocka_unit_test(test_json_night),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
