/*
 * test_text.c: abstracts as their publisher meant them (src/formats/text.c): what the HTML
 * sanitizer keeps and drops, entities, Markdown in safe mode, plain text for iCal and CSV, the
 * importers' guess of the format, and injection payloads in every text field of an instance
 * staying inert in the site, iCal and CSV.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "formats/text.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void html_is(const char *in, int format, const char *want)
{
    char *got = salle__text_html(in, format);
    if (strcmp(got, want) != 0)
        fail_msg("html of %s\n  got:  %s\n  want: %s", in, got, want);
    free(got);
}

static void plain_is(const char *in, int format, const char *want)
{
    char *got = salle__text_plain(in, format);
    if (strcmp(got, want) != 0)
        fail_msg("plain of %s\n  got:  [%s]\n  want: [%s]", in, got, want);
    free(got);
}

static void test_sanitizer_keeps(void **state)
{
    (void)state;
    html_is("<p>Hello <b>world</b> and <em>you</em></p>", SALLE_TEXT_HTML,
            "<p>Hello <b>world</b> and <em>you</em></p>");
    html_is("<ul><li>one</li><li>two<br>lines</li></ul>", SALLE_TEXT_HTML,
            "<ul><li>one</li><li>two<br>lines</li></ul>");
    /* the abstract sits under the page's h2: its outline starts at h3 */
    html_is("<h1>Big</h1><h2>Less</h2><h6>Least</h6>", SALLE_TEXT_HTML,
            "<h3>Big</h3><h4>Less</h4><h6>Least</h6>");
    html_is("<h4>Part</h4><p>x</p><h5>Sub</h5>", SALLE_TEXT_HTML, "<h3>Part</h3><p>x</p><h4>Sub</h4>");
    html_is("<a href=\"https://fosdem.org/2025/\" onclick=\"evil()\" style=\"color:red\" "
            "title=\"t\">site</a>",
            SALLE_TEXT_HTML, "<a href=\"https://fosdem.org/2025/\" rel=\"nofollow\">site</a>");
    html_is("<a href=\"mailto:ana@example.org\">Ana</a>", SALLE_TEXT_HTML,
            "<a href=\"mailto:ana@example.org\" rel=\"nofollow\">Ana</a>");
    /* unknown elements give their content; unclosed ones are closed */
    html_is("<div class=\"x\"><span>in</span> <font color=red>side</font></div><p>open",
            SALLE_TEXT_HTML, "in side<p>open</p>");
}

static void test_sanitizer_drops(void **state)
{
    (void)state;
    html_is("<p>a</p><script>alert(1)</script><p>b</p>", SALLE_TEXT_HTML, "<p>a</p><p>b</p>");
    html_is("<ScRiPt>alert(1)</sCrIpT>after", SALLE_TEXT_HTML, "after");
    html_is("<img src=x onerror=alert(2) alt=\"the logo\">", SALLE_TEXT_HTML, "the logo");
    html_is("<img src=x onerror=alert(2)>", SALLE_TEXT_HTML, "");
    html_is("<a href=\"javascript:alert(3)\">x</a>", SALLE_TEXT_HTML, "x");
    html_is("<a href=\"JaVaScRiPt:alert(3)\">x</a>", SALLE_TEXT_HTML, "x");
    html_is("<a href=\"jav&#x09;ascript:alert(3)\">x</a>", SALLE_TEXT_HTML, "x");
    html_is("<a href=\" javascript:alert(3)\">x</a>", SALLE_TEXT_HTML, "x");
    html_is("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", SALLE_TEXT_HTML, "x");
    /* the exports' one URL policy (salle__export_url_ok): a host, no white space */
    html_is("<a href=\"https://\">x</a>", SALLE_TEXT_HTML, "x");
    html_is("<a href=\"https://e.org/a b\">x</a>", SALLE_TEXT_HTML, "x");
    plain_is("<a href=\"http://e.org/\x01\">x</a>", SALLE_TEXT_HTML, "x");
    html_is("<a href=\"vbscript:msgbox(1)\">x</a>", SALLE_TEXT_HTML, "x");
    html_is("<iframe src=\"https://evil.example/\">inside</iframe>after", SALLE_TEXT_HTML, "after");
    html_is("<p style=\"position:fixed;top:0\" class=\"c\" id=\"i\" onmouseover=\"x()\">t</p>",
            SALLE_TEXT_HTML, "<p>t</p>");
    html_is("<style>body{display:none}</style><object data=x></object><embed src=x>"
            "<form action=x><input name=a></form><svg onload=alert(1)></svg>ok",
            SALLE_TEXT_HTML, "ok");
    html_is("<!-- a comment --><p>t</p>", SALLE_TEXT_HTML, "<p>t</p>");
    /* an attribute that never closes swallows nothing into markup */
    html_is("<p title=\"x>t</p><script>alert(1)</script>", SALLE_TEXT_HTML, "<p></p>");
}

static void test_entities(void **state)
{
    (void)state;
    html_is("<p>Tom &amp; Jerry &eacute;t&eacute; &lt;script&gt;alert(1)&lt;/script&gt;</p>",
            SALLE_TEXT_HTML,
            "<p>Tom &amp; Jerry \xc3\xa9t\xc3\xa9 &lt;script&gt;alert(1)&lt;/script&gt;</p>");
    html_is("<p>&#60;b&#62; &quot;q&quot; &nbsp;</p>", SALLE_TEXT_HTML,
            "<p>&lt;b&gt; &quot;q&quot; \xc2\xa0</p>");
    plain_is("<p>Tom &amp; Jerry &lt;3</p>", SALLE_TEXT_HTML, "Tom & Jerry <3");
}

