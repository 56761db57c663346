/*
 * test_export.c: the exporters and the diff on a small instance whose every value is known:
 * frab XML (content, and validity against the c3voc XSD when the data folder is present), c3voc
 * JSON, iCalendar (TZID times, filtering by room and person, read back with libical), CSV quoting,
 * UTC offsets across a DST change and past midnight, and the three kinds of change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"
#include "formats/export.h" /* salle__export_clean */

#include <libical/ical.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GUID_WS "6f1c1e52-8c1a-4d5e-9a7b-2b7c3c1d0e9f"

static const char instance_json[] =
    "{\"salle\": 1,"
    " \"event\": {\"name\": \"IGF 2018\", \"acronym\": \"igf2018\", \"timezone\": \"Europe/Paris\","
    "            \"days\": [\"2018-11-12\", \"2018-11-13\"], \"url\": \"https://igf.example.org/\"},"
    " \"rooms\": [{\"id\": \"salle-1\", \"name\": \"Salle I\", \"capacity\": 500},"
    "           {\"id\": \"room-3\", \"name\": \"Room 3\", \"capacity\": 60}],"
    " \"people\": [{\"id\": \"anna\", \"name\": \"Anna Ruiz\"}, {\"id\": \"kofi\", \"name\": \"Kofi Mensah\"},"
    "            {\"id\": \"lin\", \"name\": \"Lin Wei\"}],"
    " \"sessions\": ["
    "  {\"id\": \"WS-12\", \"title\": \"Rights, \\\"now\\\"\", \"guid\": \"" GUID_WS "\","
    "   \"duration\": \"1h30\", \"speakers\": [\"anna\"], \"organizers\": [\"kofi\"],"
    "   \"tracks\": [\"Human Rights\"], \"abstract\": \"A & B <c>\", \"language\": \"en\","
    "   \"format\": \"workshop\", \"needs\": [\"interpretation\"]},"
    "  {\"id\": \"MS-1\", \"title\": \"Main session\", \"duration\": 60, \"speakers\": [\"lin\"]},"
    "  {\"id\": \"OF-4\", \"title\": \"Open forum\", \"duration\": 60}"
    " ]}";

static const char schedule_json[] =
    "{\"assignments\": ["
    " {\"session\": \"WS-12\", \"room\": \"salle-1\", \"start\": \"2018-11-13T11:00\"},"
    " {\"session\": \"MS-1\", \"room\": \"room-3\", \"start\": \"2018-11-12T09:00\"}],"
    " \"unscheduled\": [{\"session\": \"OF-4\", \"reason\": \"no room\"}]}";

typedef struct fixture {
    salle_instance *inst;
    salle_schedule *s;
} fixture;

static int setup(void **state)
{
    salle_diag err = {0};
    fixture *f = calloc(1, sizeof *f);
    f->inst = salle_instance_parse(instance_json, strlen(instance_json), "t.json", &err);
    if (!f->inst)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    f->s = salle_schedule_parse(schedule_json, strlen(schedule_json), "s.json", f->inst, &err);
    if (!f->s)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    salle_schedule_free(f->s);
    salle_instance_free(f->inst);
    free(f);
    return 0;
}

static void assert_contains(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("expected to find <%s> in:\n%s", needle, text);
}

static void assert_lacks(const char *text, const char *needle)
{
    if (strstr(text, needle))
        fail_msg("did not expect <%s> in:\n%s", needle, text);
}

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void test_frab(void **state)
{
    fixture *f = *state;
    salle_diag err = {0};
    char *x = salle_export_frab(f->inst, f->s, &err);
    assert_non_null(x);
    assert_contains(x, "<acronym>igf2018</acronym>");
    assert_contains(x, "<time_zone_name>Europe/Paris</time_zone_name>");
    assert_contains(x, "<event guid=\"" GUID_WS "\"");
    assert_contains(x, "<date>2018-11-13T11:00:00+01:00</date>");
    assert_contains(x, "<start>11:00</start>");
    assert_contains(x, "<duration>01:30</duration>");
    assert_contains(x, "<room>Salle I</room>");
    assert_contains(x, "<title>Rights, \"now\"</title>");
    assert_contains(x, "<abstract>A &amp; B &lt;c&gt;</abstract>");
    assert_contains(x, "<track>Human Rights</track>");
    assert_contains(x, "<type>workshop</type>");
    assert_contains(x, "<language>en</language>");
    assert_contains(x, ">Anna Ruiz</person>");
    assert_contains(x, ">Kofi Mensah</person>");
    assert_contains(x, "<day index=\"1\" date=\"2018-11-12\"");
    assert_lacks(x, "Open forum"); /* unscheduled */
    assert_int_equal(count(x, "<event "), 2);

    /* Valid against the c3voc XSD, checked in-process when the shared data is there. */
    const char *xsd = "../shared/data/schemas/schedule.xml.xsd";
    if (access(xsd, R_OK) == 0) {
        xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
        xmlSchemaPtr schema = xmlSchemaParse(pc);
        assert_non_null(schema);
        xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
        xmlDocPtr doc = xmlReadMemory(x, (int)strlen(x), "frab.xml", NULL, 0);
        assert_non_null(doc);
        assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
        xmlFreeDoc(doc);
        xmlSchemaFreeValidCtxt(vc);
        xmlSchemaFree(schema);
        xmlSchemaFreeParserCtxt(pc);
    }
    free(x);
}

