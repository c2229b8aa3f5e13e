/*
 * parser/zipsafe.c - capped, name-checked reading of an untrusted ZIP held
 * in memory (see zipsafe.h): kaiji's own reader of the ZIP directory over
 * zlib's inflate, and libzip, loaded on first use (parser/libzip.h), for
 * what only libzip does here.
 *
 * Why a reader of kaiji's own and not a library (docs/conventions.md, "use
 * well-kept libraries; write by hand only what no library does"): every
 * kaiji command read its XLSX through libzip, and Debian's libzip brings
 * libcrypto (about 3,000 functions bound at start) and libbz2 to every
 * start: 2.6 M instructions and about 140 page faults, more than reading a
 * small document takes.  Debian's other reader, zlib's contrib minizip
 * (libminizip1), reads through file callbacks, checks neither the CRC of a
 * part read in pieces before its end nor entries sharing or overrunning
 * each other's bytes, and would need building for Windows as well; the
 * part that matters here, inflating, is zlib's either way.  What kaiji
 * writes itself is only the directory walk (the end record, ZIP64's, the
 * central records, each local header), about 300 lines bounded at every
 * step; the bytes are inflated by zlib, raw (inflateInit2 with -15), and
 * checked against the CRC-32 of the directory at each part's end.  libzip
 * stays the library for what it alone does: decrypting a member (ZipCrypto
 * and AES, the password-protected archives vendors send), methods other
 * than stored and deflated, and writing ZIP files.
 *
 * What the reader trusts: the central directory for names, method, flags,
 * CRC and where each local header is; a local header only for the length of
 * its name and extra field (its sizes may lie, as a streaming writer's
 * zeros do; its method and encryption flag must agree with the directory).
 * No size declared is used to allocate or to stop reading: a part's bytes
 * are those inflate consumes, never past the next local header (or the
 * central directory), sizes and ratios are counted on the bytes inflated
 * and consumed.  Entries sharing one local header are read each (the total
 * cap bounds them); an entry whose data runs over another's local header,
 * a CRC or a data descriptor that does not match the directory, a
 * directory past its bounds: the file is damaged.
 */
#include "parser/zipsafe.h"
#include "base/base.h"
#include "model/i18n.h"
#include "parser/libzip.h"
#include "text/text.h"

#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#ifdef KAIJI_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

/* Record signatures and sizes. */
#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define SIG_END64 0x06064b50u
#define SIG_LOCATOR64 0x07064b50u
#define SIG_DESCRIPTOR 0x08074b50u
#define LOCAL_SIZE 30u
#define CENTRAL_SIZE 46u
#define END_SIZE 22u
#define END64_SIZE 56u
#define LOCATOR64_SIZE 20u
#define MAX_COMMENT 65535u

#define FLAG_ENCRYPTED 0x0001u
#define FLAG_DESCRIPTOR 0x0008u
#define FLAG_STRONG 0x0040u
#define METHOD_STORED 0u
#define METHOD_DEFLATED 8u

/* One entry of the central directory. */
typedef struct zip_dirent {
    uint64_t comp;   /* compressed size declared (a bound, never trusted alone) */
    uint64_t local;  /* offset of its local header */
    uint32_t crc;
    uint32_t uncomp; /* uncompressed size declared, 32 bits: only a hint (whole_inflate) */
    uint16_t flags;
    uint16_t method;
    size_t name;     /* offset of its name, NUL-terminated, in kaiji_zip.names */
} zip_dirent;

typedef struct zip_entry {
    const char *key;     /* the normalised name, in keys */
    size_t index;        /* in kaiji_zip.dir */
} zip_entry;

struct kaiji_zip {
    kaiji_limits limits;
    const unsigned char *data;
    size_t file_size;
    uint64_t dir_start;   /* where the central directory starts: the entries end there */
    zip_dirent *dir;      /* in the directory's order */
    size_t dir_count;
    char *names;          /* every entry's name as stored, NUL-terminated */
    uint64_t *headers;    /* the distinct local header offsets, ascending */
    size_t header_count;
    uint64_t total;       /* bytes inflated so far, over all parts */
    zip_entry *entries;   /* sorted by key (workbooks) */
    size_t entry_count;
    char *keys;
    bool archive;         /* kaiji_zip_open_archive: members by index, names not checked */
    /* libzip, loaded on first need (parser/libzip.h) */
    kaiji_libzip *lz;
    zip_t *za;
    zip_error_t source_error;
    uint64_t pos;         /* read_source's position */
    uint64_t consumed;    /* bytes libzip has read from the archive */
#ifdef KAIJI_HAVE_LIBDEFLATE
    struct libdeflate_decompressor *whole; /* whole_inflate's, made on first use */
#endif
};

static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

const char *kaiji_zip_status_code(kaiji_zip_status status)
{
    switch (status) {
    case KAIJI_ZIP_CORRUPT: return "file-corrupt";
    case KAIJI_ZIP_TOO_LARGE: return "file-too-large";
    case KAIJI_ZIP_UNSAFE: return "file-unsafe";
    case KAIJI_ZIP_ENCRYPTED:
    case KAIJI_ZIP_WRONG_PASSWORD: return "file-encrypted";
    default: return NULL;
    }
}

void kaiji_zip_format_size(char buf[32], uint64_t size)
{
    const uint64_t kib = 1024, mib = kib * 1024, gib = mib * 1024;

    if (size >= gib && size % gib == 0)
        snprintf(buf, 32, "%" PRIu64 " GiB", size / gib);
    else if (size >= mib && size % mib == 0)
        snprintf(buf, 32, "%" PRIu64 " MiB", size / mib);
    else if (size >= kib && size % kib == 0)
        snprintf(buf, 32, "%" PRIu64 " KiB", size / kib);
    else
        snprintf(buf, 32, "%" PRIu64 " bytes", size);
}

