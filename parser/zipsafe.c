/*
 * parser/zipsafe.c - capped, name-checked reading of an untrusted ZIP with
 * libzip (see zipsafe.h).
 */
#include "parser/zipsafe.h"
#include "base/base.h"
#include "model/i18n.h"
#include "text/text.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>


typedef struct zip_entry {
    const char *key;     /* the normalised name, in keys */
    zip_uint64_t index;  /* libzip's index */
} zip_entry;

struct kaiji_zip {
    zip_t *za;
    kaiji_limits limits;
    const unsigned char *data; /* the archive's bytes, read through read_source */
    size_t file_size;
    uint64_t pos;              /* read_source's position */
    uint64_t consumed;         /* bytes libzip has read from the archive */
    zip_error_t source_error;
    uint64_t total;      /* bytes inflated so far, over all parts */
    zip_entry *entries;  /* sorted by key */
    size_t entry_count;
    char *keys;
    bool archive;        /* kaiji_zip_open_archive: members by index, names not checked */
    size_t archive_count;
};

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

static kaiji_zip_status map_open_error(int ze, char *why)
{
    switch (ze) {
    case ZIP_ER_MEMORY:
        return KAIJI_ZIP_NOMEM;
    case ZIP_ER_MULTIDISK:
        snprintf(why, KAIJI_ZIP_WHY, _("the file is one piece of a split ZIP archive"));
        return KAIJI_ZIP_CORRUPT;
    default:
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the file is not a complete ZIP archive (it may be damaged or cut short)"));
        return KAIJI_ZIP_CORRUPT;
    }
}

/* Builds zip->entries from the archive's names, refusing unsafe and
 * duplicated ones. */