/* libxml2's xmlEscapeContent (xmlsave.c), byte by byte, which salle__frab_escape stands in for. */
static int ref_escape(unsigned char *out, int *outlen, const unsigned char *in, int *inlen)
{
    unsigned char *o = out, *oend = out + *outlen;
    const unsigned char *i = in, *iend = in + *inlen;
    for (; i < iend && o < oend; i++) {
        const char *rep = *i == '<' ? "&lt;" : *i == '>' ? "&gt;" : *i == '&' ? "&amp;"
                        : *i == '\r' ? "&#13;" : NULL;
        if (!rep) {
            *o++ = *i;
            continue;
        }
        size_t n = strlen(rep);
        if ((size_t)(oend - o) < n)
            break;
        memcpy(o, rep, n);
        o += n;
    }
    *outlen = (int)(o - out);
    *inlen = (int)(i - in);
    return 0;
}

/* The frab export escapes text with its own function through xmlSaveSetEscape and saves without
 * an encoder: the same bytes as libxml2's xmlDocDumpFormatMemoryEnc(.., "UTF-8", 1), for text
 * with every byte 1..255 in every position of a sixteen-byte block and 20 KB of text (libxml2
 * escapes in chunks of its buffer's free room), and the same reads and writes as
 * xmlEscapeContent for every output room from 0 to 40 bytes. */
static void test_frab_escape(void **state)
{
    (void)state;
    static unsigned char text[24000];
    size_t k = 0;
    for (int at = 0; at < 16; at++) {
        for (int i = 0; i < at; i++)
            text[k++] = 'x';
        for (int c = 1; c < 128; c++)
            text[k++] = (unsigned char)c;
        /* non-ASCII as UTF-8: two, three and four bytes */
        static const char utf8[] = "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x8e\xa4 ";
        memcpy(text + k, utf8, sizeof utf8 - 1);
        k += sizeof utf8 - 1;
    }
    static const char words[] = "a <b> & c\r\n plain words ";
    while (k < 20000) {
        memcpy(text + k, words, sizeof words - 1);
        k += sizeof words - 1;
    }
    text[k] = 0;
    for (int room = 0; room <= 40; room++) {
        for (size_t off = 0; off < 300; off += 7) {
            unsigned char a[64], b[64];
            int ao = room, ai = (int)(k - off), bo = room, bi = (int)(k - off);
            assert_int_equal(salle__frab_escape(a, &ao, text + off, &ai), 0);
            assert_int_equal(ref_escape(b, &bo, text + off, &bi), 0);
            assert_int_equal(ao, bo);
            assert_int_equal(ai, bi);
            assert_memory_equal(a, b, (size_t)ao);
        }
    }
    /* xmlNewTextChild rejects no byte, but libxml2's UTF-8 encoder would: the whole-document
     * comparison keeps to the valid UTF-8 above */
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "schedule");
    xmlDocSetRootElement(doc, root);
    xmlNodePtr ev = xmlNewChild(root, NULL, BAD_CAST "event", NULL);
    xmlNewProp(ev, BAD_CAST "guid", BAD_CAST "a&b \"c\" <d> caf\xc3\xa9");
    xmlNewTextChild(ev, NULL, BAD_CAST "abstract", text);
    xmlNewTextChild(ev, NULL, BAD_CAST "empty", BAD_CAST "");
    xmlNewChild(ev, NULL, BAD_CAST "persons", NULL);
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
    assert_non_null(mem);
    char *ours = salle__frab_save(doc);
    assert_non_null(ours);
    assert_int_equal(strlen(ours), (size_t)len);
    assert_memory_equal(ours, mem, (size_t)len);
    assert_non_null(strstr(ours, "&#13;"));
    free(ours);
    xmlFree(mem);
    xmlFreeDoc(doc);
}

