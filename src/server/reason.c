/*
 * reason.c: the re-planner's reasons in the reader's language (reason.h).
 */
#include "server/reason.h"
#include "base/internal.h"
#include "base/tr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const weekdays[] = {N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
                                       N_("Friday"), N_("Saturday"), N_("Sunday")};
static const char *const months[] = {N_("January"), N_("February"), N_("March"), N_("April"),
                                     N_("May"), N_("June"), N_("July"), N_("August"),
                                     N_("September"), N_("October"), N_("November"), N_("December")};

const char *salle__when(const char *lang, const char *iso, const char *end, char *buf, size_t cap)
{
    char date[11] = "";
    if (iso && strlen(iso) == 16)
        snprintf(date, sizeof date, "%.10s", iso);
    int days = date[0] ? salle__parse_date(date) : -1, mm = date[0] ? atoi(date + 5) : 0;
    if (days < 0 || mm < 1 || mm > 12) {
        snprintf(buf, cap, "?");
        return buf;
    }
    const char *wd = salle__tr(lang, weekdays[salle__weekday(days)]), *mo = salle__tr(lang, months[mm - 1]);
    if (end)
        /* TRANSLATORS: a stretch of one day in a reason for a move: weekday, day of the month,
         * month, start time, end time */
        snprintf(buf, cap, salle__tr(lang, "%1$s %2$d %3$s, %4$s-%5$s"), wd, atoi(iso + 8), mo,
                 iso + 11, end);
    else
        /* TRANSLATORS: a session's day and time in an e-mail: weekday, day of the month, month, time */
        snprintf(buf, cap, salle__tr(lang, "%1$s %2$d %3$s, %4$s"), wd, atoi(iso + 8), mo, iso + 11);
    return buf;
}

json_t *salle__reason_args(const salle_instance *inst, const salle_replan_move *m)
{
    json_t *a = json_array();
    char iso[32];
    for (int i = 0; i < m->nargs; i++) {
        const salle_replan_arg *x = &m->args[i];
        switch (x->kind) {
        case SALLE_ARG_TEXT:
            json_array_append_new(a, json_string(x->text ? x->text : ""));
            break;
        case SALLE_ARG_COUNT:
            json_array_append_new(a, json_integer(x->a));
            break;
        case SALLE_ARG_TIME:
            json_array_append_new(a, json_pack("{ss}", "at", salle_time_iso(inst, x->a, iso)));
            break;
        default:
            json_array_append_new(a, json_pack("{sssi}", "from", salle_time_iso(inst, x->a, iso),
                                               "minutes", x->b - x->a));
        }
    }
    return a;
}

/* The wordings, by code: the English is the engine's (src/engine/replan.c), with the arguments
 * in the same order; days and times are written as the e-mails write them. */