static void test_markdown(void **state)
{
    (void)state;
    const char *md = "# Title\n\nSome *em* and [bad](javascript:alert(1)) and "
                     "<script>alert(2)</script> [ok](https://x.org/) <img src=x onerror=alert(3)>\n\n"
                     "- one\n- two\n";
    char *h = salle__text_html(md, SALLE_TEXT_MARKDOWN);
    assert_non_null(strstr(h, "<h3>Title</h3>"));
    assert_non_null(strstr(h, "<em>em</em>"));
    assert_non_null(strstr(h, "<a href=\"https://x.org/\" rel=\"nofollow\">ok</a>"));
    assert_non_null(strstr(h, "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"));
    assert_null(strstr(h, "javascript"));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "onerror"));
    free(h);
    plain_is("Some **bold** text, a [link](https://x.org/).\n\n1. first\n2. second\n",
             SALLE_TEXT_MARKDOWN, "Some bold text, a link (https://x.org/).\n\n1. first\n2. second");
}

static void test_plain(void **state)
{
    (void)state;
    /* plain text is text: markup in it is shown, not obeyed */
    html_is("a < b & <script>alert(1)</script>\n\nline one\nline two\n", SALLE_TEXT_PLAIN,
            "<p>a &lt; b &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
            "<p>line one<br>\nline two</p>\n");
    plain_is("<p>Hello <b>world</b></p><ul><li>one</li><li>two</li></ul>"
             "<p>See <a href=\"https://x.org/\">the site</a> or "
             "<a href=\"https://x.org/\">https://x.org/</a>.</p><script>x()</script>",
             SALLE_TEXT_HTML,
             "Hello world\n\n- one\n- two\n\nSee the site (https://x.org/) or https://x.org/.");
    plain_is("<p>one<br>two</p>\n\n  <p>three   four</p>", SALLE_TEXT_HTML,
             "one\ntwo\n\nthree four");
    plain_is("as written <b>here</b>", SALLE_TEXT_PLAIN, "as written <b>here</b>");
    char *e = salle__text_plain(NULL, SALLE_TEXT_HTML);
    assert_string_equal(e, "");
    free(e);
}

static void test_is_html(void **state)
{
    (void)state;
    assert_true(salle__text_is_html("<p>FOSDEM talk</p>"));
    assert_true(salle__text_is_html("Intro<br/>more"));
    assert_false(salle__text_is_html("plain words"));
    assert_false(salle__text_is_html("if a < b and c > d"));
    assert_false(salle__text_is_html("mail me <ana@example.org>"));
    assert_false(salle__text_is_html(NULL));
}

/* ---------------------------------------------------------------- payloads in every field */

#define P_SCRIPT "<script>alert(1)</script>"
#define P_IMG "<img src=x onerror=alert(2)>"
#define P_JS "javascript:alert(3)"
#define P_FRAME "<iframe src=//evil.example></iframe>"
#define P_STYLE "<b style=\\\"position:fixed\\\">s</b>"
#define P_ALL P_SCRIPT P_IMG P_FRAME P_STYLE "\\\"'><x onclick=alert(4)>"

static const char payload_instance[] =
    "{\"salle\": 1,\n"
    " \"event\": {\"name\": \"Ev " P_ALL "\", \"url\": \"" P_JS "\", \"timezone\": \"Europe/Brussels\","
    "  \"days\": [\"2025-02-01\"]},\n"
    " \"rooms\": [{\"id\": \"r1\", \"name\": \"Room " P_ALL "\", \"capacity\": 50,"
    "  \"features\": [\"f " P_ALL "\"]}],\n"
    " \"people\": [{\"id\": \"p1\", \"name\": \"Ana " P_ALL "\"}],\n"
    " \"sessions\": [\n"
    "  {\"id\": \"s1\", \"title\": \"T " P_ALL "\", \"format\": \"F " P_ALL "\","
    "   \"language\": \"en" P_ALL "\", \"url\": \"" P_JS "\", \"duration\": 60,"
    "   \"speakers\": [\"p1\"], \"organizers\": [\"p1\"], \"tracks\": [\"Tr " P_ALL "\"],"
    "   \"tags\": [\"tag " P_ALL "\"], \"needs\": [\"f " P_ALL "\"],"
    "   \"abstract\": \"<p>fine</p>" P_ALL "<a href=\\\"" P_JS "\\\">l</a>\", \"abstract_format\": \"html\"},\n"
    "  {\"id\": \"s2\", \"title\": \"Md\", \"duration\": 60, \"abstract_format\": \"markdown\","
    "   \"abstract\": \"[l](" P_JS ") " P_ALL "\"},\n"
    "  {\"id\": \"s3\", \"title\": \"Txt\", \"duration\": 60, \"abstract\": \"" P_ALL "\"}\n"
    " ]}\n";

