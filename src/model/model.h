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

#endif
