/*
 * read.c — reading dispatches from files, folders, JSONL and stdin.
 */
#define _GNU_SOURCE /* d_type in struct dirent; preadv2 */
#include "read.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "buf.h"
#include "ctx.h"
#include "error.h"
#include "mem.h"

enum { MAX_DEPTH = 64 };

typedef struct reader {
    const vl_ctx *ctx;
    vl_doc_fn on_doc;
    vl_skip_fn on_skip;
    void *user;
    int stop;
    unsigned char *buf; /* a text file's bytes, reused from file to file */
    size_t cap;
    /* the folders read so far, by device and inode: a folder reached again
     * through a link (ln -s . a) is not read again, so links in a loop end */
    struct folder_id {
        dev_t dev;
        ino_t ino;
    } *seen;
    size_t nseen, cseen;
} reader;

/* Whether the folder of sb was read before; notes it otherwise. */
static int folder_seen(reader *r, const struct stat *sb)
{
    for (size_t i = 0; i < r->nseen; i++)
        if (r->seen[i].dev == sb->st_dev && r->seen[i].ino == sb->st_ino) return 1;
    r->seen = vl_grow(r->seen, &r->cseen, r->nseen + 1, sizeof *r->seen);
    r->seen[r->nseen].dev = sb->st_dev;
    r->seen[r->nseen++].ino = sb->st_ino;
    return 0;
}

static void skip(reader *r, vl_status code, const char *path, int64_t off, int64_t line,
                 const char *msg)
{
    vl_error e;
    vl_error_set(&e, code, path, off, line, "%s", msg);
    if (r->on_skip) r->on_skip(r->user, &e);
}

/* An input that cannot be read, with the system's reason. */
static void skip_io(reader *r, const char *path, int64_t line, int errnum)
{
    char msg[300];
    snprintf(msg, sizeof msg, "cannot read: %s", strerror(errnum));
    skip(r, VL_EIO, path, -1, line, msg);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static const char *json_str(json_t *o, const char *key, char *num, size_t numlen)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(num, numlen, "%lld", (long long)json_integer_value(v));
        return num;
    }
    return NULL;
}

/* One JSONL line: a document, or a skip with its line number. */
static void jsonl_line(reader *r, const char *path, int64_t lineno, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r')) i++;
    if (i == n) return; /* blank lines separate nothing and hold nothing */
    json_error_t jerr;
    json_t *o = json_loadb(p, n, 0, &jerr);
    char msg[400];
    if (!o) {
        snprintf(msg, sizeof msg, "not JSON (%s, column %d)", jerr.text, jerr.column);
        skip(r, VL_EJSON, path, -1, lineno, msg);
        return;
    }
    json_t *text = json_is_object(o) ? json_object_get(o, "text") : NULL;
    if (!json_is_string(text)) {
        skip(r, VL_EJSON, path, -1, lineno, "no \"text\" string");
        json_decref(o);
        return;
    }
    char source[1100], idnum[32];
    snprintf(source, sizeof source, "%s:%lld", path, (long long)lineno);
    vl_raw raw = {
        .source = source,
        .id = json_str(o, "id", idnum, sizeof idnum),
        .url = json_str(o, "url", NULL, 0),
        .date = json_str(o, "date", NULL, 0),
        .title = json_str(o, "title", NULL, 0),
        .text = (const unsigned char *)json_string_value(text),
        .len = json_string_length(text),
        .json = o,
    };
    if (r->on_doc(r->user, &raw)) r->stop = 1;
    json_decref(o);
}

static void read_jsonl(reader *r, FILE *f, const char *path)
{
    size_t cap = 4 * r->ctx->max_doc_bytes + 1024 * 1024;
    vl_buf line;
    vl_buf_init(&line, cap);
    int64_t lineno = 0;
    int too_long = 0;
    char chunk[65536];
    size_t got;
    /* Split on '\n' by hand: fgets would need a line-sized buffer up front. */
    while (!r->stop && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        size_t s = 0;
        for (size_t i = 0; i <= got && !r->stop; i++) {
            if (i < got && chunk[i] != '\n') continue;
            if (!too_long && vl_buf_add(&line, chunk + s, i - s) != VL_OK) too_long = 1;
            if (i == got) break;
            lineno++;
            if (too_long) {
                char msg[96];
                snprintf(msg, sizeof msg, "line longer than %zu bytes", cap);
                skip(r, VL_ELIMIT, path, -1, lineno, msg);
            } else {
                jsonl_line(r, path, lineno, (const char *)line.data, line.len);
            }
            vl_buf_reset(&line);
            too_long = 0;
            s = i + 1;
        }
    }
    if (!r->stop && (line.len || too_long)) { /* last line without '\n' */
        lineno++;
        if (too_long)
            skip(r, VL_ELIMIT, path, -1, lineno, "line too long");
        else
            jsonl_line(r, path, lineno, (const char *)line.data, line.len);
    }
    if (ferror(f)) skip_io(r, path, lineno, errno);
    vl_buf_free(&line);
}