/* What must never appear in markup: each payload as active HTML. */
static void assert_inert(const char *what, const char *text)
{
    static const char *const bad[] = {"<script>alert", "<img src=x", "<iframe", "style=\"position",
                                      "href=\"javascript", "<x onclick", "<b style", NULL};
    for (int i = 0; bad[i]; i++)
        if (strstr(text, bad[i]))
            fail_msg("%s contains %s", what, bad[i]);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    return s;
}

static int scan_dir(const char *dir)
{
    int files = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            files += scan_dir(path);
        } else if (!strstr(e->d_name, ".ics")) { /* calendars are text: checked apart */
            char *s = slurp(path);
            assert_inert(path, s);
            free(s);
            files++;
        }
    }
    closedir(d);
    return files;
}

static void rm_rf(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_payloads_inert(void **state)
{
    (void)state;
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(payload_instance, strlen(payload_instance), "p.json", &err);
    if (!inst)
        fail_msg("%d:%d: %s", err.line, err.col, err.msg);
    assert_int_equal(inst->sessions[0].abstract_format, SALLE_TEXT_HTML);
    assert_int_equal(inst->sessions[1].abstract_format, SALLE_TEXT_MARKDOWN);
    assert_int_equal(inst->sessions[2].abstract_format, SALLE_TEXT_PLAIN);
    salle_schedule *s = salle_schedule_new();
    for (int i = 0; i < 3; i++)
        salle_schedule_add(s, i, 0, 9 * 60 + 60 * i);
    char dir[] = "/tmp/salle-text-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char site[1100];
    snprintf(site, sizeof site, "%s/site", dir);
    if (salle_export_site(inst, s, NULL, site, &err) < 0)
        fail_msg("site: %s", err.msg);
    assert_true(scan_dir(site) > 5);
    char *ics = salle_export_ics(inst, s, -1, -1, &err);
    assert_non_null(ics);
    /* iCal is text: the HTML abstract's markup is rendered away, not shown */
    assert_non_null(strstr(ics, "DESCRIPTION:fine"));
    assert_null(strstr(ics, "<p>fine"));
    assert_null(strstr(ics, "href="));
    free(ics);
    char *csv = salle_export_csv(inst, s, &err);
    assert_non_null(csv);
    assert_null(strstr(csv, "<p>fine"));
    free(csv);
    rm_rf(dir);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

/* A valid abstract_format is one of three words; anything else is an error with its place. */
static void test_format_key(void **state)
{
    (void)state;
    const char *j = "{\"salle\":1,\"event\":{\"name\":\"E\",\"timezone\":\"UTC\",\"days\":[\"2025-02-01\"]},"
                    "\"rooms\":[{\"id\":\"r\",\"capacity\":1}],"
                    "\"sessions\":[{\"id\":\"a\",\"duration\":30,\"abstract_format\":\"rtf\"}]}";
    salle_diag err = {0};
    assert_null(salle_instance_parse(j, strlen(j), "f.json", &err));
    assert_string_equal(err.msg, "\"abstract_format\" of session \"a\" must be \"text\", \"html\" or \"markdown\"");
}

/* The real files: FOSDEM 2025's HTML abstracts render as HTML (no literal "<p>" on any page or
 * in any calendar entry), pretalx's as Markdown. Skipped when ../shared/data is not there. */
static void test_real_abstracts(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int format, at_least;
    } cases[] = {
        {"../shared/data/schedules/fosdem2025.xml", SALLE_TEXT_HTML, 942},
        {"../shared/data/schedules/voc-pretalx-democon.json", SALLE_TEXT_MARKDOWN, 30},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (access(cases[i].file, R_OK) != 0) {
            fprintf(stderr, "skipping %s: not there\n", cases[i].file);
            continue;
        }
        char *ij = NULL;
        salle_diag err = {0};
        assert_int_equal(salle_import(cases[i].file, NULL, NULL, &ij, NULL, &err), 0);
        salle_instance *in = salle_instance_parse(ij, strlen(ij), cases[i].file, &err);
        assert_non_null(in);
        int n = 0;
        for (int k = 0; k < in->nsessions; k++) {
            const salle_session *se = &in->sessions[k];
            if (!se->abstract)
                continue;
            n += se->abstract_format == cases[i].format;
            char *h = salle__text_html(se->abstract, se->abstract_format);
            char *t = salle__text_plain(se->abstract, se->abstract_format);
            if (strstr(h, "&lt;p&gt;") || strstr(t, "<p>") || strstr(t, "</"))
                fail_msg("%s: %s shows markup:\n%s\n%s", cases[i].file, se->id, h, t);
            free(h);
            free(t);
        }
        if (n < cases[i].at_least)
            fail_msg("%s: %d abstracts in format %d, expected at least %d", cases[i].file, n,
                     cases[i].format, cases[i].at_least);
        salle_instance_free(in);
        free(ij);
    }
}

/* The instance salle imports from a real programme in ../shared, or NULL (said on stderr) when
 * that file is not there; *ij is its JSON, for the caller to free with the instance. */
static salle_instance *real_instance(const char *file, char **ij)
{
    *ij = NULL;
    if (access(file, R_OK) != 0) {
        fprintf(stderr, "skipping %s: not there\n", file);
        return NULL;
    }
    salle_diag err = {0};
    assert_int_equal(salle_import(file, NULL, NULL, ij, NULL, &err), 0);
    salle_instance *in = salle_instance_parse(*ij, strlen(*ij), file, &err);
    assert_non_null(in);
    return in;
}

/* text.c reads a fragment as XML when the HTML parser would build the same tree, else with the
 * HTML parser: both readings must give the same text, and the shortcut must be taken when it can
 * be and refused when the trees would differ. */
static void same_both_ways(const char *in, int format, const char *where)
{
    salle__text_html_parser_only(1);
    char *h0 = salle__text_html(in, format), *t0 = salle__text_plain(in, format);
    salle__text_html_parser_only(0);
    char *h1 = salle__text_html(in, format), *t1 = salle__text_plain(in, format);
    if (strcmp(h0, h1) != 0 || strcmp(t0, t1) != 0)
        fail_msg("%s: %s\n  HTML parser: %s | %s\n  XML first:   %s | %s", where, in, h0, t0, h1, t1);
    free(h0);
    free(h1);
    free(t0);
    free(t1);
}

static void test_xml_shortcut(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int xml; /* 1: read as XML; 0: the HTML parser must read it */
    } cases[] = {
        {"<p>a</p>\n<p>b &amp; c &lt;d&gt; &#8209; &quot;e&quot;</p>", 1},
        {"<ul>\n<li>one</li>\n<li>two <code>x</code></li>\n</ul>\n<ol><li>1</li></ol>", 1},
        {"<p>x<br/>y</p>", 1},
        {"<p><b>a</b> <i>b</i> <em>c</em></p>", 1},
        {"<pre>\n  code\n   more</pre>", 1},
        {"<script>alert(1)</script><p>x</p><style>p{}</style>", 1},
        {"<h2>T</h2><p>see <a href=\"https://e.org\">https://e.org</a> and "
         "<a href=\"javascript:alert(1)\">this</a></p>", 1},
        {"<p>x<br>y</p>", 0},                        /* not XML */
        {"<p>a&nbsp;b</p>", 0},                      /* an HTML entity */
        {"<p>it&apos;s</p>", 0},                     /* XML's entity, not HTML 4's */
        {"<p>one<p>two</p></p>", 0},                 /* HTML closes the first p */
        {"<p>one<ul><li>x</li></ul>after</p>", 0},   /* a list closes a paragraph */
        {"<ul><li>a<li>b</li></li></ul>", 0},        /* an item closes an item */
        {"<P>Up</P>", 0},                            /* upper case */
        {"<p>a<hr/>b</p>", 0},                       /* a rule closes a paragraph */
        /* white space HTML may drop, where it owes no space: plain text reads it as XML */
        {"<dl> <dt>t</dt> <dd>d</dd></dl>", 1},
        {"<p>a<br/> <b>b</b></p>", 1},               /* the same after a br */
        {"<p>a<br/> b</p><p>c<hr/> <b>d</b></p>", 0}, /* a word after it: the HTML parser */
        {"<p><a href=\"https://x.org/a\nb\">l</a></p>", 0}, /* XML reads the break as a space */
        {"<p>a</p>\r\n<p>b</p>", 0},                 /* XML reads \r\n as \n */
        {"<p><![CDATA[x <b>]]></p>", 0},
        {"<p>a<!-- c --> b</p>", 0},                 /* comments end differently in HTML */
        {"<p xml:lang=\"en\">x</p>", 0},             /* a namespace */
        {"<p>a<img alt=\"A\nB\"/></p>", 0},
        {"<p>x</p><br></br>", 0},                    /* HTML reads </br> as another br */
        {"<body><p>x</p></body>", 0},
        {"<foo>x</foo>", 0},                         /* not an HTML element */
        /* a script's content is text to the HTML parser, up to the first end tag */
        {"<p><script><i>x</i><script>y</script>z</script>w</p>", 0},
        {"<style><b>x</b></style>", 0},
        {"<script>x &amp; y</script><p>z</p>", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long x0, h0, x1, h1;
        salle__text_parser_counts(&x0, &h0);
        char *t = salle__text_plain(cases[i].in, SALLE_TEXT_HTML);
        free(t);
        salle__text_parser_counts(&x1, &h1);
        if (x1 - x0 != cases[i].xml || h1 - h0 != !cases[i].xml)
            fail_msg("%s: read as %s, expected %s", cases[i].in, x1 > x0 ? "XML" : "HTML",
                     cases[i].xml ? "XML" : "HTML");
        same_both_ways(cases[i].in, SALLE_TEXT_HTML, "case");
        same_both_ways(cases[i].in, SALLE_TEXT_MARKDOWN, "case as Markdown");
    }
    /* every abstract of a real programme, and most of them by the shortcut */
    const char *file = "../shared/data/schedules/fosdem2025.xml";
    char *ij;
    salle_instance *in = real_instance(file, &ij);
    if (!in)
        return;
    long x0, h0, x1, h1;
    salle__text_parser_counts(&x0, &h0);
    for (int k = 0; k < in->nsessions; k++)
        free(salle__text_plain(in->sessions[k].abstract, in->sessions[k].abstract_format));
    salle__text_parser_counts(&x1, &h1);
    if (x1 - x0 < 900)
        fail_msg("%s: %ld of %d abstracts read as XML, expected at least 900", file, x1 - x0,
                 in->nsessions);
    for (int k = 0; k < in->nsessions; k++)
        if (in->sessions[k].abstract)
            same_both_ways(in->sessions[k].abstract, in->sessions[k].abstract_format,
                           in->sessions[k].id);
    salle_instance_free(in);
    free(ij);
}

/* Simple Markdown (paragraphs, emphasis, inline code, line breaks) is written from cmark's tree
 * rather than rendered to HTML and read back: both ways must give the same bytes, the short way
 * must be taken when it can be and refused otherwise; and on every real Markdown abstract. */
static void test_markdown_shortcut(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int simple; /* 1: from cmark's tree; 0: the long way */
    } cases[] = {
        {"Plain words.\n\nA second paragraph with a soft\nbreak.", 1},
        {"a *b* **c** `d  e` & < > \" ' / and _f_", 1},
        {"&amp;apos; &copy; &#8209; &nbsp;entities", 1},
        {"  lead\ttab   runs  \n   of   space  ", 1},
        {"line one  \nline two\\\nline three", 1},
        {"**bold *and em* inside**", 1},
        {"", 1},
        {"  \n\n \t ", 1},
        {"line one  \n*em* after a break", 0},
        {"*foo *bar* baz*", 0},       /* an em in an em */
        {"# Heading\n\ntext", 0},
        {"- one\n- two", 0},
        {"1. one", 0},
        {"[link](https://x.org/) and <https://y.org/>", 0},
        {"![img](https://x.org/i.png)", 0},
        {"<b>raw</b> HTML", 0},
        {"> quoted", 0},
        {"    indented code", 0},
        {"```\nfenced\n```", 0},
        {"a\n\n---\n\nb", 0},
        {"control \x01 byte", 0},
        {"form\ffeed", 0},
        {"non-character \xEF\xBF\xBE here", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long n0 = salle__text_simple_count();
        free(salle__text_plain(cases[i].in, SALLE_TEXT_MARKDOWN));
        free(salle__text_html(cases[i].in, SALLE_TEXT_MARKDOWN));
        long n = salle__text_simple_count() - n0;
        if (n != 2 * cases[i].simple)
            fail_msg("[%s]: written from the tree %ld times of 2, expected %d", cases[i].in, n,
                     2 * cases[i].simple);
        same_both_ways(cases[i].in, SALLE_TEXT_MARKDOWN, "Markdown case");
    }
    /* what the short way writes, spelled out */
    plain_is("a *b*  \n`c` &amp; d\n\n\nnext", SALLE_TEXT_MARKDOWN, "a b\nc & d\n\nnext");
    html_is("a *b*  \n`c` &amp; \"d\"\n\n\nnext", SALLE_TEXT_MARKDOWN,
            "<p>a <em>b</em><br>\n<code>c</code> &amp; &quot;d&quot;</p>\n<p>next</p>\n");
    static const struct {
        const char *file;
        int at_least; /* abstracts written from the tree */
    } files[] = {
        {"../shared/data/schedules/33c3-schedule.json", 140},
        {"../shared/data/schedules/voc-pretalx-democon.json", 30},
    };
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        if (access(files[f].file, R_OK) != 0) {
            fprintf(stderr, "skipping %s: not there\n", files[f].file);
            continue;
        }
        char *ij = NULL;
        salle_diag err = {0};
        assert_int_equal(salle_import(files[f].file, NULL, NULL, &ij, NULL, &err), 0);
        salle_instance *in = salle_instance_parse(ij, strlen(ij), files[f].file, &err);
        assert_non_null(in);
        long n = 0;
        int md = 0;
        for (int k = 0; k < in->nsessions; k++) {
            const salle_session *se = &in->sessions[k];
            if (!se->abstract || se->abstract_format != SALLE_TEXT_MARKDOWN)
                continue;
            md++;
            long n0 = salle__text_simple_count();
            free(salle__text_plain(se->abstract, se->abstract_format));
            n += salle__text_simple_count() - n0;
            same_both_ways(se->abstract, se->abstract_format, se->id);
        }
        fprintf(stderr, "%s: %d Markdown abstracts, %ld written from the tree\n", files[f].file,
                md, n);
        if (n < files[f].at_least)
            fail_msg("%s: %ld abstracts written from cmark's tree, expected at least %d",
                     files[f].file, n, files[f].at_least);
        salle_instance_free(in);
        free(ij);
    }
}