static const struct {
    const char *code, *msgid;
    int nargs;
} wordings[] = {
    {"room_gone", N_("its room no longer exists"), 0},
    /* TRANSLATORS: reasons for moving a session; "it" is the session. %1$s a room, %2$s a day
     * and a stretch of time */
    {"room_closed", N_("%1$s is closed %2$s"), 2},
    {"room_not_allowed", N_("it may no longer use %1$s"), 1},
    /* TRANSLATORS: %1$s a room feature (a projector, a ramp), %2$s a room */
    {"room_lacks", N_("it needs %1$s, which %2$s lacks"), 2},
    /* TRANSLATORS: %1$s the people expected, %2$s a room, %3$s the people it holds */
    {"room_small", N_("it expects %1$s people; %2$s holds %3$s"), 3},
    {"time_not_allowed", N_("it is no longer allowed at %1$s"), 1},
    {"pinned_room", N_("it is pinned to %1$s"), 1},
    /* TRANSLATORS: %1$s a day and time */
    {"pinned_start", N_("it is pinned to start %1$s"), 1},
    /* TRANSLATORS: %1$s a person, %2$s a day and a stretch of time */
    {"person_unavailable", N_("%1$s is no longer available %2$s"), 2},
    /* TRANSLATORS: %1$s a team (of interpreters, say), %2$s a day and a stretch of time */
    {"no_shift", N_("%1$s work no shift covering %2$s"), 2},
    /* TRANSLATORS: %1$s another session's id, %2$s a room, %3$s and %4$s the two sessions' times */
    {"overlap", N_("it overlaps %1$s in %2$s (%3$s and %4$s)"), 4},
    /* TRANSLATORS: %1$s a person, %2$s another session's id, %3$s its time */
    {"person_busy", N_("%1$s is also in %2$s at %3$s"), 3},
    {"not_with", N_("it may not run at the same time as %1$s (%2$s)"), 2},
    /* TRANSLATORS: %1$s a plenary session's id, %2$s its time, %3$s its room */
    {"during_exclusive", N_("it runs during the exclusive session %1$s (%2$s), when no room but %3$s "
                            "and its overflow rooms may be in use"), 3},
    /* TRANSLATORS: %1$s another session's id, %2$s its room, %3$s its time */
    {"exclusive_beside", N_("it is exclusive, and %1$s runs beside it in %2$s (%3$s)"), 3},
    {"after", N_("it must start after %1$s ends (%2$s)"), 2},
    /* TRANSLATORS: %1$s another session's id, %2$s this session's time */
    {"before", N_("%1$s must start after it ends (%2$s)"), 2},
    /* TRANSLATORS: %1$s a team, %2$s how many sessions need it, %3$s a day and time, %4$s how
     * many it can serve at once */
    {"resource_busy", N_("%1$s: %2$s sessions at %3$s but only %4$s at a time"), 4},
    /* TRANSLATORS: %1$s the id of a session that had no place */
    {"makes_room", N_("it makes room for %1$s"), 1},
    /* TRANSLATORS: %1$s a day and time, %2$s a room */
    {"cancelled", N_("was %1$s %2$s; marked cancelled by its publisher"), 2},
    {"removed", N_("was %1$s %2$s; no longer in the instance"), 2},
};

/* One argument as text in lang into buf; 0, or -1 when it is not one of the stored shapes. */
static int arg_text(const char *lang, const json_t *v, char *buf, size_t cap)
{
    if (json_is_string(v)) {
        snprintf(buf, cap, "%s", json_string_value(v));
        return 0;
    }
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        return 0;
    }
    const char *at = json_string_value(json_object_get(v, "at"));
    if (at) {
        salle__when(lang, at, NULL, buf, cap);
        return 0;
    }
    const char *from = json_string_value(json_object_get(v, "from"));
    json_t *mins = json_object_get(v, "minutes");
    if (!from || strlen(from) != 16 || !json_is_integer(mins))
        return -1;
    /* the end on the start's day; a span ending at midnight ends at 24:00, as the engine says */
    long long end = atoi(from + 11) * 60LL + atoi(from + 14) + json_integer_value(mins);
    if (end < 0 || end > SALLE_MINUTES_PER_DAY)
        return -1;
    char e[8];
    snprintf(e, sizeof e, "%02lld:%02lld", end / 60, end % 60);
    salle__when(lang, from, e, buf, cap);
    return 0;
}

char *salle__reason_say(const char *lang, const char *code, const json_t *args)
{
    if (!code || !*code)
        return NULL;
    for (size_t i = 0; i < sizeof wordings / sizeof wordings[0]; i++) {
        if (strcmp(wordings[i].code, code) != 0)
            continue;
        int n = wordings[i].nargs;
        if (!json_is_array(args) || (int)json_array_size(args) != n)
            return NULL;
        char a[4][160];
        for (int k = 0; k < n; k++)
            if (arg_text(lang, json_array_get(args, (size_t)k), a[k], sizeof a[k]) < 0)
                return NULL;
        const char *f = salle__tr(lang, wordings[i].msgid);
        switch (n) {
        case 0:
            return salle__xstrdup(f);
        case 1:
            return salle__xasprintf(f, a[0]);
        case 2:
            return salle__xasprintf(f, a[0], a[1]);
        case 3:
            return salle__xasprintf(f, a[0], a[1], a[2]);
        default:
            return salle__xasprintf(f, a[0], a[1], a[2], a[3]);
        }
    }
    return NULL;
}
