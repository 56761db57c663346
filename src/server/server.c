/*
 * server.c: `salle serve` (include/salle/server.h): the libmicrohttpd daemon with its thread pool,
 * request bodies under a size limit, security headers on every response, the --public folder at /
 * with ETags, the background job worker, and the admin's command-line sign-in link and API token.
 * Route handlers are in api.c (JSON) and pages.c (HTML).
 */
#include "server/http.h"
#include "server/pages.h"
#include "base/internal.h"
#include "base/tr.h"
#include "site/render_html.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

long long salle__now(void) { return (long long)time(NULL); }

/* Server pages carry no script at all and load only their own style sheet. */
static const char CSP_PAGES[] = "default-src 'none'; style-src 'self'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* ---------------------------------------------------------------- responses */

void salle__resp_json(salle__resp *r, int status, json_t *j)
{
    r->status = status;
    r->body = json_dumps(j, JSON_INDENT(1));
    r->len = strlen(r->body);
    r->ctype = "application/json; charset=utf-8";
    json_decref(j);
}

void salle__resp_error(salle__resp *r, int status, const char *msg, json_t *reasons)
{
    json_t *j = json_pack("{siss}", "status", status, "error", msg);
    if (reasons)
        json_object_set(j, "reasons", reasons);
    salle__resp_json(r, status, j);
}

void salle__resp_html(salle__resp *r, int status, char *html)
{
    r->status = status;
    r->body = html;
    r->len = strlen(html);
    r->ctype = "text/html; charset=utf-8";
}

void salle__resp_redirect(salle__resp *r, const char *to)
{
    r->status = 303;
    snprintf(r->location, sizeof r->location, "%s", to);
    r->body = salle__xstrdup("");
    r->len = 0;
    r->ctype = "text/plain; charset=utf-8";
}

/* ---------------------------------------------------------------- who is asking */

int salle__rate_limited(salle__ctx *x)
{
    salle__srv *s = x->s;
    long long minute = salle__now() / 60;
    int limited = 0;
    pthread_mutex_lock(&s->rl_lock);
    unsigned h = 5381;
    for (const char *p = x->ip; *p; p++)
        h = h * 33 + (unsigned char)*p;
    struct salle__rl *e = &s->rl[h % 256];
    if (strcmp(e->ip, x->ip) == 0 && e->window == minute && e->fails >= 20)
        limited = 1;
    pthread_mutex_unlock(&s->rl_lock);
    return limited;
}

int salle__rate_fail(salle__ctx *x)
{
    salle__srv *s = x->s;
    long long minute = salle__now() / 60;
    pthread_mutex_lock(&s->rl_lock);
    unsigned h = 5381;
    for (const char *p = x->ip; *p; p++)
        h = h * 33 + (unsigned char)*p;
    struct salle__rl *e = &s->rl[h % 256];
    if (strcmp(e->ip, x->ip) != 0 || e->window != minute) {
        snprintf(e->ip, sizeof e->ip, "%s", x->ip);
        e->window = minute;
        e->fails = 0;
    }
    int over = ++e->fails > 20;
    pthread_mutex_unlock(&s->rl_lock);
    return over;
}

void salle__who(salle__ctx *x, int api)
{
    x->role = SALLE_ROLE_PUBLIC;
    const char *text = NULL;
    int kind;
    if (api) {
        const char *h = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, "Authorization");
        if (!h)
            return;
        if (strncmp(h, "Bearer ", 7) != 0) {
            salle__rate_fail(x);
            return;
        }
        text = h + 7;
        kind = SALLE_TOKEN_API;
    } else {
        text = MHD_lookup_connection_value(x->c, MHD_COOKIE_KIND, x->s->cookie);
        kind = SALLE_TOKEN_SESSION;
        if (!text)
            return;
    }
    if (salle__rate_limited(x)) {
        x->limited = 1;
        return;
    }
    if (salle__auth_check(&x->s->auth, kind, text, salle__now(), &x->tok) != SALLE_AUTH_OK) {
        salle__rate_fail(x);
        return;
    }
    x->role = strcmp(x->tok.role, "admin") == 0 ? SALLE_ROLE_ADMIN : SALLE_ROLE_ORGANIZER;
}

int salle__same_origin(salle__ctx *x)
{
    const char *site = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
        return 0;
    const char *origin = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, "Origin");
    if (origin && strcmp(origin, "null") != 0) {
        if (strcmp(origin, x->s->origin) == 0)
            return 1;
        /* Behind a proxy the Host the browser used is the one to compare with. */
        const char *host = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, "Host");
        char want[600];
        snprintf(want, sizeof want, "%s://%s", x->s->behind_tls ? "https" : "http", host ? host : "");
        return host && strcmp(origin, want) == 0;
    }
    return origin == NULL;
}

