/*
 * fuzz_request.c: libFuzzer target for the server's request parsing. Each input is a whole raw
 * HTTP request: libmicrohttpd, as `salle serve` starts it, reads it from one end of a socket pair
 * (MHD_add_connection), so its request-line, header and cookie parsing run on it; the handler
 * then does what the server's does with it: the body collected under its size limit
 * (salle__body_add), the form parsed as its content type says (urlencoded or multipart, by
 * salle__form_parse_body) and every field read, the session cookie and the Origin and
 * Sec-Fetch-Site headers looked up, and a JSON body read as the API reads it (jansson, an object,
 * the keys its routes take).
 */
#include "server/request.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static enum MHD_Result field(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    size_t *n = cls;
    *n += strlen(key) + (value ? strlen(value) : 0);
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version;
    salle__body *b = *con_cls;
    if (!b) {
        *con_cls = b = calloc(1, sizeof *b);
        return MHD_YES;
    }
    if (*data_size > 0) {
        salle__body_add(b, data, *data_size, 1 << 16);
        *data_size = 0;
        return MHD_YES;
    }
    size_t seen = 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, field, &seen);
    MHD_get_connection_values(c, MHD_COOKIE_KIND, field, &seen);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, field, &seen);
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "__Host-salle");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    seen += (cookie ? strlen(cookie) : 0) + (origin ? strlen(origin) : 0) + (site ? strlen(site) : 0);
    int status = b->too_big ? 413 : 200;
    if (!b->too_big && b->n > 0) {
        salle__form f;
        if (salle__form_parse_body(c, b->buf, b->n, &f) == 0)
            for (int i = 0; i < f.n; i++)
                seen += strlen(salle__form_get(&f, f.key[i]));
        salle__form_free(&f);
        /* as api.c reads a body: an object, then the keys its routes take */
        json_error_t je;
        json_t *j = json_loadb(b->buf, b->n, 0, &je);
        if (!j || !json_is_object(j))
            status = 400;
        static const char *const keys[] = {"note", "room", "start", "email", "kind", "session",
                                           "person", "from", "to", "duration"};
        for (size_t k = 0; j && k < sizeof keys / sizeof keys[0]; k++) {
            const char *v = json_string_value(json_object_get(j, keys[k]));
            seen += v ? strlen(v) : 0;
        }
        json_t *it = json_object_get(j, "iterations");
        if (it && (!json_is_integer(it) || json_integer_value(it) < 0))
            status = 400;
        json_decref(j);
    }
    static char ok[] = "ok";
    struct MHD_Response *r = MHD_create_response_from_buffer(seen ? 2 : 1, ok, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
    (void)cls, (void)c, (void)t;
    salle__body *b = *con_cls;
    if (b) {
        salle__body_free(b);
        free(b);
    }
    *con_cls = NULL;
}

static struct MHD_Daemon *daemon_once(void)
{
    static struct MHD_Daemon *d;
    if (!d) {
        signal(SIGPIPE, SIG_IGN);
        d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_NO_LISTEN_SOCKET |
                             MHD_USE_ITC, 0, NULL, NULL, handle, NULL, MHD_OPTION_NOTIFY_COMPLETED,
                             completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, 2u,
                             MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)128 * 1024, MHD_OPTION_END);
        if (!d)
            abort();
    }
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct MHD_Daemon *d = daemon_once();
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return 0;
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (MHD_add_connection(d, sv[0], (struct sockaddr *)&sa, sizeof sa) != MHD_YES) {
        close(sv[0]);
        close(sv[1]);
        return 0;
    }
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(sv[1], data + off, size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    shutdown(sv[1], SHUT_WR);
    char buf[4096];
    struct pollfd p = {sv[1], POLLIN, 0};
    /* until the daemon has answered and closed, or 3 s (its idle timeout is 2 s) */
    while (poll(&p, 1, 3000) > 0 && read(sv[1], buf, sizeof buf) > 0)
        ;
    close(sv[1]);
    return 0;
}