/* Markdown that holds no Markdown is written as plain text without cmark (text.c,
 * markdown_words): the route each case takes, what it gives, spelled out, and that it is what
 * cmark's tree gives (same_both_ways: the tree is read with the shortcuts off). Cases at the edge
 * of each refusal, so that a refusal too few shows as a difference and one too many as the
 * route. */
static void test_markdown_words(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
        int words; /* 1: written without cmark */
    } cases[] = {
        {"Plain words.", "Plain words.", 1},
        {"One\nparagraph, two lines.\n\nAnd another.\n", "One paragraph, two lines.\n\nAnd another.", 1},
        {"Windows\r\nline ends\r\n\r\nhere\r\n", "Windows line ends\n\nhere", 1},
        {"old Mac\rline\r\rends", "old Mac line\n\nends", 1},
        {"   three spaces\n\n   \t \n  then\ttabs  inside.", "three spaces\n\nthen tabs inside.", 1},
        {"a trailing space \nand a lone one at the end  ", "a trailing space and a lone one at the end", 1},
        {"2025 was a year. Then 3.5 - a > b # c = d ~ e + f | g ! h ) i ( j ' \" / : ;",
         "2025 was a year. Then 3.5 - a > b # c = d ~ e + f | g ! h ) i ( j ' \" / : ;", 1},
        {"caf\xc3\xa9 cr\xc3\xa8me\xc2\xa0" "br\xc3\xbbl\xc3\xa9" "e", "caf\xc3\xa9 cr\xc3\xa8me\xc2\xa0" "br\xc3\xbbl\xc3\xa9" "e", 1},
        {"", "", 1},
        {" \n\n\t\n", "", 1},
        /* what could open a block at a line's start */
        {"text\n- item", "text\n\n- item", 0},
        {"+ item", "- item", 0},
        {"* item", "- item", 0},
        {"# Title", "Title", 0},
        {"Title\n=====", "Title", 0},
        {"Title\n---", "Title", 0},
        {"~~~\ncode\n~~~", "code\n", 0},
        {"> quote", "quote", 0},
        {"1. first", "1. first", 0},
        {"text\n12) twelfth", "text 12) twelfth", 0}, /* not a list: it refuses more than it must */
        {"    indented", "indented\n", 0},
        {"\tindented", "indented\n", 0},
        {"  \tindented", "indented\n", 0},
        {"<b>x</b>", "x", 0},
        /* what could open an inline anywhere, a hard break, bytes cmark or libxml2 change */
        {"a *b* c", "a b c", 0},
        {"a _b_ c", "a b c", 0},
        {"a `b` c", "a b c", 0},
        {"a [b](https://x.org/) c", "a b (https://x.org/) c", 0},
        {"a &amp; b", "a & b", 0},
        {"a &#38; b &copy2 &x", "a & b &copy2 &x", 0},
        {"R & D, &, &&, &-, a&", "R & D, &, &&, &-, a&", 1}, /* no entity can start there */
        {"Q&A", "Q&A", 0},                                     /* one could: &A...; */
        {"a \\* b", "a * b", 0},
        {"hard  \nbreak", "hard\nbreak", 0},
        {"hard\t \nbreak", "hard break", 0},
        {"form\ffeed", "formfeed", 0},
        {"non-character \xEF\xBF\xBF here", "non-character here", 0},
        {"\xEF\xBB\xBF" "a byte-order mark", "a byte-order mark", 0},
        {"invalid \xC3( UTF-8", "invalid \xEF\xBF\xBD( UTF-8", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long n0 = salle__text_words_count();
        char *t = salle__text_plain(cases[i].in, SALLE_TEXT_MARKDOWN);
        long n = salle__text_words_count() - n0;
        if (n != cases[i].words)
            fail_msg("[%s]: written without cmark %ld times, expected %d", cases[i].in, n,
                     cases[i].words);
        if (cases[i].want && strcmp(t, cases[i].want) != 0)
            fail_msg("plain of [%s]\n  got:  [%s]\n  want: [%s]", cases[i].in, t, cases[i].want);
        free(t);
        /* the safe HTML never takes this way */
        n0 = salle__text_words_count();
        free(salle__text_html(cases[i].in, SALLE_TEXT_MARKDOWN));
        assert_int_equal(salle__text_words_count(), n0);
        same_both_ways(cases[i].in, SALLE_TEXT_MARKDOWN, "Markdown words case");
    }
    const char *file = "../shared/data/schedules/33c3-schedule.json";
    char *ij;
    salle_instance *in = real_instance(file, &ij);
    if (!in)
        return;
    long n0 = salle__text_words_count();
    for (int k = 0; k < in->nsessions; k++)
        if (in->sessions[k].abstract && in->sessions[k].abstract_format == SALLE_TEXT_MARKDOWN)
            free(salle__text_plain(in->sessions[k].abstract, SALLE_TEXT_MARKDOWN));
    long n = salle__text_words_count() - n0;
    fprintf(stderr, "%s: %ld Markdown abstracts written without cmark\n", file, n);
    if (n < 130)
        fail_msg("%s: %ld abstracts written without cmark, expected at least 130", file, n);
    salle_instance_free(in);
    free(ij);
}