/* ---------------------------------------------------------------- forms */

int salle__form_parse(salle__ctx *x, salle__form *f)
{
    return salle__form_parse_body(x->c, x->body, x->nbody, f);
}

/* ---------------------------------------------------------------- the public folder */

static const char *mime_of(const char *path)
{
    static const char *const map[][2] = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"}, {".xml", "application/xml; charset=utf-8"},
        {".ics", "text/calendar; charset=utf-8"}, {".atom", "application/atom+xml; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".txt", "text/plain; charset=utf-8"}, {".csv", "text/csv; charset=utf-8"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(dot, map[i][0]) == 0)
            return map[i][1];
    return "application/octet-stream";
}

/* The published site has no inline script (its filter and language scripts are files), so its
 * pages get the same fixed policy: script only from the site itself. */
static const char CSP_STATIC[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                                 "img-src 'self'; object-src 'none'; frame-ancestors 'none'; "
                                 "base-uri 'none'";

static int serve_static(salle__ctx *x, salle__resp *r)
{
    const char *u = x->url;
    /* No way out of the folder, and no hidden files (the site's marker). */
    if (strstr(u, "..") || strstr(u, "/.") || strchr(u, '\\'))
        return 0;
    char path[2048];
    struct stat sb;
    /* The programme's front page in the visitor's language when it is published in several
     * (salle serve --languages): they said one (?lang=, its cookie, Accept-Language) and it is
     * there. Not cached as shared: the same address answers each visitor in their own. */
    int several = 0;
    if (strcmp(u, "/") == 0) {
        snprintf(path, sizeof path, "%s/en/index.html", x->s->public_dir);
        several = stat(path, &sb) == 0;
        snprintf(path, sizeof path, "%s/%s/index.html", x->s->public_dir, x->lang ? x->lang : "en");
        if (several && x->lang_said && strcmp(x->lang, "en") != 0 && stat(path, &sb) == 0) {
            char to[16];
            snprintf(to, sizeof to, "/%s/", x->lang);
            salle__resp_redirect(r, to);
            return 1;
        }
    }
    int n = snprintf(path, sizeof path, "%s%s", x->s->public_dir, u);
    if (n <= 0 || (size_t)n >= sizeof path - 16)
        return 0;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        strcat(path, path[n - 1] == '/' ? "index.html" : "/index.html");
        if (stat(path, &sb) != 0)
            return 0;
    }
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    /* The ETag names this exact file: size and modification time in nanoseconds. A publish
     * writes new files, so the tag changes with every version. */
    snprintf(r->etag, sizeof r->etag, "\"%llx-%llx\"", (unsigned long long)sb.st_size,
             (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull + (unsigned long long)sb.st_mtim.tv_nsec);
    r->is_static = 1;
    r->cache = several ? "private, max-age=60, must-revalidate" : "public, max-age=60, must-revalidate";
    r->ctype = mime_of(path);
    const char *inm = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, "If-None-Match");
    if (inm && strcmp(inm, r->etag) == 0) {
        r->status = 304;
        r->body = salle__xstrdup("");
        r->len = 0;
        return 1;
    }
    salle_diag d = {0};
    size_t len;
    char *buf = salle__read_file(path, &len, &d);
    if (!buf)
        return 0;
    r->status = 200;
    r->body = buf;
    r->len = len;
    if (strncmp(r->ctype, "text/html", 9) == 0)
        snprintf(r->csp, sizeof r->csp, "%s", CSP_STATIC);
    return 1;
}

/* ---------------------------------------------------------------- dispatch */

static size_t limit_for(const salle__srv *s, const char *url)
{
    return strncmp(url, "/admin/upload", 13) == 0 ? s->max_body * 16 : s->max_body;
}

/* The address the proxy in front saw, from the last entry of X-Forwarded-For (the one the proxy
 * itself added: entries before it are whatever the client sent), in canonical form; 0 when there
 * is none or it is not an IP address. */
static int forwarded_ip(struct MHD_Connection *c, char *out, size_t cap)
{
    const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff)
        return 0;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ' || *last == '\t')
        last++;
    size_t n = strcspn(last, " \t");
    char text[INET6_ADDRSTRLEN + 1];
    if (n == 0 || n >= sizeof text || last[n + strspn(last + n, " \t")] != '\0')
        return 0;
    memcpy(text, last, n);
    text[n] = '\0';
    unsigned char bin[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, text, bin) == 1)
        return inet_ntop(AF_INET, bin, out, (socklen_t)cap) != NULL;
    if (inet_pton(AF_INET6, text, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, (socklen_t)cap) != NULL;
    return 0;
}

