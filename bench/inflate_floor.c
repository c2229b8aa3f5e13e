/* inflate_floor.c FILE... - the floor of the benchmark: the least any XLSX
 * reader must do.  Reads each file whole into memory, opens it with libzip
 * from that buffer and inflates every entry with zip_fread into a scratch
 * buffer, which is then dropped.  No XML, no cells.  Files are read one after
 * another on one thread.  A file libzip cannot open or inflate is counted,
 * not fatal.  Prints one line:
 * "<documents> <seconds> <entries> <inflated bytes> <failed>"
 * (seconds: the reading and inflating alone, monotonic clock).
 * Built by bench/run.sh: cc -O2 inflate_floor.c $(pkg-config --cflags --libs libzip). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <zip.h>

enum { SCRATCH = 64 * 1024 };

/* Reads the whole of PATH into a new buffer; *out owns it (free), *len gets
 * its size.  Returns 0, or -1 (nothing to free) when the file cannot be read. */
static int read_file(unsigned char **out, size_t *len, const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size;

    *out = NULL;
    *len = 0;
    if (f == NULL)
        return -1;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto error;
    buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size)
        goto error;
    fclose(f);
    *out = buf;
    *len = (size_t)size;
    return 0;
error:
    free(buf);
    fclose(f);
    return -1;
}

/* Inflates every entry of the ZIP archive in BUF (LEN bytes; BUF stays the
 * caller's) into SCRATCH, adding to *entries and *bytes.  Returns 0, or -1
 * when the archive or one of its entries cannot be read. */
static int inflate_all(long *entries, long long *bytes, const unsigned char *buf,
                       size_t len, char *scratch)
{
    zip_error_t zerr;
    zip_source_t *src;
    zip_t *za = NULL;
    zip_int64_t n, i;
    int rc = -1;

    zip_error_init(&zerr);
    src = zip_source_buffer_create(buf, len, 0, &zerr);
    if (src == NULL)
        goto error;
    za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (za == NULL) {
        zip_source_free(src);
        goto error;
    }
    n = zip_get_num_entries(za, 0);
    for (i = 0; i < n; i++) {
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        zip_int64_t got;

        if (zf == NULL)
            goto error;
        while ((got = zip_fread(zf, scratch, SCRATCH)) > 0)
            *bytes += got;
        zip_fclose(zf);
        if (got < 0)
            goto error;
        (*entries)++;
    }
    rc = 0;
error:
    if (za != NULL)
        zip_discard(za);
    zip_error_fini(&zerr);
    return rc;
}

int main(int argc, char **argv)
{
    static char scratch[SCRATCH];
    struct timespec t0, t1;
    long entries = 0, failed = 0;
    long long bytes = 0;
    int i;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 1; i < argc; i++) {
        unsigned char *buf;
        size_t len;

        if (read_file(&buf, &len, argv[i]) != 0 ||
            inflate_all(&entries, &bytes, buf, len, scratch) != 0) {
            if (++failed <= 3)
                fprintf(stderr, "inflate_floor: %s: cannot read or inflate\n", argv[i]);
        }
        free(buf);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%d %.3f %ld %lld %ld\n", argc - 1,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           entries, bytes, failed);
    return 0;
}