/* limits with every zero field replaced by its default. */
static kaiji_limits effective_limits(const kaiji_limits *limits)
{
    kaiji_limits def, out;

    kaiji_limits_init(&def);
    if (!limits)
        return def;
    out = *limits;
    if (!out.max_part_size) out.max_part_size = def.max_part_size;
    if (!out.max_total_size) out.max_total_size = def.max_total_size;
    if (!out.max_ratio) out.max_ratio = def.max_ratio;
    if (!out.ratio_min_size) out.ratio_min_size = def.ratio_min_size;
    if (!out.max_file_size) out.max_file_size = def.max_file_size;
    if (!out.max_json_depth) out.max_json_depth = def.max_json_depth;
    if (!out.max_zip_entries) out.max_zip_entries = def.max_zip_entries;
    if (!out.max_cells) out.max_cells = def.max_cells;
    return out;
}

/*
 * Writes the OPC comparison form of name into out (strlen(name) + 1 bytes):
 * ASCII lower case, "\" as "/".  Returns false when the name is unsafe: it is
 * absolute ("/x", "C:x") or holds a ".." segment.
 */
static bool normalise_name(const char *name, char *out)
{
    size_t i, seg = 0;

    for (i = 0; name[i]; i++) {
        char c = name[i];
        if (c == '\\')
            c = '/';
        else if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[i] = c;
    }
    out[i] = '\0';
    if (out[0] == '/')
        return false;
    if (((out[0] >= 'a' && out[0] <= 'z')) && out[1] == ':')
        return false;
    for (i = 0;; i++) {
        if (out[i] == '/' || out[i] == '\0') {
            if (i - seg == 2 && out[seg] == '.' && out[seg + 1] == '.')
                return false;
            if (out[i] == '\0')
                break;
            seg = i + 1;
        }
    }
    return true;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const zip_entry *)a)->key, ((const zip_entry *)b)->key);
}


static kaiji_zip_status damaged(char *why)
{
    snprintf(why, KAIJI_ZIP_WHY, _("the ZIP directory of the file is damaged"));
    return KAIJI_ZIP_CORRUPT;
}

static kaiji_zip_status not_a_zip(char *why)
{
    snprintf(why, KAIJI_ZIP_WHY,
             _("the file is not a complete ZIP archive (it may be damaged or cut short)"));
    return KAIJI_ZIP_CORRUPT;
}

/* Whether the end record at d + at can be the archive's: ZIP64's locator
 * before it, or one disk and a directory before it that starts with a
 * central record (a comment holding the signature is not taken for it). */
static bool plausible_end(const unsigned char *d, size_t at)
{
    uint64_t size = get32(d + at + 12), start = get32(d + at + 16);
    if (at >= LOCATOR64_SIZE && get32(d + at - LOCATOR64_SIZE) == SIG_LOCATOR64)
        return true;
    return get16(d + at + 4) == 0 && get16(d + at + 6) == 0 && start <= at && size <= at - start &&
           (get16(d + at + 10) == 0 || (size >= 4 && get32(d + start) == SIG_CENTRAL));
}

/*
 * Finds the end of central directory record: searched backwards from the
 * end over at most the record and the longest comment (65,535 bytes), the
 * first whose comment ends the file and that can be the archive's
 * (plausible_end), else the first whose comment ends within it.  Then ZIP64's locator and end
 * record when the locator is there.  Fills *count, *start and *size of the
 * central directory, and *end, where the directory must end by.
 */
static kaiji_zip_status find_end(const kaiji_zip *zip, uint64_t *count, uint64_t *start,
                                 uint64_t *size, uint64_t *end, char *why)
{
    const unsigned char *d = zip->data;
    size_t n = zip->file_size, lowest, at, fits = SIZE_MAX;

    if (n < END_SIZE)
        return not_a_zip(why);
    /* the record whose comment ends the file and which can be the
     * archive's; else (bytes appended after it, a split archive's piece)
     * the last whose comment ends within the file */
    lowest = n - END_SIZE > MAX_COMMENT ? n - END_SIZE - MAX_COMMENT : 0;
    for (at = n - END_SIZE;; at--) {
        if (get32(d + at) == SIG_END && at + END_SIZE + get16(d + at + 20) <= n) {
            if (at + END_SIZE + get16(d + at + 20) == n && plausible_end(d, at)) {
                fits = at;
                break;
            }
            if (fits == SIZE_MAX)
                fits = at;
        }
        if (at == lowest)
            break;
    }
    if (fits == SIZE_MAX)
        return not_a_zip(why);
    at = fits;
    const unsigned char *e = d + at;
    uint16_t disk = get16(e + 4), dir_disk = get16(e + 6);
    uint64_t here = get16(e + 8);
    *count = get16(e + 10);
    *size = get32(e + 12);
    *start = get32(e + 16);
    *end = at;
    if (at >= LOCATOR64_SIZE && get32(e - LOCATOR64_SIZE) == SIG_LOCATOR64) {
        const unsigned char *loc = e - LOCATOR64_SIZE;
        uint64_t off = get64(loc + 8);
        if (get32(loc + 4) != 0 || get32(loc + 16) > 1) {
            snprintf(why, KAIJI_ZIP_WHY, _("the file is one piece of a split ZIP archive"));
            return KAIJI_ZIP_CORRUPT;
        }
        if (off > at - LOCATOR64_SIZE || at - LOCATOR64_SIZE - off < END64_SIZE ||
            get32(d + off) != SIG_END64)
            return damaged(why);
        const unsigned char *e64 = d + off;
        disk = get32(e64 + 16) ? 1 : 0;
        dir_disk = get32(e64 + 20) ? 1 : 0;
        here = get64(e64 + 24);
        *count = get64(e64 + 32);
        *size = get64(e64 + 40);
        *start = get64(e64 + 48);
        *end = off;
    }
    if (disk != 0 || dir_disk != 0 || here != *count) {
        snprintf(why, KAIJI_ZIP_WHY, _("the file is one piece of a split ZIP archive"));
        return KAIJI_ZIP_CORRUPT;
    }
    if (*start > *end || *size > *end - *start)
        return not_a_zip(why);
    return KAIJI_ZIP_OK;
}