/* Reads a whole stream into out, up to its cap; *over is set when there
 * is more. */
static vl_status slurp(FILE *f, vl_buf *out, int *over)
{
    char chunk[65536];
    size_t got;
    *over = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (vl_buf_add(out, chunk, got) != VL_OK) {
            *over = 1;
            return VL_OK;
        }
    }
    return ferror(f) ? VL_EIO : VL_OK;
}

static void read_text(reader *r, FILE *f, const char *path)
{
    vl_buf b;
    vl_buf_init(&b, r->ctx->max_doc_bytes);
    int over = 0;
    if (slurp(f, &b, &over) != VL_OK) {
        skip_io(r, path, -1, errno);
    } else if (over) {
        char msg[64];
        snprintf(msg, sizeof msg, "larger than %zu bytes", r->ctx->max_doc_bytes);
        skip(r, VL_ELIMIT, path, -1, -1, msg);
    } else {
        vl_raw raw = {.source = path, .text = b.data, .len = b.len};
        static const unsigned char empty[1] = {0};
        if (!raw.text) raw.text = empty;
        if (r->on_doc(r->user, &raw)) r->stop = 1;
    }
    vl_buf_free(&b);
}

/* A text file opened as fd (closed here): one read, then one close (a
 * folder of 15,000 dispatches made seven calls each through stdio). A read
 * that returns less than asked is the end of a regular file; one that
 * fills the buffer means more, and the buffer grows to the limit. */
static void read_fd(reader *r, int fd, const char *path)
{
    size_t max = r->ctx->max_doc_bytes, len = 0;
    if (!r->cap) {
        r->cap = max + 1 < 65536 ? max + 1 : 65536;
        r->buf = vl_malloc(r->cap + 1);
    }
    int err = 0;
    for (;;) {
        ssize_t got = read(fd, r->buf + len, r->cap - len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            err = errno;
            break;
        }
        len += (size_t)got;
        if (len < r->cap) break; /* the end */
        if (r->cap > max) break; /* more than the limit */
        r->cap = r->cap * 2 > max + 1 ? max + 1 : r->cap * 2;
        r->buf = vl_realloc(r->buf, r->cap + 1);
    }
    close(fd);
    if (err) {
        skip_io(r, path, -1, err);
    } else if (len > max) {
        char msg[64];
        snprintf(msg, sizeof msg, "larger than %zu bytes", max);
        skip(r, VL_ELIMIT, path, -1, -1, msg);
    } else {
        r->buf[len] = 0;
        vl_raw raw = {.source = path, .text = r->buf, .len = len};
        if (r->on_doc(r->user, &raw)) r->stop = 1;
    }
}

/* A file known to be regular, opened relative to its folder (dirfd):
 * no stat, and no walk of the whole path for the open. */
static void read_regular_at(reader *r, int dirfd, const char *name, const char *path, int jsonl)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        skip_io(r, path, -1, errno);
        return;
    }
    if (!jsonl && !has_suffix(path, ".jsonl")) {
        read_fd(r, fd, path);
        return;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        skip_io(r, path, -1, errno);
        close(fd);
        return;
    }
    read_jsonl(r, f, path);
    fclose(f);
}

typedef struct entry {
    char *name;
    unsigned char type; /* d_type: DT_REG, DT_DIR, ... or DT_UNKNOWN */
} entry;

static int cmp_entries(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static char *child_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name), slash = !has_suffix(dir, "/");
    char *c = vl_malloc(dl + slash + nl + 1);
    memcpy(c, dir, dl);
    c[dl] = '/'; /* overwritten by the name when dir ends with one */
    memcpy(c + dl + slash, name, nl + 1);
    return c;
}

/* Out of the page cache, the files of a folder read next are asked of the
 * disk ahead, so that they come in large requests while the reader hands
 * on the files before (100 MB of small files read cold: 4.4 → 3.8 s).
 * Whether they are out of it is asked of the file READ_AHEAD ahead, every
 * READ_AHEAD files until one is: a cached folder costs one probe per
 * READ_AHEAD files, not three calls per file. Regular files only, as the folder says
 * (opening anything else could have effects), and at most a document's
 * limit each. */