/* Who the rate limiters count: the connection's peer; behind a TLS proxy (docs/deploy.md) the
 * peer is the proxy for everyone, so the address the proxy forwarded, when it is one. Without
 * --behind-tls the header is never read: any client could write it. */
static void client_ip(const salle__srv *s, struct MHD_Connection *c, char *out, size_t cap)
{
    if (s->behind_tls && forwarded_ip(c, out, cap))
        return;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, cap, "?");
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out, (socklen_t)cap);
    else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out, (socklen_t)cap);
}

/* An event's pages under /SLUG/ (docs/deploy.md): every root-absolute link, form action and
 * script source the page makers wrote ('href="/admin"') gets the event's prefix, here in one
 * place, so that no page maker needs to know where its event lives. User text cannot fake one:
 * the page makers escape '"' in everything they did not write themselves. "//host" links are
 * another site's and stay as they are. */
static void prefix_links(salle__resp *r, const char *prefix)
{
    static const char *const attrs[] = {" href=\"/", " action=\"/", " src=\"/"};
    size_t pl = strlen(prefix), n = 0;
    for (const char *p = r->body; (p = strstr(p, "=\"/")); p += 3)
        n++;
    if (n == 0)
        return;
    char *out = salle__xmalloc(r->len + n * pl + 1), *o = out;
    const char *p = r->body, *end = r->body + r->len;
    while (p < end) {
        size_t k = 0, al = 0;
        for (; k < sizeof attrs / sizeof attrs[0]; k++) {
            al = strlen(attrs[k]);
            if ((size_t)(end - p) > al && memcmp(p, attrs[k], al) == 0 && p[al] != '/')
                break;
        }
        if (k < sizeof attrs / sizeof attrs[0]) {
            memcpy(o, p, al - 1); /* up to the quote: then the prefix, then the path's "/" */
            o += al - 1;
            memcpy(o, prefix, pl);
            o += pl;
            p += al - 1;
        } else
            *o++ = *p++;
    }
    *o = 0;
    free(r->body);
    r->body = out;
    r->len = (size_t)(o - out);
}

static enum MHD_Result respond(salle__ctx *x, salle__resp *r)
{
    if (x->s && x->s->prefix[0] && !r->is_static) {
        if (r->body && r->ctype && strncmp(r->ctype, "text/html", 9) == 0)
            prefix_links(r, x->s->prefix);
        size_t pl = strlen(x->s->prefix), ll = strlen(r->location);
        if (r->location[0] == '/' && r->location[1] != '/' && pl + ll < sizeof r->location) {
            memmove(r->location + pl, r->location, ll + 1);
            memcpy(r->location, x->s->prefix, pl);
        }
    }
    struct MHD_Response *m = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
    r->body = NULL;
    if (!m)
        return MHD_NO;
    MHD_add_response_header(m, "Content-Type", r->ctype ? r->ctype : "text/plain; charset=utf-8");
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    /* Sign-in links are in addresses: never send them to another site as a Referer.
     * ("no-referrer" would also make browsers send "Origin: null" on our own forms.) */
    MHD_add_response_header(m, "Referrer-Policy", "same-origin");
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Content-Security-Policy", r->csp[0] ? r->csp : CSP_PAGES);
    MHD_add_response_header(m, "Cache-Control", r->cache ? r->cache : "no-store");
    if (r->etag[0])
        MHD_add_response_header(m, "ETag", r->etag);
    if (r->location[0])
        MHD_add_response_header(m, "Location", r->location);
    if (r->cookie[0])
        MHD_add_response_header(m, "Set-Cookie", r->cookie);
    if (r->lang_cookie[0])
        MHD_add_response_header(m, "Set-Cookie", r->lang_cookie);
    if (r->retry_after[0])
        MHD_add_response_header(m, "Retry-After", r->retry_after);
    if (x->s->behind_tls)
        MHD_add_response_header(m, "Strict-Transport-Security", "max-age=31536000");
    enum MHD_Result rc = MHD_queue_response(x->c, (unsigned)r->status, m);
    MHD_destroy_response(m);
    return rc;
}

/* What one process serves: one event (the --db form, at /), or several, each under /SLUG/. */
typedef struct hub {
    salle__srv **ev;
    int n;
    int multi;
    salle__srv top; /* the index at / and the not-found page outside every event: no store */
} hub;

/* The event a URL belongs to and the URL inside it ("/igf/admin": igf's "/admin"); NULL and
 * *inner = url for the server's own pages (the index, a URL of no event). */