/* Reads ZIP64's extended information (extra field 0x0001) of a central
 * record: each field that is 0xFFFFFFFF in the record, in this order. */
static bool read_zip64_extra(const unsigned char *x, size_t len, uint32_t uncomp32,
                             uint64_t *comp, uint64_t *local)
{
    while (len >= 4) {
        uint16_t id = get16(x), n = get16(x + 2);
        if ((size_t)n > len - 4)
            return false;
        if (id == 0x0001) {
            const unsigned char *v = x + 4;
            size_t left = n;
            if (uncomp32 == 0xFFFFFFFFu) {
                if (left < 8)
                    return false;
                v += 8, left -= 8;
            }
            if (*comp == 0xFFFFFFFFu) {
                if (left < 8)
                    return false;
                *comp = get64(v);
                v += 8, left -= 8;
            }
            if (*local == 0xFFFFFFFFu) {
                if (left < 8)
                    return false;
                *local = get64(v);
            }
            return true;
        }
        x += 4 + n;
        len -= 4 + (size_t)n;
    }
    return true;
}

static int offset_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * Reads the central directory into zip->dir, zip->names and zip->headers:
 * every record within the directory's bounds, every local header offset
 * before the directory.  Refuses more than max_zip_entries entries before
 * allocating anything for them.
 */
static kaiji_zip_status read_directory(kaiji_zip *zip, char *why)
{
    uint64_t count, start, size, end, at;
    size_t names_len = 0, i;
    kaiji_zip_status st = find_end(zip, &count, &start, &size, &end, why);

    if (st != KAIJI_ZIP_OK)
        return st;
    if (count > zip->limits.max_zip_entries) {
        snprintf(why, KAIJI_ZIP_WHY, _("the file holds more than %" PRIu32 " parts"),
                 zip->limits.max_zip_entries);
        return KAIJI_ZIP_TOO_LARGE;
    }
    if (count > size / CENTRAL_SIZE)
        return damaged(why);
    zip->dir_start = start;
    zip->dir = calloc(count ? (size_t)count : 1, sizeof *zip->dir);
    zip->headers = calloc(count ? (size_t)count : 1, sizeof *zip->headers);
    /* the names take less than the directory: one NUL each for the record's 46 bytes */
    zip->names = malloc((size_t)size + 1);
    if (!zip->dir || !zip->headers || !zip->names)
        return KAIJI_ZIP_NOMEM;
    at = start;
    for (i = 0; i < count; i++) {
        const unsigned char *c = zip->data + at;
        zip_dirent *e = &zip->dir[i];
        size_t name_len, extra_len, comment_len;
        if (start + size - at < CENTRAL_SIZE || get32(c) != SIG_CENTRAL)
            return damaged(why);
        name_len = get16(c + 28);
        extra_len = get16(c + 30);
        comment_len = get16(c + 32);
        if (start + size - at - CENTRAL_SIZE < name_len + extra_len + comment_len)
            return damaged(why);
        e->flags = get16(c + 8);
        e->method = get16(c + 10);
        e->crc = get32(c + 16);
        e->comp = get32(c + 20);
        e->uncomp = get32(c + 24);
        e->local = get32(c + 42);
        if (!read_zip64_extra(c + CENTRAL_SIZE + name_len, extra_len, get32(c + 24), &e->comp,
                              &e->local))
            return damaged(why);
        if (get16(c + 34) != 0 && get16(c + 34) != 0xFFFF) {
            snprintf(why, KAIJI_ZIP_WHY, _("the file is one piece of a split ZIP archive"));
            return KAIJI_ZIP_CORRUPT;
        }
        if (e->local > start || start - e->local < LOCAL_SIZE ||
            memchr(c + CENTRAL_SIZE, '\0', name_len))
            return damaged(why);
        e->name = names_len;
        memcpy(zip->names + names_len, c + CENTRAL_SIZE, name_len);
        names_len += name_len;
        zip->names[names_len++] = '\0';
        zip->headers[i] = e->local;
        at += CENTRAL_SIZE + name_len + extra_len + comment_len;
    }
    zip->dir_count = (size_t)count;
    qsort(zip->headers, zip->dir_count, sizeof *zip->headers, offset_cmp);
    for (i = 0; i < zip->dir_count; i++)
        if (zip->header_count == 0 || zip->headers[zip->header_count - 1] != zip->headers[i])
            zip->headers[zip->header_count++] = zip->headers[i];
    return KAIJI_ZIP_OK;
}

/* Builds zip->entries from the archive's names, refusing unsafe and
 * duplicated ones. */
static kaiji_zip_status index_entries(kaiji_zip *zip, char *why)
{
    size_t total = 0, off = 0, i;

    for (i = 0; i < zip->dir_count; i++)
        total += strlen(zip->names + zip->dir[i].name) + 1;
    zip->keys = malloc(total ? total : 1);
    zip->entries = calloc(zip->dir_count ? zip->dir_count : 1, sizeof *zip->entries);
    if (!zip->keys || !zip->entries)
        return KAIJI_ZIP_NOMEM;
    for (i = 0; i < zip->dir_count; i++) {
        const char *name = zip->names + zip->dir[i].name;
        size_t len = strlen(name);
        if (!normalise_name(name, zip->keys + off)) {
            snprintf(why, KAIJI_ZIP_WHY,
                     _("the file holds a part named \"%.120s\" that points outside the workbook"),
                     name);
            return KAIJI_ZIP_UNSAFE;
        }
        zip->entries[zip->entry_count].key = zip->keys + off;
        zip->entries[zip->entry_count].index = i;
        zip->entry_count++;
        off += len + 1;
    }
    qsort(zip->entries, zip->entry_count, sizeof *zip->entries, entry_cmp);
    for (i = 1; i < zip->entry_count; i++) {
        if (strcmp(zip->entries[i - 1].key, zip->entries[i].key) == 0) {
            snprintf(why, KAIJI_ZIP_WHY,
                     _("the file holds two parts named \"%.120s\""), zip->entries[i].key);
            return KAIJI_ZIP_UNSAFE;
        }
    }
    return KAIJI_ZIP_OK;
}