static void test_json(void **state)
{
    fixture *f = *state;
    salle_diag err = {0};
    char *text = salle_export_json(f->inst, f->s, &err);
    assert_non_null(text);
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    assert_non_null(root);
    json_t *conf = json_object_get(json_object_get(root, "schedule"), "conference");
    assert_string_equal(json_string_value(json_object_get(conf, "acronym")), "igf2018");
    assert_int_equal(json_integer_value(json_object_get(conf, "daysCount")), 2);
    json_t *day2 = json_array_get(json_object_get(conf, "days"), 1);
    json_t *ev = json_array_get(json_object_get(json_object_get(day2, "rooms"), "Salle I"), 0);
    assert_non_null(ev);
    assert_string_equal(json_string_value(json_object_get(ev, "guid")), GUID_WS);
    assert_string_equal(json_string_value(json_object_get(ev, "date")), "2018-11-13T11:00:00+01:00");
    assert_string_equal(json_string_value(json_object_get(ev, "start")), "11:00");
    assert_string_equal(json_string_value(json_object_get(ev, "duration")), "01:30");
    assert_string_equal(json_string_value(json_object_get(ev, "room")), "Salle I");
    assert_string_equal(json_string_value(json_object_get(ev, "url")), "https://igf.example.org/");
    assert_true(json_integer_value(json_object_get(ev, "id")) >= 1);
    json_t *p0 = json_array_get(json_object_get(ev, "persons"), 0);
    assert_string_equal(json_string_value(json_object_get(p0, "public_name")), "Anna Ruiz");
    /* The same session has the same integer id and slug in the frab export. */
    char *x = salle_export_frab(f->inst, f->s, &err);
    char want[128];
    snprintf(want, sizeof want, "id=\"%lld\"", (long long)json_integer_value(json_object_get(ev, "id")));
    assert_contains(x, want);
    snprintf(want, sizeof want, "<slug>%s</slug>", json_string_value(json_object_get(ev, "slug")));
    assert_contains(x, want);
    free(x);
    json_decref(root);
    free(text);
}

/* The JSON export is written without a jansson tree, in the layout json_dumps(JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER) gives: jansson, reading the text back and dumping it again, writes the
 * same bytes, for text with every byte 1..127 in every position of an eight-byte word (the
 * escaper reads eight at a time), non-ASCII and empty lists. Control characters are dropped as
 * salle__export_clean drops them; text that is not UTF-8 even then becomes "", and text that is
 * UTF-8 once cleaned is kept. */
static void test_json_layout(void **state)
{
    fixture *f = *state;
    salle_session *ws = NULL;
    for (int i = 0; i < f->inst->nsessions; i++)
        if (strcmp(f->inst->sessions[i].id, "WS-12") == 0)
            ws = &f->inst->sessions[i];
    assert_non_null(ws);
    char title[8 * 130 + 64];
    size_t k = 0;
    for (int at = 0; at < 8; at++) {
        for (int i = 0; i < at; i++)
            title[k++] = 'x';
        for (int c = 1; c < 128; c++)
            title[k++] = (char)c;
    }
    strcpy(title + k, " caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x8e\xa4 \"\\/");
    free(ws->title);
    ws->title = salle__xstrdup(title);
    free(ws->abstract);
    ws->abstract = salle__xstrdup("bad \xff\xfe text");
    free(ws->subtitle);
    ws->subtitle = salle__xstrdup("caf\xc3\x01\xa9"); /* "caf\xc3\xa9" once cleaned */

    salle_diag err = {0};
    char *text = salle_export_json(f->inst, f->s, &err);
    assert_non_null(text);
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    if (!root)
        fail_msg("%d:%d: %s", je.line, je.column, je.text);
    char *again = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    assert_non_null(again);
    size_t n = strlen(again);
    assert_int_equal(strlen(text), n + 1);
    assert_memory_equal(text, again, n);
    assert_int_equal(text[n], '\n');
    assert_contains(text, "\"links\": []");

    json_t *conf = json_object_get(json_object_get(root, "schedule"), "conference");
    json_t *day2 = json_array_get(json_object_get(conf, "days"), 1);
    json_t *ev = json_array_get(json_object_get(json_object_get(day2, "rooms"), "Salle I"), 0);
    char *clean = salle__export_clean(title);
    assert_string_equal(json_string_value(json_object_get(ev, "title")), clean);
    free(clean);
    assert_string_equal(json_string_value(json_object_get(ev, "abstract")), "");
    assert_string_equal(json_string_value(json_object_get(ev, "subtitle")), "caf\xc3\xa9");
    free(again);
    json_decref(root);
    free(text);
}

