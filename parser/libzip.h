/*
 * parser/libzip.h - libzip, loaded when first needed (platform/dl.h), for
 * what kaiji's own ZIP reader (parser/zipsafe.c) does not do: decrypting
 * the encrypted members of an archive a vendor sends (ZipCrypto and AES:
 * the "PPAP" archives, password in a separate mail), members compressed
 * otherwise than stored or deflated (bzip2, ...), and writing a ZIP
 * (server/reminders.c).  Reading a workbook or an archive of plain members
 * maps neither libzip nor the libcrypto and libbz2 it brings.
 *
 * The table lives in the object that uses it (a kaiji_zip, or a local one
 * in the call that writes): no global state.  Loading is cheap after the
 * first time (the library stays mapped).
 */
#ifndef KAIJI_PARSER_LIBZIP_H
#define KAIJI_PARSER_LIBZIP_H

#include <stdbool.h>

#include <zip.h>

/* The Debian package that has the library, for the message when it is missing. */
#define KAIJI_LIBZIP_PACKAGE "libzip4"

/* Every libzip function kaiji calls: member, symbol. */
#define KAIJI_LIBZIP_FUNCTIONS(X)                                                            \
    X(source_function_create, zip_source_function_create)                                    \
    X(source_buffer_create, zip_source_buffer_create) X(source_buffer, zip_source_buffer)    \
    X(source_keep, zip_source_keep) X(source_free, zip_source_free)                          \
    X(source_open, zip_source_open) X(source_read, zip_source_read)                          \
    X(source_close, zip_source_close)                                                        \
    X(source_seek_compute_offset, zip_source_seek_compute_offset)                            \
    X(source_make_command_bitmap, zip_source_make_command_bitmap)                            \
    X(open_from_source, zip_open_from_source) X(discard, zip_discard)                        \
    X(archive_close, zip_close) X(file_add, zip_file_add) X(fopen_index, zip_fopen_index)    \
    X(fopen_index_encrypted, zip_fopen_index_encrypted) X(file_read, zip_fread)              \
    X(file_close, zip_fclose) X(get_error, zip_get_error)                                    \
    X(file_get_error, zip_file_get_error) X(error_code_zip, zip_error_code_zip)              \
    X(error_init, zip_error_init) X(error_fini, zip_error_fini)                              \
    X(error_set, zip_error_set) X(error_to_data, zip_error_to_data)                          \
    X(stat_init, zip_stat_init) X(get_num_entries, zip_get_num_entries)                     \
    X(get_name, zip_get_name)

/* libzip's functions, typed by its header: lz->file_read(f, buf, n). */
typedef struct kaiji_libzip {
#define KAIJI_LIBZIP_MEMBER(m, f) __typeof__(f) *m;
    KAIJI_LIBZIP_FUNCTIONS(KAIJI_LIBZIP_MEMBER)
#undef KAIJI_LIBZIP_MEMBER
} kaiji_libzip;

/*
 * Fills *out with libzip's functions.  Returns true; false when libzip
 * cannot be loaded, with, when err is not NULL, a message for a clerk in
 * *err (naming the package to install; the caller frees it, NULL when
 * memory ran out).
 */
bool kaiji_libzip_load(kaiji_libzip *out, char **err);

#endif