/* Opens data as kaiji_zip_open (archive false) or kaiji_zip_open_archive. */
static kaiji_zip_status open_zip(kaiji_zip **out, const unsigned char *data, size_t size,
                                 const kaiji_limits *limits, bool archive,
                                 char why[KAIJI_ZIP_WHY])
{
    kaiji_zip *zip = NULL;
    kaiji_zip_status st = KAIJI_ZIP_OK;

    *out = NULL;
    why[0] = '\0';
    if (!data || size < END_SIZE) {
        st = not_a_zip(why);
        goto error;
    }
    zip = calloc(1, sizeof *zip);
    if (!zip) {
        st = KAIJI_ZIP_NOMEM;
        goto error;
    }
    zip->limits = effective_limits(limits);
    zip->archive = archive;
    zip->data = data;
    zip->file_size = size;
    st = read_directory(zip, why);
    if (st == KAIJI_ZIP_OK && !archive)
        st = index_entries(zip, why);
    if (st != KAIJI_ZIP_OK)
        goto error;
    *out = zip;
    return KAIJI_ZIP_OK;

error:
    kaiji_zip_free(zip);
    return st;
}

kaiji_zip_status kaiji_zip_open(kaiji_zip **out, const unsigned char *data,
                                size_t size, const kaiji_limits *limits,
                                char why[KAIJI_ZIP_WHY])
{
    return open_zip(out, data, size, limits, false, why);
}

kaiji_zip_status kaiji_zip_open_archive(kaiji_zip **out, const unsigned char *data,
                                        size_t size, const kaiji_limits *limits,
                                        char why[KAIJI_ZIP_WHY])
{
    return open_zip(out, data, size, limits, true, why);
}

void kaiji_zip_free(kaiji_zip *zip)
{
    if (!zip)
        return;
    if (zip->za)
        zip->lz->discard(zip->za);
    if (zip->lz)
        zip->lz->error_fini(&zip->source_error);
    free(zip->lz);
#ifdef KAIJI_HAVE_LIBDEFLATE
    libdeflate_free_decompressor(zip->whole);
#endif
    free(zip->dir);
    free(zip->names);
    free(zip->headers);
    free(zip->entries);
    free(zip->keys);
    free(zip);
}

/* The entry named name (OPC comparison, a leading "/" ignored), or NULL. */
static const zip_entry *find_entry(const kaiji_zip *zip, const char *name)
{
    char small[256];
    char *key = small;
    size_t len;
    zip_entry probe;
    const zip_entry *hit;

    if (!zip || !name)
        return NULL;
    while (*name == '/')
        name++;
    len = strlen(name);
    if (len >= sizeof small) {
        key = malloc(len + 1);
        if (!key)
            return NULL;
    }
    if (!normalise_name(name, key)) {
        if (key != small)
            free(key);
        return NULL;
    }
    probe.key = key;
    probe.index = 0;
    hit = bsearch(&probe, zip->entries, zip->entry_count, sizeof *zip->entries,
                  entry_cmp);
    if (key != small)
        free(key);
    return hit;
}

bool kaiji_zip_has(const kaiji_zip *zip, const char *name)
{
    return find_entry(zip, name) != NULL;
}

/* ------------------------------------------------------------ libzip */

/*
 * The archive's bytes as a libzip source that counts what libzip reads.  The
 * compressed size an entry declares can lie; the bytes libzip actually reads
 * to inflate it cannot, so the ratio check divides by those.
 */