/* Plain text of a fragment that XML reads is written from libxml2's SAX callbacks, without a
 * tree (text.c, plain_sax): what each case gives, spelled out, and that it is what the HTML
 * parser's tree gives (same_both_ways), for cases chosen to reach every callback. */
static void test_plain_without_tree(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
        int xml; /* 1: read as XML, through the callbacks */
    } cases[] = {
        {"<p>Tom &amp; Jerry &lt;3 &#233;t&#xE9; &gt; &quot;q&quot;</p>", "Tom & Jerry <3 \xc3\xa9t\xc3\xa9 > \"q\"", 1},
        {"<p></p>", "", 1},
        {"<br/>", "", 1},
        {"<p>a<br/>b<br/>c</p>", "a\nb\nc", 1},
        {"<li>one</li><li>two<ol><li>x</li><li>y</li></ol></li><li>three</li>",
         "- one\n- two\n\n1. x\n2. y\n\n- three", 1},
        /* html_same is cautious: libxml2 lists <ol> among what closes a <ul> */
        {"<ul><li>one</li><li>two<ol><li>x</li><li>y</li></ol></li><li>three</li></ul>",
         "- one\n- two\n\n1. x\n2. y\n\n- three", 0},
        {"<ol><li>a</li><li>b</li></ol><ol><li>c</li></ol>", "1. a\n2. b\n\n1. c", 1},
        {"<p>x</p><script>alert('a &lt; b')</script><style>p{}</style><p>y</p>", "x\n\ny", 1},
        {"<p>x</p><script>alert('<p>no</p>')</script><p>y</p>", "x\n\ny", 0},
        {"<p>see <a href=\"https://e.org/?a=1&amp;b=2\">this</a> and "
         "<a href=\"https://e.org/\">https://e.org/</a> and <a href=\"javascript:x()\">that</a></p>",
         "see this (https://e.org/?a=1&b=2) and https://e.org/ and that", 1},
        {"<pre>  two  spaces\n  kept</pre><p>  and   not  here </p>",
         "  two  spaces\n  kept\n\nand not here", 1},
        {"<dl><dt>term</dt><dd>what it means</dd></dl>", "term\nwhat it means", 1},
        {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "ab\nc", 1},
        {"<h2>Title</h2><div>in a <span>div</span></div>", "Title\n\nin a div", 1},
        {"caf\xc3\xa9 <b>cr\xc3\xa8me</b>   br\xc3\xbbl\xc3\xa9" "e", "caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e", 1},
        {"<p>a</p>\n\n<p>b</p>\n", "a\n\nb", 1},
        /* white space where the HTML parser may drop it (after <hr/>, between a table's rows)
         * owes at most a space, which the next break takes back... */
        {"<p>a</p>\n<hr />\n<p>b</p>", "a\n\nb", 1},
        {"<table>\n<tr><td>a</td></tr>\n</table>", "a", 1},
        {"<div>a<br/> <b>b</b></div>", "a\nb", 1},
        /* ...unless a word follows on the same line, in <pre>, or as a character reference */
        {"<div>a<hr/> <b>b</b></div>", "a\n\nb", 1},
        {"<p>a<sub>1</sub> <b>b</b></p>", "a1 b", 0},
        {"<div><b>a</b><table></table> b</div>", "a\n\nb", 1},
        {"<p><b>a</b><div><span>x</span> </div></p>", "a\n\nx", 0},
        {"<pre>x<hr/> \n<b>y</b></pre>", "x\n\n \ny", 0},
        {"<p>a</p><hr/>&#32;<b>b</b>", "a\n\nb", 0},
        /* the long way: comments, CDATA, HTML's entities, unclosed or misnested tags */
        {"<p>a<!-- hidden --> b</p>", "a b", 0},
        {"<p><![CDATA[x <b>]]></p>", "<![CDATA[x ]]>", 0}, /* HTML 4 has no CDATA */
        {"<p>a&nbsp;b</p>", "a\xc2\xa0" "b", 0},
        {"<p>one<br>two", "one\ntwo", 0},
        {"<p>one<p>two</p></p>", "one\n\ntwo", 0},
        {"<ul><li>a<li>b</ul>", "- a\n- b", 0},
        {"<b>bold <i>both</b> italic</i>", "bold both italic", 0},
        {"<p>x</p><br></br>", "x\n", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long x0, h0, x1, h1;
        salle__text_parser_counts(&x0, &h0);
        char *got = salle__text_plain(cases[i].in, SALLE_TEXT_HTML);
        salle__text_parser_counts(&x1, &h1);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("plain of %s\n  got:  [%s]\n  want: [%s]", cases[i].in, got, cases[i].want);
        free(got);
        if (x1 - x0 != cases[i].xml)
            fail_msg("%s: read as %s, expected %s", cases[i].in, x1 > x0 ? "XML" : "HTML",
                     cases[i].xml ? "XML" : "HTML");
        same_both_ways(cases[i].in, SALLE_TEXT_HTML, "case");
    }
}

