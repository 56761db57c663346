/*
 * model.h: private parts of the model: the string maps behind id lookups.
 */
#ifndef SALLE_MODEL_H
#define SALLE_MODEL_H

/* An open-addressing map from borrowed strings to ints. Keys are not copied: they must outlive
 * the map (they point into the instance's own strings). */
typedef struct salle__strmap {
    int n, cap;
    const char **keys;
    int *vals;
} salle__strmap;

void salle__strmap_init(salle__strmap *m);
/* Returns the value, or -1 when absent. */
int salle__strmap_get(const salle__strmap *m, const char *key);
/* Inserts key -> val unless key is there; returns the existing value, or -1 if it was inserted. */
int salle__strmap_put(salle__strmap *m, const char *key, int val);
void salle__strmap_free(salle__strmap *m);

/* The native "abstract_format" values ("text", "html", "markdown"), by enum salle_text_format,
 * and back (-1 for none of them). Issue 8.6. */
const char *salle__text_format_name(int format);
int salle__text_format_parse(const char *s);

struct salle__index {
    salle__strmap sessions, rooms, people, resources, venues, features, tracks, tags;
};

/* Round trips (issue 8): the event day whose night date (the calendar day after it, not itself
 * an event day) is, when clock (minutes) lies before the event's day change; else -1. */
struct salle_event;
/* Frees n links and the array (issue 8); the importers' sessions hold them too. */
struct salle_link;
void salle__links_free(struct salle_link *links, int n);
int salle__morning_after(const struct salle_event *e, const char *date, int clock);

#endif