enum { READ_AHEAD = 64 };

static int open_regular(const char *dir, const entry *e)
{
    if (e->type != DT_REG) return -1;
    char *c = child_path(dir, e->name);
    int fd = open(c, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    free(c);
    return fd;
}

/* Whether reading the file would wait for the disk: its first byte is not
 * in the page cache (a read that may not wait fails). */
static int out_of_cache(const char *dir, const entry *e)
{
    int fd = open_regular(dir, e);
    if (fd < 0) return 0;
    char b;
    struct iovec v = {&b, 1};
    int cold = preadv2(fd, &v, 1, 0, RWF_NOWAIT) < 0 && errno == EAGAIN;
    close(fd);
    return cold;
}

static void read_ahead(const reader *r, const char *dir, const entry *e)
{
    int fd = open_regular(dir, e);
    if (fd < 0) return;
    posix_fadvise(fd, 0, (off_t)r->ctx->max_doc_bytes, POSIX_FADV_WILLNEED);
    close(fd);
}

static void read_any(reader *r, const char *path, int jsonl, int depth);

static void read_dir(reader *r, const char *path, int jsonl, int depth)
{
    DIR *d = opendir(path);
    if (!d) {
        skip_io(r, path, -1, errno);
        return;
    }
    entry *names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden files */
        names = vl_grow(names, &cap, n + 1, sizeof *names);
        names[n].name = vl_strdup(e->d_name);
        names[n++].type = e->d_type;
    }
    if (n) qsort(names, n, sizeof *names, cmp_entries);
    size_t hinted = 0; /* files asked ahead, or passed over */
    int cold = 0;
    for (size_t i = 0; i < n; i++) {
        if (!r->stop) {
            /* once a folder is found out of the cache, the rest of it is
             * asked ahead (what was asked may bring the next file along) */
            if (!cold && i % READ_AHEAD == 0 && hinted < n)
                cold = out_of_cache(path, &names[hinted]);
            for (; hinted < n && hinted < i + READ_AHEAD; hinted++)
                if (cold) read_ahead(r, path, &names[hinted]);
            char *child = child_path(path, names[i].name);
            /* a regular file, as the folder says: opened from the folder */
            if (names[i].type == DT_REG)
                read_regular_at(r, dirfd(d), names[i].name, child, jsonl);
            else
                read_any(r, child, jsonl, depth + 1);
            free(child);
        }
        free(names[i].name);
    }
    free(names);
    closedir(d);
}

static void read_any(reader *r, const char *path, int jsonl, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        skip_io(r, path, -1, errno);
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        if (folder_seen(r, &sb)) {
            skip(r, VL_ELIMIT, path, -1, -1, "folder read already (a link leads back to it)");
            return;
        }
        if (depth >= MAX_DEPTH) {
            skip(r, VL_ELIMIT, path, -1, -1, "folders nested too deep");
            return;
        }
        read_dir(r, path, jsonl, depth);
        return;
    }
    if (!S_ISREG(sb.st_mode)) {
        skip(r, VL_EIO, path, -1, -1, "not a regular file");
        return;
    }
    int is_jsonl = jsonl || has_suffix(path, ".jsonl");
    if (!is_jsonl && (size_t)sb.st_size > r->ctx->max_doc_bytes) {
        char msg[64];
        snprintf(msg, sizeof msg, "larger than %zu bytes", r->ctx->max_doc_bytes);
        skip(r, VL_ELIMIT, path, -1, -1, msg);
        return;
    }
    if (!is_jsonl) {
        int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            skip_io(r, path, -1, errno);
        else
            read_fd(r, fd, path);
        return;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        skip_io(r, path, -1, errno);
        return;
    }
    read_jsonl(r, f, path);
    fclose(f);
}

vl_status vl_read_path(const vl_ctx *ctx, const char *path, int jsonl, vl_doc_fn on_doc,
                       vl_skip_fn on_skip, void *user)
{
    reader r = {ctx, on_doc, on_skip, user, 0, NULL, 0, NULL, 0, 0};
    if (strcmp(path, "-") == 0) {
        if (jsonl)
            read_jsonl(&r, stdin, "-");
        else
            read_text(&r, stdin, "-");
        free(r.buf);
        free(r.seen);
        return VL_OK;
    }
    struct stat sb;
    if (stat(path, &sb) != 0) {
        skip_io(&r, path, -1, errno);
        free(r.buf);
        free(r.seen);
        return VL_EIO;
    }
    read_any(&r, path, jsonl, 0);
    free(r.buf);
    free(r.seen);
    return VL_OK;
}