static salle__srv *event_of(hub *h, const char *url, const char **inner)
{
    *inner = url;
    if (!h->multi)
        return h->ev[0];
    for (int i = 0; i < h->n; i++) {
        size_t n = strlen(h->ev[i]->prefix);
        if (strncmp(url, h->ev[i]->prefix, n) == 0 && (url[n] == '/' || url[n] == 0)) {
            *inner = url + n;
            return h->ev[i];
        }
    }
    return NULL;
}

/* The server's own 404 outside every event, in the page frame and the visitor's language. */
static void not_found(const salle__ctx *x, salle__resp *r)
{
    salle__html_buf b = {0};
    salle__page_head(&b, salle__tr(x->lang, "Page not found"));
    salle__html_printf(&b, "<h1>%s</h1>\n<p><a href=\"/\">%s</a></p>\n", salle__tr(x->lang, "Page not found"),
                       salle__tr(x->lang, "Events"));
    salle__resp_html(r, 404, salle__page_finish(&b));
}

/* The server's own pages when it serves several events: the index at / and the style sheet.
 * The index is in the visitor's language (?lang=, its cookie, Accept-Language: the page frame's
 * switcher), as every event's pages are. */
static void hub_route(hub *h, salle__ctx *x, salle__resp *r)
{
    int get = strcmp(x->method, "GET") == 0 || strcmp(x->method, "HEAD") == 0;
    if (strcmp(x->method, "GET") == 0 && strcmp(x->url, "/_salle/style.css") == 0 && salle__pages_route(x, r))
        return;
    if (!get || strcmp(x->url, "/") != 0) {
        not_found(x, r);
        return;
    }
    salle__html_buf b = {0};
    salle__page_head(&b, salle__tr(x->lang, "Events"));
    salle__html_printf(&b, "<h1>%s</h1>\n<p>%s</p>\n<ul>\n", salle__tr(x->lang, "Events"),
                       salle__tr(x->lang, "This server hosts the programmes of these events. Each has "
                                          "its own administrators and organizers."));
    for (int i = 0; i < h->n; i++) {
        /* each event by its name, as its programme gives it (the slug when it has none) */
        char name[512];
        salle__memo_event_name(h->ev[i], name, sizeof name);
        salle__html_put(&b, "<li><a href=\"");
        salle__html_esc(&b, h->ev[i]->prefix);
        salle__html_put(&b, "/\">");
        salle__page_content(&b, name[0] ? name : h->ev[i]->prefix + 1, NULL);
        salle__html_put(&b, "</a></li>\n");
    }
    salle__html_put(&b, "</ul>\n");
    salle__resp_html(r, 200, salle__page_finish(&b));
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
    (void)version;
    hub *h = cls;
    const char *inner;
    salle__srv *s = event_of(h, url, &inner);
    salle__body *up = *con_cls;
    if (!up) {
        up = salle__xcalloc(1, sizeof *up);
        *con_cls = up;
        return MHD_YES;
    }
    if (*data_size > 0) {
        salle__body_add(up, data, *data_size, limit_for(s ? s : &h->top, inner));
        *data_size = 0;
        return MHD_YES;
    }
    salle__ctx x = {0};
    x.s = s ? s : &h->top;
    x.c = c;
    x.url = inner;
    x.method = method;
    x.body = up->buf ? up->buf : "";
    x.nbody = up->n;
    client_ip(x.s, c, x.ip, sizeof x.ip);
    salle__resp r = {0};
    salle__page_lang_pick(&x, &r);
    if (up->too_big) {
        char msg[200];
        snprintf(msg, sizeof msg, "the request body is larger than the limit of %zu bytes",
                 limit_for(x.s, inner));
        salle__resp_error(&r, 413, msg, NULL);
    } else if (!s) {
        x.s = h->ev[0]; /* the style sheet is every event's */
        hub_route(h, &x, &r);
        x.s = &h->top;
    } else if (!*inner) { /* "/igf": the event's programme is at "/igf/" */
        salle__resp_redirect(&r, "/");
    } else if (!salle__interest_route(&x, &r) && !salle__api_route(&x, &r) &&
               !salle__pages_route(&x, &r)) {
        if ((strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) && serve_static(&x, &r))
            ;
        else if (strncmp(inner, "/api/", 5) == 0)
            salle__resp_error(&r, 404, "no such API route; the routes are in docs/api.md", NULL);
        else {
            /* in the page frame, so with the language switcher too */
            salle__html_buf b = {0};
            salle__page_head(&b, salle__tr(x.lang, "Page not found"));
            salle__html_printf(&b, "<h1>%s</h1>\n<p><a href=\"/\">%s</a></p>\n", salle__tr(x.lang, "Page not found"),
                               salle__tr(x.lang, "The programme"));
            salle__resp_html(&r, 404, salle__page_finish(&b));
        }
    }
    if (x.s->log && r.status >= 500)
        fprintf(x.s->log, "salle serve: %s %s -> %d\n", method, url, r.status);
    return respond(&x, &r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    salle__body *up = *con_cls;
    if (up) {
        salle__body_free(up);
        free(up);
    }
    *con_cls = NULL;
}

/* ---------------------------------------------------------------- the job worker */

static void *worker(void *arg)
{
    salle__srv *s = arg;
    pthread_mutex_lock(&s->jobs_lock);
    while (!s->stopping) {
        pthread_mutex_unlock(&s->jobs_lock);
        salle__job j;
        if (salle__store_job_next(s->st, &j) == 0) { /* claimed: it is running */
            salle__wf_err e = {0};
            char who[64];
            snprintf(who, sizeof who, "job %lld", j.id);
            char *res = salle__wf_solve(s->st, j.input, who, &e);
            if (res)
                salle__store_job_set(s->st, j.id, "done", 100, res, salle__now());
            else {
                /* the English for the API, and the code a page says in its reader's language */
                json_t *er = json_pack("{ss}", "error", e.msg);
                if (e.code[0]) {
                    json_object_set_new(er, "code", json_string(e.code));
                    json_object_set_new(er, "args", salle__wf_args(&e));
                }
                char *t = json_dumps(er, JSON_COMPACT);
                salle__store_job_set(s->st, j.id, "failed", 100, t, salle__now());
                free(t);
                json_decref(er);
            }
            free(res);
            salle__wf_err_clear(&e);
            salle__store_job_clear(&j);
            pthread_mutex_lock(&s->jobs_lock);
            continue;
        }
        pthread_mutex_lock(&s->jobs_lock);
        if (s->stopping)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&s->jobs_cond, &s->jobs_lock, &ts);
    }
    pthread_mutex_unlock(&s->jobs_lock);
    return NULL;
}