static void test_ics(void **state)
{
    fixture *f = *state;
    salle_diag err = {0};
    char *c = salle_export_ics(f->inst, f->s, -1, -1, &err);
    assert_non_null(c);
    assert_contains(c, "UID:" GUID_WS "\r\n");
    assert_contains(c, "DTSTART;TZID=Europe/Paris:20181113T110000\r\n");
    assert_contains(c, "DTEND;TZID=Europe/Paris:20181113T123000\r\n");
    assert_contains(c, "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n");
    assert_contains(c, "SUMMARY:Rights\\, \"now\"\r\n");
    assert_contains(c, "LOCATION:Salle I\r\n");
    assert_contains(c, "CATEGORIES:Human Rights\r\n");
    assert_contains(c, "Speakers: Anna Ruiz");
    assert_contains(c, "URL:https://igf.example.org/\r\n");
    /* libical reads it back: two events, the first at 11:00 Paris time. */
    icalcomponent *cal = icalparser_parse_string(c);
    assert_non_null(cal);
    int n = 0;
    for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        n++;
    assert_int_equal(n, 2);
    icalcomponent_free(cal);
    free(c);

    /* One room: only what happens there. */
    c = salle_export_ics(f->inst, f->s, salle_instance_room(f->inst, "room-3"), -1, &err);
    assert_non_null(c);
    assert_int_equal(count(c, "BEGIN:VEVENT"), 1);
    assert_contains(c, "SUMMARY:Main session");
    assert_contains(c, "X-WR-CALNAME:IGF 2018: Room 3");
    free(c);
    /* One person: an organizer sees the session they organise, not the others. */
    c = salle_export_ics(f->inst, f->s, -1, salle_instance_person(f->inst, "kofi"), &err);
    assert_non_null(c);
    assert_int_equal(count(c, "BEGIN:VEVENT"), 1);
    assert_contains(c, "UID:" GUID_WS);
    free(c);
    c = salle_export_ics(f->inst, f->s, -1, salle_instance_person(f->inst, "lin"), &err);
    assert_int_equal(count(c, "BEGIN:VEVENT"), 1);
    assert_contains(c, "SUMMARY:Main session");
    free(c);
}

static void test_csv(void **state)
{
    fixture *f = *state;
    salle_diag err = {0};
    char *c = salle_export_csv(f->inst, f->s, &err);
    assert_non_null(c);
    assert_string_equal(
        c, "id,title,format,track,day,start,end,duration,room,speakers,organizers,attendance,"
           "needs,abstract,language,url,guid,tags,capacity,pinned,available,resources,after,"
           "not_with,remote,organizer_emails,timezone,event,days,remote_link,remote_note,"
           "document,report,transcript,recording\r\n"
           "MS-1,Main session,,,2018-11-12,2018-11-12T09:00,10:00,60,Room 3,Lin Wei,,0,,,,,"
           "f3ae5dc6-ce64-5731-9db5-d48a24c22101,,60,,,,,,,,Europe/Paris,IGF 2018,2018-11-12..2018-11-13,,,,,,\r\n"
           "WS-12,\"Rights, \"\"now\"\"\",workshop,Human Rights,2018-11-13,2018-11-13T11:00,12:30,90,"
           "Salle I,Anna Ruiz,Kofi Mensah,0,interpretation,A & B <c>,en,," GUID_WS ",,500,,,,,,,,"
           "Europe/Paris,IGF 2018,2018-11-12..2018-11-13,,,,,,\r\n");
    free(c);
}

/* Offsets follow the zone day by day (DST starts 2025-03-30 in Paris), and a session past
 * midnight is dated on the next calendar day. */