static zip_int64_t read_source(void *ud, void *data, zip_uint64_t len,
                               zip_source_cmd_t cmd)
{
    kaiji_zip *z = ud;
    const kaiji_libzip *lz = z->lz;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        z->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        uint64_t n = z->file_size - z->pos;
        if (n > len)
            n = len;
        memcpy(data, z->data + z->pos, (size_t)n);
        z->pos += n;
        z->consumed += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t))
            return -1;
        zip_stat_t *st = data;
        lz->stat_init(st);
        st->size = z->file_size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return lz->error_to_data(&z->source_error, data, len);
    case ZIP_SOURCE_SEEK: {
        zip_int64_t off = lz->source_seek_compute_offset(z->pos, z->file_size, data, len,
                                                         &z->source_error);
        if (off < 0)
            return -1;
        z->pos = (uint64_t)off;
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return (zip_int64_t)z->pos;
    case ZIP_SOURCE_SUPPORTS:
        return lz->source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                              ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                              ZIP_SOURCE_SUPPORTS, -1);
    default:
        lz->error_set(&z->source_error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* Loads libzip and opens the archive with it, once per zip; why says why
 * not (libzip missing: the package to install). */
static kaiji_zip_status open_libzip(kaiji_zip *zip, char *why)
{
    zip_error_t zerr;
    zip_source_t *src;
    char *err = NULL;

    if (zip->za)
        return KAIJI_ZIP_OK;
    if (!zip->lz) {
        kaiji_libzip *lz = calloc(1, sizeof *lz);
        if (!lz)
            return KAIJI_ZIP_NOMEM;
        if (!kaiji_libzip_load(lz, &err)) {
            free(lz);
            if (!err)
                return KAIJI_ZIP_NOMEM;
            snprintf(why, KAIJI_ZIP_WHY, "%s", err);
            free(err);
            return KAIJI_ZIP_CORRUPT;
        }
        zip->lz = lz;
        lz->error_init(&zip->source_error);
    }
    zip->lz->error_init(&zerr);
    src = zip->lz->source_function_create(read_source, zip, &zerr);
    if (src && !(zip->za = zip->lz->open_from_source(src, ZIP_RDONLY, &zerr)))
        zip->lz->source_free(src);
    int code = zip->lz->error_code_zip(&zerr);
    zip->lz->error_fini(&zerr);
    if (zip->za)
        return KAIJI_ZIP_OK;
    if (code == ZIP_ER_MEMORY)
        return KAIJI_ZIP_NOMEM;
    return not_a_zip(why);
}

static kaiji_zip_status map_file_error(int ze, const char *name, char *why)
{
    switch (ze) {
    case ZIP_ER_MEMORY:
        return KAIJI_ZIP_NOMEM;
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the part %.120s is encrypted; save the workbook without a password and send it again"),
                 name);
        return KAIJI_ZIP_ENCRYPTED;
    case ZIP_ER_COMPNOTSUPP:
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the part %.120s is compressed in a way kaiji cannot read"), name);
        return KAIJI_ZIP_CORRUPT;
    case ZIP_ER_CRC:
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the part %.120s is damaged (its checksum does not match)"), name);
        return KAIJI_ZIP_CORRUPT;
    default:
        snprintf(why, KAIJI_ZIP_WHY, _("the part %.120s is damaged or cut short"), name);
        return KAIJI_ZIP_CORRUPT;
    }
}

/* ------------------------------------------------------------ CRC-32 */

/*
 * The CRC-32 of ZIP (zlib's crc32(): reflected polynomial 0xEDB88320) of len
 * bytes, continuing crc.  libdeflate's when it is linked (carry-less
 * multiplication on a CPU that has it: about 16 times fewer instructions than
 * zlib 1.2's tables); zlib's otherwise.
 */
uint32_t kaiji_zip_crc32(uint32_t crc, const void *data, size_t len)
{
#ifdef KAIJI_HAVE_LIBDEFLATE
    return libdeflate_crc32(crc, data, len);
#else
    const unsigned char *p = data;
    while (len > 0) { /* zlib's crc32() takes at most UINT_MAX at once */
        uInt n = len > UINT_MAX ? UINT_MAX : (uInt)len;
        crc = (uint32_t)crc32(crc, p, n);
        p += n;
        len -= n;
    }
    return crc;
#endif
}

/* ------------------------------------------------------------ parts */

struct kaiji_zip_part {
    kaiji_zip *zip;
    const zip_dirent *e;
    const char *name;      /* the caller's, for messages */
    uint64_t produced;     /* bytes inflated from this part */
    uint64_t consumed;     /* compressed bytes read for them */
    /* kaiji's own reading */
    const unsigned char *start; /* the entry's data */
    uint64_t avail;        /* bytes from start it may take: to the next local header */
    uint64_t stored_left;  /* stored: bytes still to copy */
    uint32_t crc;
    bool inflating;        /* z is initialised */
    bool ended;
    z_stream z;
#ifdef KAIJI_HAVE_LIBDEFLATE
    bool whole_tried;      /* whole_inflate was tried */
    bool whole_done;       /* and the part is inflated: read from whole, or was into buf */
    unsigned char *whole;  /* the part, when it did not fit the first buf */
    size_t whole_len, whole_pos;
#endif
    /* libzip's (an encrypted member, another method) */
    zip_file_t *zf;
    kaiji_zip_status status;
    char why[KAIJI_ZIP_WHY];
};

/* The first local header after offset, or the central directory. */
static uint64_t next_header(const kaiji_zip *zip, uint64_t offset)
{
    size_t lo = 0, hi = zip->header_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (zip->headers[mid] <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < zip->header_count ? zip->headers[lo] : zip->dir_start;
}

/* Whether kaiji reads entry e itself: not encrypted, stored or deflated. */
static bool own_method(const zip_dirent *e)
{
    return !(e->flags & (FLAG_ENCRYPTED | FLAG_STRONG)) &&
           (e->method == METHOD_STORED || e->method == METHOD_DEFLATED);
}

/*
 * Sets p up to read entry e itself: checks its local header (within the
 * entries' area, method and encryption flag as in the directory) and where
 * its data may run to.
 */
static kaiji_zip_status own_open(kaiji_zip_part *p, char *why)
{
    kaiji_zip *zip = p->zip;
    const zip_dirent *e = p->e;
    const unsigned char *l = zip->data + e->local;
    uint64_t limit = next_header(zip, e->local), data;

    /* read_directory: e->local + LOCAL_SIZE <= dir_start */
    if (get32(l) != SIG_LOCAL || get16(l + 8) != e->method ||
        (get16(l + 6) & FLAG_ENCRYPTED) != (e->flags & FLAG_ENCRYPTED)) {
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the part %.120s is damaged (its local header does not match the ZIP "
                   "directory)"),
                 p->name);
        return KAIJI_ZIP_CORRUPT;
    }
    data = e->local + LOCAL_SIZE + get16(l + 26) + get16(l + 28);
    if (data > limit || (e->method == METHOD_STORED && e->comp > limit - data)) {
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the part %.120s is damaged (it overlaps another part of the ZIP)"),
                 p->name);
        return KAIJI_ZIP_CORRUPT;
    }
    p->start = zip->data + data;
    p->avail = limit - data;
    if (e->comp < p->avail)
        p->avail = e->comp;
    p->crc = 0;
    if (e->method == METHOD_STORED) {
        p->stored_left = e->comp;
        return KAIJI_ZIP_OK;
    }
    memset(&p->z, 0, sizeof p->z);
    if (inflateInit2(&p->z, -15) != Z_OK)
        return KAIJI_ZIP_NOMEM;
    p->inflating = true;
    return KAIJI_ZIP_OK;
}