/* The outbox's sender: delivers approved messages as they fall due. */
static void *mailer(void *arg)
{
    salle__srv *s = arg;
    pthread_mutex_lock(&s->jobs_lock);
    while (!s->stopping) {
        pthread_mutex_unlock(&s->jobs_lock);
        int sent = salle__outbox_send_due(s->st, &s->auth, &s->mail, salle__now());
        pthread_mutex_lock(&s->jobs_lock);
        if (sent || s->stopping)
            continue;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 300 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->jobs_cond, &s->jobs_lock, &ts);
    }
    pthread_mutex_unlock(&s->jobs_lock);
    return NULL;
}

/* ---------------------------------------------------------------- start and stop */

static int parse_listen(const char *listen, struct sockaddr_in *sa, salle_diag *err)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = strrchr(listen, ':');
    char host[64];
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return salle__diag(err, "--listen", 0, 0, "'%s' is not HOST:PORT such as 127.0.0.1:8080", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return salle__diag(err, "--listen", 0, 0, "'%s': the port must be a number from 0 to 65535", listen);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return salle__diag(err, "--listen", 0, 0, "'%s': the host must be an IPv4 address such as "
                                                  "127.0.0.1", listen);
    sa->sin_port = htons((uint16_t)port);
    return 0;
}

static salle__store *open_store(const char *db, salle_diag *err)
{
    char msg[600];
    salle__store *st = salle__store_open(db, msg, sizeof msg);
    char name[300];
    salle__store_label(db, name, sizeof name); /* a URL's password stays out of messages */
    if (!st)
        salle__diag(err, name, 0, 0, "%s", msg);
    return st;
}