static void test_offsets(void **state)
{
    (void)state;
    const char *j =
        "{\"salle\":1,\"event\":{\"name\":\"Spring\",\"timezone\":\"Europe/Paris\","
        "\"days\":[\"2025-03-29\",\"2025-03-30\"]},"
        "\"rooms\":[{\"id\":\"r\",\"capacity\":10}],"
        "\"sessions\":[{\"id\":\"a\",\"duration\":60},{\"id\":\"b\",\"duration\":60},"
        "{\"id\":\"c\",\"duration\":60}]}";
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(j, strlen(j), "o.json", &err);
    assert_non_null(inst);
    salle_schedule *s = salle_schedule_new();
    salle_schedule_add(s, 0, 0, inst->event.day_offset[0] + 10 * 60);
    salle_schedule_add(s, 1, 0, inst->event.day_offset[1] + 10 * 60);
    salle_schedule_add(s, 2, 0, inst->event.day_offset[1] + 24 * 60 + 30); /* 00:30 next day */
    char *x = salle_export_frab(inst, s, &err);
    assert_non_null(x);
    assert_contains(x, "<date>2025-03-29T10:00:00+01:00</date>");
    assert_contains(x, "<date>2025-03-30T10:00:00+02:00</date>");
    assert_contains(x, "<date>2025-03-31T00:30:00+02:00</date>");
    assert_contains(x, "<start>00:30</start>");
    assert_contains(x, "<acronym>spring</acronym>");
    free(x);
    char *c = salle_export_ics(inst, s, -1, -1, &err);
    assert_contains(c, "DTSTART;TZID=Europe/Paris:20250331T003000");
    assert_contains(c, "TZOFFSETTO:+0200");
    free(c);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

/* A zone the tz database does not know cannot give UTC offsets: an error, not a wrong file. The
 * parser refuses such an instance already, so the zone is swapped in afterwards. */
static void test_unknown_zone(void **state)
{
    fixture *f = *state;
    salle_diag err = {0};
    free(f->inst->event.timezone);
    f->inst->event.timezone = salle__xstrdup("Mars/Olympus");
    assert_null(salle_export_frab(f->inst, f->s, &err));
    assert_contains(err.msg, "Mars/Olympus");
    assert_null(salle_export_json(f->inst, f->s, &err));
    assert_null(salle_export_ics(f->inst, f->s, -1, -1, &err));
}

static void test_diff(void **state)
{
    fixture *f = *state;
    salle_schedule *now = salle_schedule_new();
    int ws = salle_instance_session(f->inst, "WS-12"), of = salle_instance_session(f->inst, "OF-4");
    int ms = salle_instance_session(f->inst, "MS-1");
    int r1 = salle_instance_room(f->inst, "salle-1"), r3 = salle_instance_room(f->inst, "room-3");
    int t = f->inst->event.day_offset[1] + 14 * 60;
    salle_schedule_add(now, ws, r3, t);                                  /* moved */
    salle_schedule_add(now, of, r1, f->inst->event.day_offset[0] + 600); /* new */
    /* MS-1 is gone: cancelled */
    salle_change *c;
    int n = salle_diff(f->inst, f->s, now, &c);
    assert_int_equal(n, 3);
    /* timetable order: MS-1 (was Mon 09:00), OF-4 (Mon 10:00), WS-12 (now Tue 14:00) */
    assert_int_equal(c[0].kind, SALLE_CHANGE_CANCELLED);
    assert_int_equal(c[0].session, ms);
    assert_int_equal(c[0].new_room, -1);
    assert_int_equal(c[1].kind, SALLE_CHANGE_NEW);
    assert_int_equal(c[1].session, of);
    assert_int_equal(c[1].old_start, -1);
    assert_int_equal(c[2].kind, SALLE_CHANGE_MOVED);
    assert_int_equal(c[2].session, ws);
    assert_int_equal(c[2].old_room, r1);
    assert_int_equal(c[2].new_room, r3);
    assert_int_equal(c[2].new_start, t);
    char *text = salle_diff_text(f->inst, c, n);
    assert_contains(text, "moved WS-12 \"Rights, \"now\"\": Tue 11:00, Salle I -> Tue 14:00, Room 3\n");
    assert_contains(text, "new OF-4 \"Open forum\": Mon 10:00, Salle I\n");
    assert_contains(text, "cancelled MS-1 \"Main session\": Mon 09:00, Room 3 (no longer placed)\n");
    assert_contains(text, "3 changes: 1 new, 1 cancelled, 1 moved, 0 resized\n");
    free(text);
    char *js = salle_diff_json(f->inst, c, n);
    json_error_t je;
    json_t *root = json_loads(js, 0, &je);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "moved")), 1);
    json_t *m = json_array_get(json_object_get(root, "changes"), 2);
    assert_string_equal(json_string_value(json_object_get(m, "kind")), "moved");
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "new"), "human")),
                        "Tue 14:00");
    json_decref(root);
    free(js);
    free(c);
    /* No change: no array. */
    assert_int_equal(salle_diff(f->inst, f->s, f->s, &c), 0);
    assert_null(c);
    salle_schedule_free(now);
}

static void test_diff_files(void **state)
{
    (void)state;
    char a[] = "/tmp/salle-diff-a-XXXXXX", b[] = "/tmp/salle-diff-b-XXXXXX";
    int fa = mkstemp(a), fb = mkstemp(b);
    assert_true(fa >= 0 && fb >= 0);
    const char *old = "{\"assignments\": [{\"session\": \"x\", \"room\": \"r1\", \"start\": \"2018-11-12T09:00\"},"
                      " {\"session\": \"y\", \"room\": \"r1\", \"start\": \"2018-11-12T10:00\"}]}";
    const char *now = "{\"assignments\": [{\"session\": \"x\", \"room\": \"r2\", \"start\": \"2018-11-12T09:00\"},\n"
                      " {\"session\": \"z\", \"room\": \"r1\", \"start\": \"2018-11-12T11:00\"}]}";
    assert_true(write(fa, old, strlen(old)) == (ssize_t)strlen(old));
    assert_true(write(fb, now, strlen(now)) == (ssize_t)strlen(now));
    close(fa);
    close(fb);
    salle_diag err = {0};
    char *t = salle_diff_files(a, b, 0, &err);
    assert_non_null(t);
    assert_string_equal(t, "moved x: 2018-11-12T09:00 r1 -> 2018-11-12T09:00 r2\n"
                           "cancelled y: 2018-11-12T10:00 r1\n"
                           "new z: 2018-11-12T11:00 r1\n"
                           "3 changes: 1 new, 1 cancelled, 1 moved, 0 resized\n");
    free(t);
    /* A malformed file is reported with its position. */
    const char *broken = "{\"assignments\": [{\"session\": \"x\", \"room\": 3, \"start\": \"s\"}]}";
    FILE *fp = fopen(b, "w");
    fputs(broken, fp);
    fclose(fp);
    assert_null(salle_diff_files(a, b, 1, &err));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, (int)(strstr(broken, "3,") - broken) + 1);
    unlink(a);
    unlink(b);
}