/* A small reproducible generator of fragments (xorshift, a fixed seed). */
static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static const char *const texts[] = {"word", "two words", " ", "  ", "\n", "\t", " lead", "&#32;",
                                    "&#10;", " \n ",
                                    "trail ", "&amp;", "&lt;", "&#233;", "&#x2014;", "caf\xc3\xa9",
                                    "https://e.org/", "\n\n", "a  b", "x"};

/* A well-formed fragment of up to depth levels: as HTML writes them, and as it does not (a <p>
 * in a <p>, blanks where HTML drops them), so that both ways of reading are taken. */
static void gen_tree(salle__buf *b, int depth)
{
    static const char *const tags[] = {"p", "b", "i", "em", "strong", "ul", "ol", "li", "a", "pre",
                                       "div", "span", "script", "h2", "h4", "dl", "dt", "dd",
                                       "table", "tr", "td", "code", "blockquote", "q", "section",
                                       "style", "sub", "small"};
    static const char *const hrefs[] = {"https://e.org/", "https://e.org/?a=1&amp;b=2",
                                        "javascript:x()", "mailto:a@e.org", "", "word"};
    int n = 1 + (int)rnd(4);
    for (int k = 0; k < n; k++) {
        unsigned r = rnd(10);
        if (depth == 0 || r < 4) {
            salle__buf_printf(b, "%s", texts[rnd(sizeof texts / sizeof *texts)]);
        } else if (r == 4) {
            salle__buf_printf(b, "%s", rnd(2) ? "<br/>" : rnd(2) ? "<hr/>" : "<hr />\n");
        } else {
            const char *t = tags[rnd(sizeof tags / sizeof *tags)];
            if (strcmp(t, "a") == 0)
                salle__buf_printf(b, "<a href=\"%s\">", hrefs[rnd(sizeof hrefs / sizeof *hrefs)]);
            else
                salle__buf_printf(b, "<%s>", t);
            gen_tree(b, depth - 1);
            salle__buf_printf(b, "</%s>", t);
        }
    }
}