static kaiji_zip_status index_entries(kaiji_zip *zip, zip_int64_t n, char *why)
{
    size_t total = 0, off = 0, i;
    zip_int64_t k;

    for (k = 0; k < n; k++) {
        const char *name = zip_get_name(zip->za, (zip_uint64_t)k, 0);
        if (!name) {
            snprintf(why, KAIJI_ZIP_WHY, _("the ZIP directory of the file is damaged"));
            return KAIJI_ZIP_CORRUPT;
        }
        total += strlen(name) + 1;
    }
    zip->keys = malloc(total ? total : 1);
    zip->entries = calloc(n ? (size_t)n : 1, sizeof *zip->entries);
    if (!zip->keys || !zip->entries)
        return KAIJI_ZIP_NOMEM;
    for (k = 0; k < n; k++) {
        const char *name = zip_get_name(zip->za, (zip_uint64_t)k, 0);
        size_t len;
        if (!name) {
            snprintf(why, KAIJI_ZIP_WHY, _("the ZIP directory of the file is damaged"));
            return KAIJI_ZIP_CORRUPT;
        }
        len = strlen(name);
        if (off + len + 1 > total) {
            snprintf(why, KAIJI_ZIP_WHY, _("the ZIP directory of the file is damaged"));
            return KAIJI_ZIP_CORRUPT;
        }
        if (!normalise_name(name, zip->keys + off)) {
            snprintf(why, KAIJI_ZIP_WHY,
                     _("the file holds a part named \"%.120s\" that points outside the workbook"),
                     name);
            return KAIJI_ZIP_UNSAFE;
        }
        zip->entries[zip->entry_count].key = zip->keys + off;
        zip->entries[zip->entry_count].index = (zip_uint64_t)k;
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

/*
 * The archive's bytes as a libzip source that counts what libzip reads.  The
 * compressed size an entry declares can lie; the bytes libzip actually reads
 * to inflate it cannot, so the ratio check divides by those.
 */
static zip_int64_t read_source(void *ud, void *data, zip_uint64_t len,
                               zip_source_cmd_t cmd)
{
    kaiji_zip *z = ud;
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
        zip_stat_init(st);
        st->size = z->file_size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&z->source_error, data, len);
    case ZIP_SOURCE_SEEK: {
        zip_int64_t off = zip_source_seek_compute_offset(z->pos, z->file_size, data,
                                                         len, &z->source_error);
        if (off < 0)
            return -1;
        z->pos = (uint64_t)off;
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return (zip_int64_t)z->pos;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                              ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                              ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&z->source_error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* Opens data as kaiji_zip_open (archive false) or kaiji_zip_open_archive. */
static kaiji_zip_status open_zip(kaiji_zip **out, const unsigned char *data, size_t size,
                                 const kaiji_limits *limits, bool archive,
                                 char why[KAIJI_ZIP_WHY])
{
    kaiji_zip *zip = NULL;
    zip_source_t *src = NULL;
    zip_error_t zerr;
    zip_int64_t n;
    kaiji_zip_status st = KAIJI_ZIP_OK;

    *out = NULL;
    why[0] = '\0';
    zip_error_init(&zerr);
    if (!data || size < 22) {
        snprintf(why, KAIJI_ZIP_WHY,
                 _("the file is not a complete ZIP archive (it may be damaged or cut short)"));
        st = KAIJI_ZIP_CORRUPT;
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
    zip_error_init(&zip->source_error);
    src = zip_source_function_create(read_source, zip, &zerr);
    if (!src) {
        st = map_open_error(zip_error_code_zip(&zerr), why);
        goto error;
    }
    zip->za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!zip->za) {
        st = map_open_error(zip_error_code_zip(&zerr), why);
        goto error;
    }
    src = NULL; /* owned by the archive now */
    n = zip_get_num_entries(zip->za, 0);
    if (n < 0) {
        snprintf(why, KAIJI_ZIP_WHY, _("the ZIP directory of the file is damaged"));
        st = KAIJI_ZIP_CORRUPT;
        goto error;
    }
    if ((uint64_t)n > zip->limits.max_zip_entries) {
        snprintf(why, KAIJI_ZIP_WHY, _("the file holds more than %" PRIu32 " parts"),
                 zip->limits.max_zip_entries);
        st = KAIJI_ZIP_TOO_LARGE;
        goto error;
    }
    zip->archive_count = (size_t)n;
    st = archive ? KAIJI_ZIP_OK : index_entries(zip, n, why);
    if (st != KAIJI_ZIP_OK)
        goto error;
    zip_error_fini(&zerr);
    *out = zip;
    return KAIJI_ZIP_OK;

error:
    zip_source_free(src);
    zip_error_fini(&zerr);
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
        zip_discard(zip->za);
    zip_error_fini(&zip->source_error);
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

struct kaiji_zip_part {
    kaiji_zip *zip;
    zip_file_t *zf;
    const char *name;      /* the caller's, for messages */
    uint64_t produced;     /* bytes inflated from this part */
    uint64_t start;        /* zip->consumed when the part was opened */
    kaiji_zip_status status;
    char why[KAIJI_ZIP_WHY];
};

kaiji_zip_status kaiji_zip_part_open(kaiji_zip_part **out, kaiji_zip *zip,
                                     const char *name, char why[KAIJI_ZIP_WHY])
{
    const zip_entry *e;
    kaiji_zip_part *p;

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
    p->zip = zip;
    p->name = name;
    p->start = zip->consumed;
    p->zf = zip_fopen_index(zip->za, e->index, 0);
    if (!p->zf) {
        kaiji_zip_status st =
            map_file_error(zip_error_code_zip(zip_get_error(zip->za)), name, why);
        free(p);
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

long kaiji_zip_part_read(kaiji_zip_part *p, char *buf, size_t len)
{
    kaiji_zip *zip = p->zip;
    char size_text[32];

    if (p->status != KAIJI_ZIP_OK)
        return -1;
    zip_int64_t n = zip_fread(p->zf, buf, len);
    if (n < 0)
        return part_fail(p, map_file_error(zip_error_code_zip(zip_file_get_error(p->zf)),
                                           p->name, p->why));
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
    uint64_t comp = zip->consumed - p->start;
    if (p->produced > zip->limits.ratio_min_size &&
        (p->produced - 1) / (comp ? comp : 1) >= zip->limits.max_ratio) {
        snprintf(p->why, KAIJI_ZIP_WHY,
                 _("part %.120s inflates to more than %" PRIu32
                   " times its compressed size, which looks like a ZIP bomb"),
                 p->name, zip->limits.max_ratio);
        return part_fail(p, KAIJI_ZIP_TOO_LARGE);
    }
    return (long)n;
}

kaiji_zip_status kaiji_zip_part_status(const kaiji_zip_part *p, char why[KAIJI_ZIP_WHY])
{
    if (p->status != KAIJI_ZIP_OK)
        snprintf(why, KAIJI_ZIP_WHY, "%s", p->why);
    return p->status;
}

void kaiji_zip_part_close(kaiji_zip_part *p)
{
    if (!p)
        return;
    if (p->zf)
        zip_fclose(p->zf);
    free(p);
}


/* ------------------------------------------------------------ archives */

size_t kaiji_zip_entry_count(const kaiji_zip *zip)
{
    return zip ? zip->archive_count : 0;
}

const char *kaiji_zip_entry_name(const kaiji_zip *zip, size_t i)
{
    if (!zip || i >= zip->archive_count)
        return NULL;
    return zip_get_name(zip->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
}

bool kaiji_zip_entry_is_dir(const kaiji_zip *zip, size_t i)
{
    const char *name = kaiji_zip_entry_name(zip, i);
    size_t n = name ? strlen(name) : 0;
    return n > 0 && (name[n - 1] == '/' || name[n - 1] == '\\');
}

bool kaiji_zip_entry_encrypted(const kaiji_zip *zip, size_t i)
{
    zip_stat_t st;
    if (!zip || i >= zip->archive_count ||
        zip_stat_index(zip->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0)
        return false;
    return (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
}

kaiji_zip_status kaiji_zip_entry_read(kaiji_zip *zip, size_t i, const char *password,
                                      bool check_only, unsigned char **data, size_t *size,
                                      char why[KAIJI_ZIP_WHY])
{
    kaiji_zip_part part = {0};
    kaiji_zip_status st = KAIJI_ZIP_OK;
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    char *shown = NULL;
    const char *raw = kaiji_zip_entry_name(zip, i);

    *data = NULL;
    *size = 0;
    why[0] = '\0';
    if (!raw) {
        snprintf(why, KAIJI_ZIP_WHY, _("the ZIP directory of the file is damaged"));
        return KAIJI_ZIP_CORRUPT;
    }
    if (!(shown = kaiji_text_path_show(raw)))
        return KAIJI_ZIP_NOMEM;
    part.zip = zip;
    part.name = shown;
    part.start = zip->consumed;
    part.zf = password && *password
                  ? zip_fopen_index_encrypted(zip->za, (zip_uint64_t)i, 0, password)
                  : zip_fopen_index(zip->za, (zip_uint64_t)i, 0);
    if (!part.zf) {
        int ze = zip_error_code_zip(zip_get_error(zip->za));
        if (ze == ZIP_ER_NOPASSWD) {
            snprintf(why, KAIJI_ZIP_WHY, _("%.120s is encrypted and no password was given"),
                     shown);
            st = KAIJI_ZIP_ENCRYPTED;
        } else if (ze == ZIP_ER_WRONGPASSWD) {
            snprintf(why, KAIJI_ZIP_WHY, _("the password given does not open %.120s"), shown);
            st = KAIJI_ZIP_WRONG_PASSWORD;
        } else if (ze == ZIP_ER_ENCRNOTSUPP) {
            snprintf(why, KAIJI_ZIP_WHY,
                     _("%.120s is encrypted in a way kaiji cannot read"), shown);
            st = KAIJI_ZIP_ENCRYPTED;
        } else {
            st = map_file_error(ze, shown, why);
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
            if (st == KAIJI_ZIP_CORRUPT && kaiji_zip_entry_encrypted(zip, i))
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
    if (part.zf)
        zip_fclose(part.zf);
    free(buf);
    free(shown);
    return st;
}