/* ---------------------------------------------------------------- round trips (issue 8) */

/* A native instance with what issue 8 keeps: a day change and a talk after midnight on the
 * last night, a room of unknown capacity, a session that must not be recorded, typed links
 * with a note, a person's own guid and frab number, and two sessions sharing a guid. */
static const char rt_instance[] =
    "{\"salle\": 1,"
    " \"event\": {\"name\": \"Forum\", \"timezone\": \"Europe/Paris\", \"day_change\": \"04:00\","
    "            \"days\": [\"2018-11-12\", \"2018-11-13\"], \"url\": \"https://forum.example.org/2018/\"},"
    " \"rooms\": [{\"id\": \"hall\", \"name\": \"Hall\", \"capacity\": null,"
    "             \"available\": [{\"start\": \"09:00\", \"end\": \"24:00\"},"
    "                           {\"day\": \"2018-11-14\", \"start\": \"00:00\", \"end\": \"03:00\"}]}],"
    " \"people\": [{\"id\": \"ana\", \"name\": \"Ana\", \"guid\": \"11111111-2222-4333-8444-555555555555\","
    "              \"source_id\": \"12\"}],"
    " \"sessions\": ["
    "  {\"id\": \"A\", \"title\": \"Opening\", \"guid\": \"" GUID_WS "\", \"duration\": 60,"
    "   \"speakers\": [\"ana\"], \"do_not_record\": true, \"subtitle\": \"Sub\", \"description\": \"Long\","
    "   \"slug\": \"forum-1-opening\", \"url\": \"a.html\", \"feedback_url\": \"/fb/a\","
    "   \"links\": [{\"type\": \"remote\", \"url\": \"https://zoom.example.org/j/1\", \"title\": \"Zoom\","
    "               \"note\": \"live captions; works with screen readers\"},"
    "              {\"type\": \"report\", \"url\": \"/reports/a.pdf\", \"attachment\": true},"
    "              {\"type\": \"document\", \"url\": \"https://pad.example.org/a\"}]},"
    "  {\"id\": \"B\", \"title\": \"Copy\", \"guid\": \"" GUID_WS "\", \"duration\": 60,"
    "   \"slug\": \"forum-1-opening\"},"
    "  {\"id\": \"N\", \"title\": \"Night\", \"duration\": 60}"
    " ]}";

static const char rt_schedule[] =
    "{\"assignments\": ["
    " {\"session\": \"A\", \"room\": \"hall\", \"start\": \"2018-11-12T09:00\"},"
    " {\"session\": \"B\", \"room\": \"hall\", \"start\": \"2018-11-13T10:00\"},"
    " {\"session\": \"N\", \"room\": \"hall\", \"start\": \"2018-11-14T01:00\"}]}";