/* true when libzip, which found the ZIP's directory for itself, sees the same
 * entries as kaiji's reader and the same name at index: a file with two
 * directories (a second end record inside a stored entry) must not make
 * kaiji check one entry and libzip read another. */
static bool libzip_agrees(const kaiji_zip *zip, size_t index)
{
    const char *name;

    if (zip->lz->get_num_entries(zip->za, 0) != (zip_int64_t)zip->dir_count)
        return false;
    name = zip->lz->get_name(zip->za, (zip_uint64_t)index, ZIP_FL_ENC_RAW);
    return name && strcmp(name, zip->names + zip->dir[index].name) == 0;
}

/* Opens entry index of zip as part p, named name in messages: by kaiji's
 * own reader, or libzip's with password (NULL: none). */
static kaiji_zip_status part_start(kaiji_zip_part *p, kaiji_zip *zip, size_t index,
                                   const char *name, const char *password, char *why)
{
    kaiji_zip_status st;

    p->zip = zip;
    p->e = &zip->dir[index];
    p->name = name;
    if (own_method(p->e))
        return own_open(p, why);
    if (!zip->archive && (p->e->flags & (FLAG_ENCRYPTED | FLAG_STRONG)))
        return map_file_error(ZIP_ER_NOPASSWD, name, why);
    if ((st = open_libzip(zip, why)) != KAIJI_ZIP_OK)
        return st;
    if (!libzip_agrees(zip, index)) {
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the part %.120s is damaged (its local header does not match the ZIP "
                   "directory)"),
                 name);
        return KAIJI_ZIP_CORRUPT;
    }
    p->zf = password && *password
                ? zip->lz->fopen_index_encrypted(zip->za, (zip_uint64_t)index, 0, password)
                : zip->lz->fopen_index(zip->za, (zip_uint64_t)index, 0);
    if (!p->zf)
        return map_file_error(zip->lz->error_code_zip(zip->lz->get_error(zip->za)), name, why);
    return KAIJI_ZIP_OK;
}

kaiji_zip_status kaiji_zip_part_open(kaiji_zip_part **out, kaiji_zip *zip,
                                     const char *name, char why[KAIJI_ZIP_WHY])
{
    const zip_entry *e;
    kaiji_zip_part *p;
    kaiji_zip_status st;

    *out = NULL;
    why[0] = '\0';
    e = find_entry(zip, name);
    if (!e) {
        snprintf(why, KAIJI_ZIP_WHY, _("the workbook has no part %.120s"), name);
        return KAIJI_ZIP_MISSING;
    }
    p = calloc(1, sizeof *p);
    if (!p)
        return KAIJI_ZIP_NOMEM;
    st = part_start(p, zip, e->index, name, NULL, why);
    if (st != KAIJI_ZIP_OK) {
        kaiji_zip_part_close(p);
        return st;
    }
    *out = p;
    return KAIJI_ZIP_OK;
}

/* Records a failure of p (its status and why) and returns -1. */
static long part_fail(kaiji_zip_part *p, kaiji_zip_status st)
{
    p->status = st;
    return -1;
}

static long part_damaged(kaiji_zip_part *p)
{
    snprintf(p->why, KAIJI_ZIP_WHY, _("the part %.120s is damaged or cut short"), p->name);
    return part_fail(p, KAIJI_ZIP_CORRUPT);
}

/* At the end of p's data: its CRC-32, and its data descriptor's when it
 * has one, must be the directory's.  0, or -1 with p's failure set. */
static long own_end(kaiji_zip_part *p)
{
    const zip_dirent *e = p->e;

    p->ended = true;
    if (p->crc != e->crc) {
        snprintf(p->why, KAIJI_ZIP_WHY,
                 _("the part %.120s is damaged (its checksum does not match)"), p->name);
        return part_fail(p, KAIJI_ZIP_CORRUPT);
    }
    if (e->flags & FLAG_DESCRIPTOR) {
        /* after the data: [signature] CRC-32, sizes; within the bytes up to the
         * next local header (avail was cut to the declared size: not used here) */
        const unsigned char *d = p->start + p->consumed;
        uint64_t left = next_header(p->zip, e->local) -
                        (uint64_t)(d - p->zip->data);
        if (left >= 8 && get32(d) == SIG_DESCRIPTOR)
            d += 4, left -= 4;
        if (left < 4 || get32(d) != e->crc) {
            snprintf(p->why, KAIJI_ZIP_WHY,
                     _("the part %.120s is damaged (its data descriptor does not match the "
                       "ZIP directory)"),
                     p->name);
            return part_fail(p, KAIJI_ZIP_CORRUPT);
        }
    }
    return 0;
}

#ifdef KAIJI_HAVE_LIBDEFLATE
/* The largest part whole_inflate inflates at once: 1 MiB, and never over
 * the size the ratio cap starts at, so that no cap could have stopped the
 * part part-way where it inflates whole. */
#define WHOLE_MAX ((uint64_t)1 << 20)

/*
 * Inflates deflated part p whole with libdeflate (about twice zlib's speed)
 * when the size its directory declares is small, straight into buf when it
 * fits its len bytes: true, the part's CRC-32 and the bytes its data took
 * set, when the data ends where the directory says, with the size it
 * declares.  Otherwise (a size that lies, data damaged or cut short, a part
 * over WHOLE_MAX or the caps, no memory) false and nothing is taken: zlib
 * reads the part from its start, each check as it always was, and says
 * what is wrong.  The bytes are handed over as zlib's would be, in the same
 * pieces, and the caps and the CRC checked as they are (kaiji_zip_part_read,
 * own_end).
 */