/* Any bytes of markup: mostly not well-formed, so mostly the HTML parser's. */
static void gen_soup(salle__buf *b)
{
    static const char *const bits[] = {"<p>", "</p>", "<b>", "</b>", "<li>", "</li>", "<ul>",
                                       "</ul>", "<ol>", "</ol>", "<br>", "<br/>", "</br>",
                                       "<a href=\"https://e.org/\">", "</a>", "<pre>", "</pre>",
                                       "<script>", "</script>", "<!-- c -->", "<![CDATA[<x>]]>",
                                       "&nbsp;", "&apos;", "<P>", "<foo>", "</foo>",
                                       "<img alt=\"A\"/>", "<p xml:lang=\"en\">", "<p a='1' b=\"2\">",
                                       "\r\n", "<", ">", "&", "<body>", "</body>", "</html>"};
    int n = 1 + (int)rnd(12);
    for (int k = 0; k < n; k++)
        salle__buf_printf(b, "%s", rnd(3) ? bits[rnd(sizeof bits / sizeof *bits)]
                                          : texts[rnd(sizeof texts / sizeof *texts)]);
}

/* Thousands of generated fragments: plain text and safe HTML the same whichever way they are
 * read, and a good share read through the callbacks, so that the comparison covers them. */
static void test_generated_fragments(void **state)
{
    (void)state;
    long x0, h0, x1, h1;
    salle__text_parser_counts(&x0, &h0);
    for (int i = 0; i < 4000; i++) {
        salle__buf b = {0};
        salle__buf_printf(&b, "%s", "");
        if (i % 4 == 3)
            gen_soup(&b);
        else
            gen_tree(&b, 1 + i % 4);
        char where[32];
        snprintf(where, sizeof where, "fragment %d", i);
        same_both_ways(b.s, SALLE_TEXT_HTML, where);
        free(b.s);
    }
    salle__text_parser_counts(&x1, &h1);
    /* same_both_ways reads each twice the fast way (plain text and HTML) */
    fprintf(stderr, "generated fragments: %ld read as XML, %ld by the HTML parser\n", x1 - x0,
            h1 - h0);
    if (x1 - x0 < 2 * 1000)
        fail_msg("only %ld of 8000 fast readings were XML", x1 - x0);
}