static void test_round_trip_keys(void **state)
{
    (void)state;
    salle_diag err = {0};
    salle_instance *in = salle_instance_parse(rt_instance, strlen(rt_instance), "rt.json", &err);
    if (!in)
        fail_msg("%d:%d: %s", err.line, err.col, err.msg);
    salle_schedule *s = salle_schedule_parse(rt_schedule, strlen(rt_schedule), "s", in, &err);
    if (!s)
        fail_msg("%d:%d: %s", err.line, err.col, err.msg);
    assert_int_equal(in->rooms[0].capacity_unknown, 1);
    /* the talk at 01:00 on the 14th belongs to the 13th, and reads and writes as the 14th */
    int n = salle_instance_session(in, "N");
    assert_int_equal(s->assign[2].start, 24 * 60 + 24 * 60 + 60);
    assert_int_equal(salle_time_day(in, s->assign[2].start), 1);
    char buf[32];
    assert_string_equal(salle_time_iso(in, s->assign[2].start, buf), "2018-11-14T01:00");
    assert_string_equal(salle_time_human(in, s->assign[2].start, buf), "Wed 01:00");
    salle_report *rep = salle_check(in, s);
    assert_int_equal(rep->score.hard, 0);
    assert_int_equal(rep->soft_by_goal[SALLE_SOFT_ROOM_FIT], 0); /* unknown seats: no fit */
    salle_report_free(rep);

    char *x = salle_export_frab(in, s, &err);
    assert_non_null(x);
    assert_int_equal(count(x, "<event guid=\"" GUID_WS "\""), 1);
    assert_int_equal(count(x, "<event guid="), 3);
    assert_int_equal(count(x, "<slug>forum-1-opening</slug>"), 1);
    assert_int_equal(count(x, "<optout>true</optout>"), 1);
    assert_contains(x, "<subtitle>Sub</subtitle>");
    assert_contains(x, "<description>Long</description>");
    assert_contains(x, "<url>https://forum.example.org/2018/a.html</url>");
    assert_contains(x, "<feedback_url>https://forum.example.org/fb/a</feedback_url>");
    assert_contains(x, "<person id=\"12\" guid=\"11111111-2222-4333-8444-555555555555\">Ana</person>");
    assert_contains(x, "<link href=\"https://zoom.example.org/j/1\" type=\"remote\">Remote participation: Zoom - live captions; works with screen readers</link>");
    assert_contains(x, "<attachment href=\"/reports/a.pdf\" type=\"report\">Report and outcomes</attachment>");
    /* the night talk is in the second <day>, which ends at 02:00 on the 14th */
    assert_contains(x, "<day index=\"2\" date=\"2018-11-13\" start=\"2018-11-13T09:00:00+01:00\" end=\"2018-11-14T02:00:00+01:00\">");
    assert_true(strstr(x, "<title>Night</title>") > strstr(x, "<day index=\"2\""));
    assert_contains(x, "<date>2018-11-14T01:00:00+01:00</date>");
    free(x);

    char *j = salle_export_json(in, s, &err);
    assert_non_null(j);
    assert_int_equal(count(j, "\"guid\": \"" GUID_WS "\""), 1);
    assert_contains(j, "\"capacity\": null");
    assert_int_equal(count(j, "\"do_not_record\": true"), 1);
    assert_int_equal(count(j, "\"do_not_record\": false"), 2);
    assert_contains(j, "\"type\": \"paper\",\n                    \"url\": \"https://forum.example.org/reports/a.pdf\"");
    assert_contains(j, "\"title\": \"Shared document\"");
    free(j);

    char *ics = salle_export_ics(in, s, -1, -1, &err);
    assert_non_null(ics);
    assert_int_equal(count(ics, "UID:" GUID_WS "\r\n"), 1);
    assert_int_equal(count(ics, "UID:"), 3);
    assert_contains(ics, "CONFERENCE;VALUE=URI;LABEL=");
    char *w = ics; /* unfold the lines libical folded at 75 octets */
    for (const char *r = ics; *r;)
        if (strncmp(r, "\r\n ", 3) == 0)
            r += 3;
        else
            *w++ = *r++;
    *w = 0;
    assert_contains(ics, "Report and outcomes: https://forum.example.org/reports/a.pdf");
    assert_contains(ics, "LABEL=\"Remote participation: Zoom - live captions; works with screen readers\":https://zoom.example.org/j/1");
    free(ics);

    /* the session page shows the links by what they are, and the room's unknown seats */
    char dir[] = "/tmp/salle-rt-site-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *site = salle__xasprintf("%s/site", dir);
    assert_int_equal(salle_export_site(in, s, NULL, site, &err), 0);
    char *room_page = salle__xasprintf("%s/rooms.html", site);
    size_t len;
    char *html = salle__read_file(room_page, &len, &err);
    assert_non_null(html);
    assert_contains(html, "<td>not known</td>");
    free(html);
    char *cmd = salle__xasprintf("grep -l 'Join remotely' %s/s/*.html | wc -l", site);
    FILE *p = popen(cmd, "r");
    int pages = 0;
    assert_int_equal(fscanf(p, "%d", &pages), 1);
    pclose(p);
    assert_int_equal(pages, 1);
    free(cmd);
    cmd = salle__xasprintf("cat $(grep -l 'Join remotely' %s/s/*.html)", site);
    p = popen(cmd, "r");
    char page[20000];
    size_t got = fread(page, 1, sizeof page - 1, p);
    page[got] = 0;
    pclose(p);
    assert_contains(page, "<h2>Take part and follow up</h2>");
    assert_contains(page, "<a href=\"https://zoom.example.org/j/1\">Join remotely: Zoom<span class=\"vh\"> (Opening)</span></a> \xe2\x80\x94 live captions; works with screen readers");
    assert_contains(page, ">Shared document<span class=\"vh\"> (Opening)</span></a>");
    assert_contains(page, "<a href=\"https://forum.example.org/reports/a.pdf\">Report and outcomes<span");
    assert_contains(page, "<p>This session is not recorded.</p>");
    assert_contains(page, "<a href=\"https://forum.example.org/2018/a.html\">This session on the event");
    free(cmd);
    cmd = salle__xasprintf("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(room_page);
    free(site);
    (void)n;
    salle_schedule_free(s);
    salle_instance_free(in);

    /* what the parser refuses, with the key's position */
    static const struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"\"day_change\": \"04:00\"", "\"day_change\": \"13:00\"", "must be at most \"12:00\""},
        {"\"capacity\": null", "\"capacity\": \"many\"", "must be an integer"},
        {"\"url\": \"https://pad.example.org/a\"", "\"title\": \"no url\"", "has no \"url\""},
        {"\"guid\": \"11111111-2222-4333-8444-555555555555\"", "\"guid\": \"nope\"", "must be a UUID"},
        {"\"do_not_record\": true", "\"do_not_record\": \"yes\"", "must be true or false"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *at = strstr(rt_instance, bad[i].from);
        assert_non_null(at);
        char *t = salle__xasprintf("%.*s%s%s", (int)(at - rt_instance), rt_instance, bad[i].to,
                                   at + strlen(bad[i].from));
        assert_null(salle_instance_parse(t, strlen(t), "bad.json", &err));
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("\"%s\": message \"%s\" lacks \"%s\"", bad[i].to, err.msg, bad[i].msg);
        assert_true(err.line > 0);
        free(t);
    }
}

