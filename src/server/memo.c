/*
 * memo.c: what the busy read-only pages derive from the store, kept until the store changes
 * (salle__store_generation): the public programme's JSON, who answers for which sessions, and a
 * request with its alternatives (each a few hundred checker runs). Reads then cost a look-up, not
 * a parse of the whole instance; any write makes them be derived afresh.
 */
#include "server/http.h"
#include "base/internal.h"

#include <string.h>

void salle__memo_init(salle__srv *s)
{
    pthread_mutex_init(&s->memo_lock, NULL);
}

void salle__memo_free(salle__srv *s)
{
    free(s->memo_programme);
    free(s->memo_name);
    json_decref(s->memo_rooms);
    json_decref(s->memo_people);
    for (int i = 0; i < SALLE_MEMO_REQUESTS; i++)
        json_decref(s->memo_req[i].j);
    pthread_mutex_destroy(&s->memo_lock);
}

char *salle__memo_programme(salle__srv *s, salle__wf_err *e)
{
    unsigned long long g = salle__store_generation(s->st);
    pthread_mutex_lock(&s->memo_lock);
    if (s->memo_programme && s->memo_programme_gen == g) {
        char *t = salle__xstrdup(s->memo_programme);
        pthread_mutex_unlock(&s->memo_lock);
        return t;
    }
    pthread_mutex_unlock(&s->memo_lock);
    char *t = salle__wf_programme(s->st, e);
    if (t) {
        pthread_mutex_lock(&s->memo_lock);
        free(s->memo_programme);
        s->memo_programme = salle__xstrdup(t);
        s->memo_programme_gen = g;
        pthread_mutex_unlock(&s->memo_lock);
    }
    return t;
}

/* person id -> array of the session ids they answer for; derived from the draft alone, so it
 * lasts while the draft does (an answer does not change it) */
static json_t *people_map(salle__srv *s)
{
    unsigned long long g = salle__store_draft_generation(s->st);
    pthread_mutex_lock(&s->memo_lock);
    if (s->memo_people && s->memo_people_gen == g) {
        json_t *m = json_incref(s->memo_people);
        pthread_mutex_unlock(&s->memo_lock);
        return m;
    }
    pthread_mutex_unlock(&s->memo_lock);
    json_t *m = json_object();
    char *text = NULL;
    if (salle__store_draft_get(s->st, &text, NULL) == 0) {
        json_t *doc = json_loads(text, 0, NULL);
        size_t i, k;
        json_t *ses, *p;
        json_array_foreach(json_object_get(doc, "sessions"), i, ses) {
            json_t *who = json_object_get(ses, "organizers");
            if (json_array_size(who) == 0)
                who = json_object_get(ses, "speakers"); /* speakers stand in */
            json_array_foreach(who, k, p) {
                if (!json_is_string(p))
                    continue;
                json_t *list = json_object_get(m, json_string_value(p));
                if (!list)
                    json_object_set_new(m, json_string_value(p), list = json_array());
                json_array_append(list, json_object_get(ses, "id"));
            }
        }
        json_decref(doc);
        free(text);
    }
    pthread_mutex_lock(&s->memo_lock);
    json_decref(s->memo_people);
    s->memo_people = json_incref(m);
    s->memo_people_gen = g;
    pthread_mutex_unlock(&s->memo_lock);
    return m;
}

json_t *salle__memo_sessions_of(salle__srv *s, const char *person)
{
    json_t *m = people_map(s);
    json_t *list = json_object_get(m, person);
    json_t *out = list ? json_deep_copy(list) : json_array();
    json_decref(m);
    return out;
}

int salle__memo_is_organizer(salle__srv *s, const char *session, const char *person)
{
    json_t *m = people_map(s);
    json_t *list = json_object_get(m, person);
    int yes = 0;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (strcmp(json_string_value(v), session) == 0)
            yes = 1;
    json_decref(m);
    return yes;
}

json_t *salle__memo_request(salle__srv *s, long long id, salle__wf_err *e)
{
    unsigned long long g = salle__store_generation(s->st);
    int slot = (int)(id % SALLE_MEMO_REQUESTS);
    pthread_mutex_lock(&s->memo_lock);
    if (s->memo_req[slot].j && s->memo_req[slot].id == id && s->memo_req[slot].gen == g) {
        json_t *j = json_deep_copy(s->memo_req[slot].j);
        pthread_mutex_unlock(&s->memo_lock);
        return j;
    }
    pthread_mutex_unlock(&s->memo_lock);
    json_t *j = salle__wf_request(s->st, id, 1, e);
    if (j) {
        pthread_mutex_lock(&s->memo_lock);
        json_decref(s->memo_req[slot].j);
        s->memo_req[slot].j = json_deep_copy(j);
        s->memo_req[slot].id = id;
        s->memo_req[slot].gen = g;
        pthread_mutex_unlock(&s->memo_lock);
    }
    return j;
}

void salle__memo_event_name(salle__srv *s, char *buf, size_t cap)
{
    unsigned long long g = salle__store_generation(s->st);
    pthread_mutex_lock(&s->memo_lock);
    if (s->memo_name && s->memo_name_gen == g) {
        snprintf(buf, cap, "%s", s->memo_name);
        pthread_mutex_unlock(&s->memo_lock);
        return;
    }
    pthread_mutex_unlock(&s->memo_lock);
    /* the public name first: the draft may be renamed before it is published */
    char *inst = NULL;
    salle__version v;
    if (salle__store_version_get(s->st, 0, &v) == 0) {
        inst = v.instance ? salle__xstrdup(v.instance) : NULL;
        salle__store_version_clear(&v);
    }
    if (!inst)
        salle__store_draft_get(s->st, &inst, NULL);
    json_t *doc = inst ? json_loads(inst, 0, NULL) : NULL;
    free(inst);
    const char *name = json_string_value(json_object_get(json_object_get(doc, "event"), "name"));
    snprintf(buf, cap, "%s", name ? name : "");
    json_decref(doc);
    pthread_mutex_lock(&s->memo_lock);
    free(s->memo_name);
    s->memo_name = salle__xstrdup(buf);
    s->memo_name_gen = g;
    pthread_mutex_unlock(&s->memo_lock);
}

void salle__memo_room_name(salle__srv *s, const char *id, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", id ? id : "");
    if (!id)
        return;
    unsigned long long g = salle__store_generation(s->st);
    pthread_mutex_lock(&s->memo_lock);
    if (!s->memo_rooms || s->memo_rooms_gen != g) {
        pthread_mutex_unlock(&s->memo_lock);
        char *inst = NULL;
        salle__store_draft_get(s->st, &inst, NULL);
        json_t *doc = inst ? json_loads(inst, 0, NULL) : NULL, *names = json_object(), *r;
        free(inst);
        size_t i;
        json_array_foreach(json_object_get(doc, "rooms"), i, r) {
            const char *rid = json_string_value(json_object_get(r, "id"));
            const char *n = json_string_value(json_object_get(r, "name"));
            if (rid && n && *n)
                json_object_set_new(names, rid, json_string(n));
        }
        json_decref(doc);
        pthread_mutex_lock(&s->memo_lock);
        json_decref(s->memo_rooms);
        s->memo_rooms = names;
        s->memo_rooms_gen = g;
    }
    const char *n = json_string_value(json_object_get(s->memo_rooms, id));
    if (n)
        snprintf(buf, cap, "%s", n);
    pthread_mutex_unlock(&s->memo_lock);
}