/* Generated Markdown-like texts, most of them only words, spaces and line ends, the others
 * with a piece that could open a block or an inline: the text without cmark must be cmark's. */
static void test_generated_markdown(void **state)
{
    (void)state;
    static const char *const plain[] = {"word", "two words", "caf\xc3\xa9", " ", "  ", "   ", "\t",
                                        "\n", "\n\n", "\r\n", "\r", "\n \n", "2025", "3.5",
                                        "a-b", "x > y", "#3", "e+f", "(1)", "ok!", "a=b", "~",
                                        "&", "Q&A", "& "};
    static const char *const marks[] = {"- ", "+ ", "* ", "1. ", "12) ", "# ", "===", "---",
                                        "> ", "```", "~~~", "    ", "\t", "*", "_", "`", "[",
                                        "]", "<b>", "&amp;", "&#", "&a", "&1", "\\", "  \n", "\f",
                                        "\xEF\xBF\xBE"};
    long w0 = salle__text_words_count(), n = 0;
    for (int i = 0; i < 4000; i++) {
        salle__buf b = {0};
        salle__buf_printf(&b, "%s", "");
        int pieces = 1 + (int)rnd(12);
        for (int k = 0; k < pieces; k++) {
            if (i % 3 == 2 && rnd(4) == 0)
                salle__buf_printf(&b, "%s", marks[rnd(sizeof marks / sizeof *marks)]);
            else
                salle__buf_printf(&b, "%s", plain[rnd(sizeof plain / sizeof *plain)]);
        }
        char where[32];
        snprintf(where, sizeof where, "generated Markdown %d", i);
        same_both_ways(b.s, SALLE_TEXT_MARKDOWN, where);
        free(b.s);
        n++;
    }
    long w = salle__text_words_count() - w0;
    fprintf(stderr, "generated Markdown: %ld of %ld written without cmark\n", w, n);
    if (w < n / 3)
        fail_msg("only %ld of %ld generated texts written without cmark", w, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitizer_keeps), cmocka_unit_test(test_sanitizer_drops),
        cmocka_unit_test(test_entities),        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_plain),           cmocka_unit_test(test_is_html),
        cmocka_unit_test(test_payloads_inert),  cmocka_unit_test(test_format_key),
        cmocka_unit_test(test_real_abstracts),  cmocka_unit_test(test_xml_shortcut),
        cmocka_unit_test(test_markdown_shortcut), cmocka_unit_test(test_markdown_words),
        cmocka_unit_test(test_plain_without_tree),
        cmocka_unit_test(test_generated_fragments), cmocka_unit_test(test_generated_markdown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