/* salle__export_clean drops control characters but tab and line breaks, wherever they sit
 * (it reads eight bytes at a time) */
static void test_clean(void **state)
{
    (void)state;
    for (int c = 1; c < 256; c++) {
        for (int at = 0; at < 20; at++) {
            char in[41], want[41];
            memset(in, 'a' + at % 26, 40);
            in[40] = 0;
            in[at] = (char)c;
            in[at + 17] = (char)(c ^ 0x80 ? c ^ 0x80 : 1);
            size_t k = 0;
            for (int i = 0; i < 40; i++) {
                unsigned char b = (unsigned char)in[i];
                if (b >= 0x20 || b == '\t' || b == '\n' || b == '\r')
                    want[k++] = in[i];
            }
            want[k] = 0;
            char *got = salle__export_clean(in);
            assert_string_equal(got, want);
            free(got);
        }
    }
}

/* Readers key rooms by name: two rooms called "Hall" become "Hall (a)" and "Hall (b)"; when a
 * third room is already called "Hall (b)", the second becomes "Hall (b) 2", so every name in the
 * JSON export's rooms (object keys) and in frab's <room name> stays distinct. */
static void test_room_names_unique(void **state)
{
    (void)state;
    static const char inst_json[] =
        "{\"salle\": 1, \"event\": {\"name\": \"E\", \"timezone\": \"UTC\", \"days\": [\"2026-01-05\"]},"
        " \"rooms\": [{\"id\": \"a\", \"name\": \"Hall\", \"capacity\": 50}, {\"id\": \"b\", \"name\": \"Hall\", \"capacity\": 50},"
        "           {\"id\": \"c\", \"name\": \"Hall (b)\", \"capacity\": 50}],"
        " \"sessions\": [{\"id\": \"s1\", \"title\": \"One\", \"duration\": 60},"
        "              {\"id\": \"s2\", \"title\": \"Two\", \"duration\": 60},"
        "              {\"id\": \"s3\", \"title\": \"Three\", \"duration\": 60}]}";
    static const char sched_json[] =
        "{\"assignments\": [{\"session\": \"s1\", \"room\": \"a\", \"start\": \"2026-01-05T09:00\"},"
        " {\"session\": \"s2\", \"room\": \"b\", \"start\": \"2026-01-05T09:00\"},"
        " {\"session\": \"s3\", \"room\": \"c\", \"start\": \"2026-01-05T09:00\"}]}";
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(inst_json, strlen(inst_json), "r.json", &err);
    if (!inst)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    salle_schedule *s = salle_schedule_parse(sched_json, strlen(sched_json), "s.json", inst, &err);
    assert_non_null(s);
    char *text = salle_export_json(inst, s, &err);
    assert_non_null(text);
    /* jansson keeps the last of two equal keys: count the keys as written */
    assert_int_equal(count(text, "\"Hall (a)\": ["), 1);
    assert_int_equal(count(text, "\"Hall (b)\": ["), 1);
    assert_int_equal(count(text, "\"Hall (b) 2\": ["), 1);
    json_t *root = json_loads(text, 0, NULL);
    assert_non_null(root);
    json_t *day = json_array_get(json_object_get(json_object_get(json_object_get(root, "schedule"),
                                                                 "conference"), "days"), 0);
    assert_int_equal(json_object_size(json_object_get(day, "rooms")), 3);
    json_decref(root);
    free(text);
    char *x = salle_export_frab(inst, s, &err);
    assert_non_null(x);
    assert_int_equal(count(x, "<room name=\"Hall (b) 2\""), 1);
    assert_int_equal(count(x, "<room name=\"Hall (b)\""), 1);
    assert_int_equal(count(x, "<room name=\"Hall (a)\""), 1);
    free(x);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

int main(void)
{
    /* Stable DTSTAMP, so that failures print the same text every run. */
    setenv("SOURCE_DATE_EPOCH", "1541980800", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_frab, setup, teardown),
        cmocka_unit_test(test_frab_escape),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test_setup_teardown(test_unknown_zone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diff_files, setup, teardown),
        cmocka_unit_test(test_round_trip_keys),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_room_names_unique),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    icaltimezone_free_builtin_timezones();
    return rc;
}