static bool whole_inflate(kaiji_zip_part *p, char *buf, size_t len)
{
    kaiji_zip *zip = p->zip;
    uint64_t size = p->e->uncomp, max = WHOLE_MAX;
    unsigned char *out;
    size_t in_used = 0, out_len = 0;

    if (zip->limits.ratio_min_size < max)
        max = zip->limits.ratio_min_size;
    if (zip->limits.max_part_size < max)
        max = zip->limits.max_part_size;
    if (size == 0 || size > max || p->avail > SIZE_MAX)
        return false;
    if (!zip->whole && !(zip->whole = libdeflate_alloc_decompressor()))
        return false;
    out = size <= len ? (unsigned char *)buf : malloc((size_t)size);
    if (!out)
        return false;
    if (libdeflate_deflate_decompress_ex(zip->whole, p->start, (size_t)p->avail, out,
                                         (size_t)size, &in_used, &out_len) !=
            LIBDEFLATE_SUCCESS ||
        out_len != size) {
        if (out != (unsigned char *)buf)
            free(out);
        return false;
    }
    p->crc = kaiji_zip_crc32(0, out, out_len);
    p->consumed = in_used;
    p->whole = out != (unsigned char *)buf ? out : NULL;
    p->whole_len = out_len;
    p->whole_done = true;
    return true;
}

/* Reads up to len bytes of p, inflated whole (whole_inflate), into buf:
 * how many, 0 at the end, -1 on a failure. */
static long whole_read(kaiji_zip_part *p, char *buf, size_t len)
{
    size_t n;

    if (p->whole) {
        n = p->whole_len - p->whole_pos < len ? p->whole_len - p->whole_pos : len;
        memcpy(buf, p->whole + p->whole_pos, n);
    } else {
        n = p->whole_len; /* already in buf, by whole_inflate */
    }
    p->whole_pos += n;
    if (p->whole_pos == p->whole_len && own_end(p) < 0)
        return -1;
    return (long)n;
}
#endif

/* Reads up to len bytes of p into buf by kaiji's own reader: how many, 0 at
 * the end, -1 on a failure. */
static long own_read(kaiji_zip_part *p, char *buf, size_t len)
{
    size_t n;
    bool end = false;

    if (p->ended || len == 0)
        return 0;
    if (len > INT_MAX)
        len = INT_MAX;
#ifdef KAIJI_HAVE_LIBDEFLATE
    if (p->inflating && !p->whole_tried) {
        p->whole_tried = true;
        (void)whole_inflate(p, buf, len);
    }
    if (p->whole_done)
        return whole_read(p, buf, len);
#endif
    if (!p->inflating) {
        n = p->stored_left < len ? (size_t)p->stored_left : len;
        memcpy(buf, p->start + p->consumed, n);
        p->consumed += n;
        p->stored_left -= n;
        end = p->stored_left == 0;
    } else {
        z_stream *z = &p->z;
        z->next_out = (Bytef *)buf;
        z->avail_out = (uInt)len;
        while (z->avail_out > 0) {
            if (z->avail_in == 0) {
                /* the input ends at the next local header, or the declared size */
                uint64_t left = p->avail - p->consumed;
                z->next_in = (Bytef *)(uintptr_t)(p->start + p->consumed);
                z->avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
            }
            uInt before = z->avail_in;
            /* Z_FINISH: a part that ends within buf (most do) is inflated
             * without zlib's copy of its last 32 KiB into a window of its
             * own; one that does not goes on as with Z_NO_FLUSH. */
            int rc = inflate(z, Z_FINISH);
            p->consumed += before - z->avail_in;
            if (rc == Z_STREAM_END) {
                end = true;
                break;
            }
            if (rc == Z_MEM_ERROR)
                return part_fail(p, KAIJI_ZIP_NOMEM);
            if (rc == Z_BUF_ERROR && z->avail_out == 0)
                break; /* buf is full: the rest at the next call */
            if (rc != Z_OK) /* Z_BUF_ERROR: the input ran out, the data is cut short */
                return part_damaged(p);
        }
        n = len - z->avail_out;
    }
    p->crc = kaiji_zip_crc32(p->crc, buf, n);
    if (end && own_end(p) < 0)
        return -1;
    return (long)n;
}

long kaiji_zip_part_read(kaiji_zip_part *p, char *buf, size_t len)
{
    kaiji_zip *zip = p->zip;
    char size_text[32];
    long n;

    if (p->status != KAIJI_ZIP_OK)
        return -1;
    if (p->zf) {
        uint64_t before = zip->consumed; /* shared by every part libzip reads */
        zip_int64_t got;

        if (len > INT_MAX) /* n is a long: 32 bits on Windows */
            len = INT_MAX;
        got = zip->lz->file_read(p->zf, buf, len);
        if (got < 0)
            return part_fail(p, map_file_error(zip->lz->error_code_zip(
                                                   zip->lz->file_get_error(p->zf)),
                                               p->name, p->why));
        n = (long)got;
        p->consumed += zip->consumed - before;
    } else if ((n = own_read(p, buf, len)) < 0) {
        return -1;
    }
    p->produced += (uint64_t)n;
    zip->total += (uint64_t)n;
    if (p->produced > zip->limits.max_part_size) {
        kaiji_zip_format_size(size_text, zip->limits.max_part_size);
        snprintf(p->why, KAIJI_ZIP_WHY, _("part %.120s inflates past %s"), p->name, size_text);
        return part_fail(p, KAIJI_ZIP_TOO_LARGE);
    }
    if (zip->total > zip->limits.max_total_size) {
        kaiji_zip_format_size(size_text, zip->limits.max_total_size);
        snprintf(p->why, KAIJI_ZIP_WHY, _("the parts of the workbook inflate past %s in total"),
                 size_text);
        return part_fail(p, KAIJI_ZIP_TOO_LARGE);
    }
    uint64_t comp = p->consumed;
    if (p->produced > zip->limits.ratio_min_size &&
        (p->produced - 1) / (comp ? comp : 1) >= zip->limits.max_ratio) {
        snprintf(p->why, KAIJI_ZIP_WHY,
                 _("part %.120s inflates to more than %" PRIu32
                   " times its compressed size, which looks like a ZIP bomb"),
                 p->name, zip->limits.max_ratio);
        return part_fail(p, KAIJI_ZIP_TOO_LARGE);
    }
    return n;
}

