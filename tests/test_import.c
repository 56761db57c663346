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

/* Imports text (format by content), loads both outputs and checks the schedule. */
static result *import_ok(const char *text, const char *name)
{
    result *r = calloc(1, sizeof *r);
    salle_diag err;
    if (salle__import_mem(text, strlen(text), name, collect, &r->w, &r->inst_json, &r->sched_json,
                          &err) < 0)
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

static void result_free(result *r)
{
    salle_report_free(r->rep);
    salle_schedule_free(r->sched);
    salle_instance_free(r->inst);
    free(r->inst_json);
    free(r->sched_json);
    free(r);
}

static void import_fails(const char *text, const char *name, int line, const char *msg_part)
{
    salle_diag err;
    char *a = (char *)0x1, *b = (char *)0x1;
    warnings w = {0};
    assert_int_equal(salle__import_mem(text, strlen(text), name, collect, &w, &a, &b, &err), -1);
    assert_ptr_equal(a, (char *)0x1); /* nothing set on failure */
    assert_ptr_equal(b, (char *)0x1);
    assert_string_equal(err.file, name);
    assert_int_equal(err.line, line);
    if (!strstr(err.msg, msg_part))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
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
    result *r = import_ok(csv, "prog.csv");
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

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The real files, through the public entry point, when the shared data is there. */
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
        salle_diag err;
        char *ij = NULL, *sj = NULL;
        warnings w = {0};
        double t0 = now();
        if (salle_import(path, collect, &w, &ij, &sj, &err) < 0)
            fail_msg("%s:%d: %s", err.file, err.line, err.msg);
        double dt = now() - t0;
        salle_instance *in = salle_instance_parse(ij, strlen(ij), path, &err);
        assert_non_null(in);
        assert_int_equal(in->nsessions, cases[i].sessions);
        assert_int_equal(in->nrooms, cases[i].rooms);
        assert_int_equal(in->event.ndays, cases[i].days);
        if (strcmp(cases[i].file, "fosdem2025.xml") == 0 && dt > 1.0)
            fail_msg("importing %s took %.2f s", path, dt);
        salle_instance_free(in);
        free(ij);
        free(sj);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frab_old_nesting),
        cmocka_unit_test(test_frab_offsets),
        cmocka_unit_test(test_frab_errors),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_real_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
