/*
 * test_tr.c: the interface catalog lookup (src/base/tr.c) that the static programme and the
 * server share: translations from the compiled po/ files, English and unknown strings passed
 * through, region subtags ignored, every plural form of Arabic, and lookups from many threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/tr.h"

#include <pthread.h>
#include <string.h>

static void test_lookup(void **state)
{
    (void)state;
    assert_string_equal(salle__tr("fr", "Rooms"), "Salles");
    assert_string_equal(salle__tr("es", "Rooms"), "Salas");
    assert_string_equal(salle__tr("ar", "Rooms"), "\xd8\xa7\xd9\x84\xd9\x82\xd8\xa7\xd8\xb9\xd8\xa7\xd8\xaa");
    assert_string_equal(salle__tr("fr-CA", "Full"), "Complet"); /* the primary subtag counts */
    assert_string_equal(salle__tr("FR", "Full"), "Complet");
    assert_string_equal(salle__tr("en", "Rooms"), "Rooms");
    assert_string_equal(salle__tr(NULL, "Rooms"), "Rooms");
    assert_string_equal(salle__tr("de", "Rooms"), "Rooms"); /* no catalog: English */
    assert_string_equal(salle__tr("fr", "no such interface string"), "no such interface string");
    assert_string_equal(salle__tr("fr", ""), ""); /* not the catalog's header */
    /* the first and the last msgid in sort order are found too (binary search edges) */
    assert_string_equal(salle__tr("fr", " (remote)"), " (\xc3\xa0 distance)");
    assert_string_equal(salle__tr("fr", "what changed"), "ce qui a chang\xc3\xa9");
}

static void test_languages(void **state)
{
    (void)state;
    assert_true(salle__tr_has("en"));
    assert_true(salle__tr_has("fr"));
    assert_true(salle__tr_has("es"));
    assert_true(salle__tr_has("ar"));
    assert_false(salle__tr_has("de"));
    assert_false(salle__tr_has(NULL));
    assert_true(salle__tr_rtl("ar"));
    assert_true(salle__tr_rtl("he-IL"));
    assert_false(salle__tr_rtl("fr"));
    assert_false(salle__tr_rtl("arn")); /* Mapudungun is not Arabic */
    assert_string_equal(salle__tr_name("fr"), "Fran\xc3\xa7" "ais");
    assert_string_equal(salle__tr_name("es"), "Espa\xc3\xb1ol");
    assert_null(salle__tr_name("de"));
}

static void test_plurals(void **state)
{
    (void)state;
    assert_string_equal(salle__trn("en", "%d room", "%d rooms", 1), "%d room");
    assert_string_equal(salle__trn("en", "%d room", "%d rooms", 0), "%d rooms");
    assert_string_equal(salle__trn("fr", "%d room", "%d rooms", 0), "%d salle"); /* French: 0 is singular */
    assert_string_equal(salle__trn("fr", "%d room", "%d rooms", 2), "%d salles");
    assert_string_equal(salle__trn("es", "%d room", "%d rooms", 0), "%d salas");
    assert_string_equal(salle__trn("de", "%d room", "%d rooms", 2), "%d rooms");
    /* Arabic: one (1), two (2), few (3-10), many (11-99) and the others */
    const char *one = "%d \xd9\x82\xd8\xa7\xd8\xb9\xd8\xa9";               /* qa'a */
    const char *two = "%d \xd9\x82\xd8\xa7\xd8\xb9\xd8\xaa\xd8\xa7\xd9\x86"; /* qa'atan */
    const char *few = "%d \xd9\x82\xd8\xa7\xd8\xb9\xd8\xa7\xd8\xaa";       /* qa'at */
    assert_string_equal(salle__trn("ar", "%d room", "%d rooms", 1), one);
    assert_string_equal(salle__trn("ar", "%d room", "%d rooms", 2), two);
    assert_string_equal(salle__trn("ar", "%d room", "%d rooms", 3), few);
    assert_string_equal(salle__trn("ar", "%d room", "%d rooms", 10), few);
    assert_string_equal(salle__trn("ar", "%d room", "%d rooms", 103), few);
    assert_string_equal(salle__trn("ar", "%d room", "%d rooms", 11), one);
    assert_string_equal(salle__trn("ar", "%d room", "%d rooms", 100), one);
}

/* Accept-Language: the supported range with the highest weight, the first among equals. */
static void test_negotiate(void **state)
{
    (void)state;
    assert_string_equal(salle__tr_negotiate("fr"), "fr");
    assert_string_equal(salle__tr_negotiate("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"), "fr");
    assert_string_equal(salle__tr_negotiate("de-DE,de;q=0.9,es;q=0.8,en;q=0.7"), "es");
    assert_string_equal(salle__tr_negotiate("en;q=0.5, ar;q=0.8"), "ar");       /* q, not order */
    assert_string_equal(salle__tr_negotiate("es;q=0.8, fr;q=0.8"), "es");       /* equals: first */
    assert_string_equal(salle__tr_negotiate("ES ; Q=1.000"), "es");
    assert_string_equal(salle__tr_negotiate("fr;q=0, es;q=0.001"), "es");       /* q=0: not fr */
    assert_string_equal(salle__tr_negotiate("fr;q=0"), "en");
    assert_string_equal(salle__tr_negotiate("de, ja;q=0.9"), "en");             /* none: English */
    assert_string_equal(salle__tr_negotiate("de, *;q=0.1, fr;q=0.05"), "en");   /* "*": English */
    assert_string_equal(salle__tr_negotiate("fr;q=2, es;q=0.1"), "es");         /* q=2 is no qvalue */
    assert_string_equal(salle__tr_negotiate("fr;q=0.1234, es;q=0.1"), "es");    /* nor 4 decimals */
    assert_string_equal(salle__tr_negotiate("fr;level=1, ar;q=0.2"), "ar");
    assert_string_equal(salle__tr_negotiate(""), "en");
    assert_string_equal(salle__tr_negotiate(",,;,"), "en");
    assert_string_equal(salle__tr_negotiate(NULL), "en");
    assert_string_equal(salle__tr_negotiate("a-very-long-language-tag-indeed, fr;q=0.3"), "fr");
    assert_string_equal(salle__tr_lang("AR-eg"), "ar");
    assert_null(salle__tr_lang("de"));
    assert_null(salle__tr_lang("fra"));
}

static void *worker(void *arg)
{
    const char *lang = arg;
    const char *want = strcmp(lang, "fr") == 0 ? "Salles" : "Salas";
    for (int i = 0; i < 20000; i++)
        if (strcmp(salle__tr(lang, "Rooms"), want) != 0)
            return (void *)1;
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t t[4];
    const char *langs[] = {"fr", "es", "fr", "es"};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, (void *)langs[i]), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads), /* first: the catalogs load under contention */
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_negotiate),
        cmocka_unit_test(test_plurals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