/* An event's slug: its URL space /SLUG/ and its folder in --public. */
static int slug_ok(const char *slug)
{
    size_t n = strlen(slug);
    if (n == 0 || n > 40 || slug[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((slug[i] >= 'a' && slug[i] <= 'z') || (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-'))
            return 0;
    return 1;
}

static void event_close(salle__srv *s)
{
    if (!s)
        return;
    if (s->started) {
        pthread_mutex_lock(&s->jobs_lock);
        s->stopping = 1;
        pthread_cond_broadcast(&s->jobs_cond);
        pthread_mutex_unlock(&s->jobs_lock);
        pthread_join(s->worker, NULL);
        pthread_join(s->mailer, NULL);
        pthread_mutex_destroy(&s->jobs_lock);
        pthread_cond_destroy(&s->jobs_cond);
        pthread_mutex_destroy(&s->rl_lock);
        salle__memo_free(s);
        salle__interest_free(s);
    }
    salle__store_close(s->st);
    free(s);
}

/* One event's store, opened and ready to serve (slug NULL: the single --db form at /). */
static salle__srv *event_open(const salle_serve_options *o, const char *db, const char *slug,
                              salle_diag *err)
{
    salle__srv *s = salle__xcalloc(1, sizeof *s);
    s->st = open_store(db, err);
    char label[300];
    salle__store_label(db, label, sizeof label);
    if (!s->st) {
        free(s);
        return NULL;
    }
    if (o->crash_safe_only)
        salle__store_set_durable(s->st, 2);
    s->log = o->log;
    s->behind_tls = o->behind_tls;
    s->max_body = o->max_body ? o->max_body : (size_t)1 << 20;
    if (slug) {
        snprintf(s->prefix, sizeof s->prefix, "/%s", slug);
        snprintf(s->cookie, sizeof s->cookie, "__Host-salle-%s", slug);
        snprintf(s->ballot_cookie, sizeof s->ballot_cookie, "__Host-salle-ballot-%s", slug);
        snprintf(s->public_dir, sizeof s->public_dir, "%s/%s", o->public_dir, slug);
    } else {
        snprintf(s->cookie, sizeof s->cookie, "__Host-salle");
        snprintf(s->ballot_cookie, sizeof s->ballot_cookie, "__Host-salle-ballot");
        snprintf(s->public_dir, sizeof s->public_dir, "%s", o->public_dir);
    }
    if (salle__auth_init(&s->auth, s->st) < 0) {
        salle__diag(err, label, 0, 0, "cannot make the server's key: %s", salle__store_error(s->st));
        event_close(s);
        return NULL;
    }
    if (o->import) {
        char *have = NULL;
        if (salle__store_draft_get(s->st, &have, NULL) == 0) {
            free(have);
            salle__diag(err, label, 0, 0, "--import: the database already holds a programme; "
                                          "give a new --db FILE to import %s", o->import);
            event_close(s);
            return NULL;
        }
        salle__wf_err e = {0};
        json_t *warned = NULL;
        int rc = salle__wf_import(s->st, o->import, "salle serve --import", &warned, &e);
        /* what the importer guessed or skipped, as `salle import` says it (the admin's page
         * shows an upload's; this file came from the command line) */
        size_t i;
        json_t *w;
        json_array_foreach(warned, i, w)
            if (s->log)
                fprintf(s->log, "salle serve: --import: warning: %s: %s\n",
                        json_string_value(json_object_get(w, "at")),
                        json_string_value(json_object_get(w, "text")));
        json_decref(warned);
        if (rc < 0) {
            salle__diag(err, o->import, 0, 0, "%s", e.msg);
            salle__wf_err_clear(&e);
            event_close(s);
            return NULL;
        }
    }
    salle__store_job_requeue(s->st);
    salle__store_outbox_interrupted(s->st);
    return s;
}

/* "fr,ar" -> "en,fr,ar" into out: the published programme's languages, English always among
 * them. -1 when one is not a language salle has a catalog for (or the list is too long). */
static int site_languages(const char *given, char *out, size_t cap)
{
    char list[64];
    if (strlen(given) >= sizeof list)
        return -1;
    snprintf(list, sizeof list, "%s", given);
    snprintf(out, cap, "en");
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        const char *l = salle__tr_lang(t);
        if (!l || strcmp(l, t) != 0)
            return -1;
        if (strcmp(l, "en") != 0 && !strstr(out, l) && strlen(out) + 4 < cap) {
            strcat(out, ",");
            strcat(out, l);
        }
    }
    return 0;
}

/* Once the daemon listens: the event's base URL (for links in pages and mail, and for
 * admin-link), then its job worker and outbox sender. */
static void event_start(salle__srv *s, const char *base, const salle_serve_options *o)
{
    snprintf(s->base, sizeof s->base, "%s%s", base, s->prefix);
    snprintf(s->origin, sizeof s->origin, "%s", base);
    char *p = strstr(s->origin, "://");
    if (p && (p = strchr(p + 3, '/'))) /* origin: scheme://host[:port] of the base URL */
        *p = 0;
    salle__store_meta_set(s->st, "base_url", s->base, strlen(s->base));
    if (o->language) /* checked in salle_serve */
        salle__store_meta_set(s->st, "mail_lang", o->language, strlen(o->language));
    if (o->languages) { /* checked in salle_serve; English first, where the switchers link it */
        char list[64];
        site_languages(o->languages, list, sizeof list);
        salle__store_meta_set(s->st, "site_languages", list, strlen(list));
    }
    pthread_mutex_init(&s->jobs_lock, NULL);
    pthread_cond_init(&s->jobs_cond, NULL);
    pthread_mutex_init(&s->rl_lock, NULL);
    salle__interest_init(s);
    s->interest_rate = o->interest_rate < 0 ? 0 : o->interest_rate ? o->interest_rate : 120;
    snprintf(s->smtp_url, sizeof s->smtp_url, "%s", o->smtp_url ? o->smtp_url : "");
    snprintf(s->mail_from, sizeof s->mail_from, "%s", o->mail_from ? o->mail_from : "salle@localhost");
    s->mail.smtp_url = o->smtp_url ? s->smtp_url : NULL;
    s->mail.from = s->mail_from;
    s->mail.base = s->base;
    s->started = 1;
    pthread_create(&s->worker, NULL, worker, s);
    pthread_create(&s->mailer, NULL, mailer, s);
}

int salle_serve(const salle_serve_options *o, salle_diag *err)
{
    memset(err, 0, sizeof *err);
    if ((!o->db && o->nevents <= 0) || (o->db && o->nevents > 0) || !o->public_dir)
        return salle__diag(err, "salle serve", 0, 0, "--public DIR and either --db FILE or "
                                                     "--event SLUG=DB (repeatable) are required");
    if (o->nevents > 0 && o->import)
        return salle__diag(err, "salle serve", 0, 0, "--import loads one store: run it with that "
                                                     "event's --db alone first, then serve the events");
    for (int i = 0; i < o->nevents; i++) {
        if (!o->events[i].slug || !slug_ok(o->events[i].slug) || !o->events[i].db)
            return salle__diag(err, "--event", 0, 0, "'%s': an event's name is 1 to 40 of a-z, 0-9 "
                               "and '-' (not first), as in --event igf=igf.db",
                               o->events[i].slug ? o->events[i].slug : "");
        for (int k = 0; k < i; k++) {
            if (strcmp(o->events[k].slug, o->events[i].slug) == 0)
                return salle__diag(err, "--event", 0, 0, "'%s' is given twice", o->events[i].slug);
            if (strcmp(o->events[k].db, o->events[i].db) == 0)
                return salle__diag(err, "--event", 0, 0, "%s and %s have the same store; each "
                                   "event needs its own", o->events[k].slug, o->events[i].slug);
        }
    }
    if (o->language && (!salle__tr_lang(o->language) || strcmp(salle__tr_lang(o->language), o->language) != 0))
        return salle__diag(err, "--language", 0, 0, "'%s' is not a language salle's mail is "
                           "written in: en, fr, es or ar", o->language);
    char langs[64];
    if (o->languages && site_languages(o->languages, langs, sizeof langs) < 0)
        return salle__diag(err, "--languages", 0, 0, "'%s' is not a list of the languages salle's "
                           "programme is written in, such as en,fr,es,ar", o->languages);
    struct sockaddr_in sa;
    const char *listen = o->listen ? o->listen : "127.0.0.1:8080";
    if (parse_listen(listen, &sa, err) < 0)
        return -1;
    struct stat sb;
    if (stat(o->public_dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return salle__diag(err, o->public_dir, 0, 0, "--public must be a folder");
    if (o->nevents > 0 && stat(o->public_dir, &sb) != 0 && mkdir(o->public_dir, 0755) != 0)
        return salle__diag(err, o->public_dir, 0, 0, "cannot create the --public folder: %s",
                           strerror(errno));
    curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread: libcurl asks for it */
    hub h = {0};
    h.multi = o->nevents > 0;
    h.n = h.multi ? o->nevents : 1;
    h.ev = salle__xcalloc((size_t)h.n, sizeof *h.ev);
    h.top.log = o->log;
    h.top.behind_tls = o->behind_tls;
    h.top.max_body = o->max_body ? o->max_body : (size_t)1 << 20;
    int rc = -1;
    struct MHD_Daemon *d = NULL;
    for (int i = 0; i < h.n; i++) {
        if (!(h.ev[i] = event_open(o, h.multi ? o->events[i].db : o->db,
                                   h.multi ? o->events[i].slug : NULL, err)))
            goto out;
        /* One store under two names (a.db and ./a.db, two URLs of one database) has one key. */
        for (int k = 0; k < i; k++)
            if (sodium_memcmp(h.ev[k]->auth.key, h.ev[i]->auth.key, sizeof h.ev[i]->auth.key) == 0) {
                salle__diag(err, "--event", 0, 0, "%s and %s have the same store; each event needs "
                            "its own", o->events[k].slug, o->events[i].slug);
                goto out;
            }
    }
    /* Signals are taken by sigwait below, not by whichever thread they hit. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    int threads = o->threads > 0 ? o->threads : 4;
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
                         NULL, NULL, handle, &h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                         MHD_OPTION_NOTIFY_COMPLETED, completed, &h,
                         MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)128 * 1024,
                         MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!d) {
        salle__diag(err, "--listen", 0, 0, "cannot listen on %s: %s", listen, strerror(errno));
        goto out;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64], base[512];
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
    if (o->base_url)
        snprintf(base, sizeof base, "%s", o->base_url);
    else
        snprintf(base, sizeof base, "http://%s:%u", host, di ? di->port : ntohs(sa.sin_port));
    size_t bl = strlen(base);
    while (bl > 0 && base[bl - 1] == '/')
        base[--bl] = 0;
    for (int i = 0; i < h.n; i++)
        event_start(h.ev[i], base, o);
    snprintf(h.top.base, sizeof h.top.base, "%s", base);
    snprintf(h.top.origin, sizeof h.top.origin, "%s", h.ev[0]->origin);
    printf("salle serve: listening on %s (public files from %s); Ctrl-C stops\n", base,
           h.multi ? o->public_dir : h.ev[0]->public_dir);
    for (int i = 0; h.multi && i < h.n; i++)
        printf("salle serve: event %s at %s/ (public files from %s)\n", o->events[i].slug, h.ev[i]->base,
               h.ev[i]->public_dir);
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    printf("salle serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    fflush(stdout);
    MHD_stop_daemon(d); /* waits for requests in flight */
    d = NULL;
    rc = 0;
out:
    if (d)
        MHD_stop_daemon(d);
    for (int i = 0; i < h.n; i++)
        event_close(h.ev[i]);
    free(h.ev);
    curl_global_cleanup();
    return rc;
}

/* ---------------------------------------------------------------- links and tokens */

static int issue(const char *db, int kind, const char *role, const char *person, long long ttl,
                 char out[SALLE_TOKEN_TEXT], char *base, size_t basecap, salle_diag *err)
{
    salle__store *st = open_store(db, err);
    if (!st)
        return -1;
    char label[300];
    salle__store_label(db, label, sizeof label);
    salle__auth a;
    int rc = salle__auth_init(&a, st);
    if (rc == 0 && person) {
        json_t *mine = salle__wf_sessions_of(st, person);
        if (json_array_size(mine) == 0)
            rc = salle__diag(err, label, 0, 0, "%s is not an organizer (nor a stand-in speaker) of "
                                            "any session in the programme", person);
        json_decref(mine);
    }
    if (rc == 0 && salle__auth_issue(&a, kind, role, person, ttl, salle__now(), out) < 0)
        rc = salle__diag(err, label, 0, 0, "cannot store the token: %s", salle__store_error(st));
    if (rc == 0 && base) {
        int n = salle__store_meta_get(st, "base_url", base, basecap - 1);
        base[n > 0 ? n : 0] = 0;
        if (n <= 0)
            snprintf(base, basecap, "http://127.0.0.1:8080");
    }
    if (rc == 0)
        salle__store_audit(st, "command line", kind == SALLE_TOKEN_API ? "issue api token" : "issue link",
                           NULL, person ? person : role);
    salle__store_close(st);
    return rc;
}

int salle_admin_link(const char *db, const char *base_url, char **link, salle_diag *err)
{
    char tok[SALLE_TOKEN_TEXT], base[512];
    if (issue(db, SALLE_TOKEN_LINK, "admin", NULL, SALLE_LINK_TTL, tok, base, sizeof base, err) < 0)
        return -1;
    *link = salle__xasprintf("%s/signin/%s", base_url ? base_url : base, tok);
    return 0;
}

int salle_admin_token(const char *db, char **token, salle_diag *err)
{
    char tok[SALLE_TOKEN_TEXT];
    if (issue(db, SALLE_TOKEN_API, "admin", NULL, 0, tok, NULL, 0, err) < 0)
        return -1;
    *token = salle__xstrdup(tok);
    return 0;
}

int salle_organizer_link(const char *db, const char *person_id, const char *base_url, char **link,
                         salle_diag *err)
{
    char tok[SALLE_TOKEN_TEXT], base[512];
    if (issue(db, SALLE_TOKEN_LINK, "organizer", person_id, SALLE_LINK_TTL, tok, base, sizeof base,
              err) < 0)
        return -1;
    *link = salle__xasprintf("%s/signin/%s", base_url ? base_url : base, tok);
    return 0;
}
