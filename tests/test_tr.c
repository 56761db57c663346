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
        cmocka_unit_test(test_plurals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