uint64_t kaiji_zip_part_declared_size(const kaiji_zip_part *p)
{
    return p->e ? p->e->uncomp : 0;
}

kaiji_zip_status kaiji_zip_part_status(const kaiji_zip_part *p, char why[KAIJI_ZIP_WHY])
{
    if (p->status != KAIJI_ZIP_OK)
        snprintf(why, KAIJI_ZIP_WHY, "%s", p->why);
    return p->status;
}

/* Ends what p holds, not p itself. */
static void part_end(kaiji_zip_part *p)
{
    if (p->inflating)
        inflateEnd(&p->z);
    p->inflating = false;
#ifdef KAIJI_HAVE_LIBDEFLATE
    free(p->whole);
    p->whole = NULL;
#endif
    if (p->zf)
        p->zip->lz->file_close(p->zf);
    p->zf = NULL;
}

void kaiji_zip_part_close(kaiji_zip_part *p)
{
    if (!p)
        return;
    part_end(p);
    free(p);
}


/* ------------------------------------------------------------ archives */

size_t kaiji_zip_entry_count(const kaiji_zip *zip)
{
    return zip ? zip->dir_count : 0;
}

const char *kaiji_zip_entry_name(const kaiji_zip *zip, size_t i)
{
    if (!zip || i >= zip->dir_count)
        return NULL;
    return zip->names + zip->dir[i].name;
}

bool kaiji_zip_entry_is_dir(const kaiji_zip *zip, size_t i)
{
    const char *name = kaiji_zip_entry_name(zip, i);
    size_t n = name ? strlen(name) : 0;
    return n > 0 && (name[n - 1] == '/' || name[n - 1] == '\\');
}

bool kaiji_zip_entry_encrypted(const kaiji_zip *zip, size_t i)
{
    if (!zip || i >= zip->dir_count)
        return false;
    return (zip->dir[i].flags & (FLAG_ENCRYPTED | FLAG_STRONG)) != 0;
}

kaiji_zip_status kaiji_zip_entry_read(kaiji_zip *zip, size_t i, const char *password,
                                      bool check_only, unsigned char **data, size_t *size,
                                      char why[KAIJI_ZIP_WHY])
{
    kaiji_zip_part part;
    kaiji_zip_status st = KAIJI_ZIP_OK;
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    char *shown = NULL;
    const char *raw = kaiji_zip_entry_name(zip, i);
    bool encrypted = kaiji_zip_entry_encrypted(zip, i);

    memset(&part, 0, sizeof part);
    *data = NULL;
    *size = 0;
    why[0] = '\0';
    if (!raw) {
        snprintf(why, KAIJI_ZIP_WHY, _("the ZIP directory of the file is damaged"));
        return KAIJI_ZIP_CORRUPT;
    }
    if (!(shown = kaiji_text_path_show(raw)))
        return KAIJI_ZIP_NOMEM;
    if (encrypted && !(password && *password)) {
        /* told without libzip */
        snprintf(why, KAIJI_ZIP_WHY, _("%.120s is encrypted and no password was given"), shown);
        st = KAIJI_ZIP_ENCRYPTED;
        goto done;
    }
    st = part_start(&part, zip, i, shown, password, why);
    if (st != KAIJI_ZIP_OK) {
        if (part.zip && zip->lz && zip->za && !own_method(part.e)) {
            int ze = zip->lz->error_code_zip(zip->lz->get_error(zip->za));
            if (ze == ZIP_ER_NOPASSWD) {
                snprintf(why, KAIJI_ZIP_WHY,
                         _("%.120s is encrypted and no password was given"), shown);
                st = KAIJI_ZIP_ENCRYPTED;
            } else if (ze == ZIP_ER_WRONGPASSWD) {
                snprintf(why, KAIJI_ZIP_WHY, _("the password given does not open %.120s"),
                         shown);
                st = KAIJI_ZIP_WRONG_PASSWORD;
            } else if (ze == ZIP_ER_ENCRNOTSUPP) {
                snprintf(why, KAIJI_ZIP_WHY,
                         _("%.120s is encrypted in a way kaiji cannot read"), shown);
                st = KAIJI_ZIP_ENCRYPTED;
            }
        }
        goto done;
    }
    if (check_only)
        goto done;
    for (;;) {
        if (!kaiji_grow((void **)&buf, &cap, len + 65536, 1, 65536)) {
            st = KAIJI_ZIP_NOMEM;
            goto done;
        }
        long n = kaiji_zip_part_read(&part, (char *)buf + len, 65536);
        if (n < 0) {
            st = kaiji_zip_part_status(&part, why);
            if (st == KAIJI_ZIP_CORRUPT && encrypted)
                snprintf(why, KAIJI_ZIP_WHY,
                         _("%.120s cannot be decrypted: the password is wrong or the file "
                           "is damaged"),
                         shown);
            goto done;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    *data = buf;
    *size = len;
    buf = NULL;
done:
    if (part.zip)
        part_end(&part);
    free(buf);
    free(shown);
    return st;
}
