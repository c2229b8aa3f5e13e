/*
 * server/mhd.h - libmicrohttpd, loaded when kaiji serve starts
 * (platform/dl.h): no other command maps it.
 *
 * Include this instead of <microhttpd.h>.  Each MHD_ function kaiji calls
 * is listed in KAIJI_MHD_FUNCTIONS (member, symbol) and named by a macro that reads it from
 * the process-wide table kaiji_mhd, so the server's code calls
 * MHD_queue_response(...) as before and the compiler checks the call
 * against <microhttpd.h>.  A function not listed does not link (the
 * command no longer links libmicrohttpd): add it to the list.
 *
 * The table is the command's (server/ is linked into the command only):
 * filled once by kaiji_mhd_load, before the daemon's threads start, read
 * only after (docs/conventions.md).
 */
#ifndef KAIJI_SERVER_MHD_H
#define KAIJI_SERVER_MHD_H

#include <stdbool.h>

#include <microhttpd.h>

/* The Debian package that has the library, for the message when it is missing. */
#define KAIJI_MHD_PACKAGE "libmicrohttpd12"

#define KAIJI_MHD_FUNCTIONS(X)                                                                \
    X(start_daemon, MHD_start_daemon)                                                         \
    X(stop_daemon, MHD_stop_daemon)                                                           \
    X(get_daemon_info, MHD_get_daemon_info)                                                   \
    X(get_connection_info, MHD_get_connection_info)                                           \
    X(lookup_connection_value, MHD_lookup_connection_value)                                   \
    X(queue_response, MHD_queue_response)                                                     \
    X(create_response_from_buffer, MHD_create_response_from_buffer)                           \
    X(add_response_header, MHD_add_response_header)                                           \
    X(destroy_response, MHD_destroy_response)                                                 \
    X(create_post_processor, MHD_create_post_processor)                                       \
    X(post_process, MHD_post_process)                                                         \
    X(destroy_post_processor, MHD_destroy_post_processor)                                     \
    X(is_feature_supported, MHD_is_feature_supported)

typedef struct kaiji_mhd_fns {
#define KAIJI_MHD_MEMBER(m, f) __typeof__(f) *m;
    KAIJI_MHD_FUNCTIONS(KAIJI_MHD_MEMBER)
#undef KAIJI_MHD_MEMBER
} kaiji_mhd_fns;

extern kaiji_mhd_fns kaiji_mhd;

/*
 * Loads libmicrohttpd into kaiji_mhd (once; later calls return at once).
 * Returns true; false when it is not installed, *why then saying what to
 * install, for a clerk (a translated static string).  Call before threads.
 */
bool kaiji_mhd_load(const char **why);

/* server/mhd.c, which names the symbols, defines KAIJI_MHD_NO_NAMES. */
#ifndef KAIJI_MHD_NO_NAMES
#define MHD_start_daemon (kaiji_mhd.start_daemon)
#define MHD_stop_daemon (kaiji_mhd.stop_daemon)
#define MHD_get_daemon_info (kaiji_mhd.get_daemon_info)
#define MHD_get_connection_info (kaiji_mhd.get_connection_info)
#define MHD_lookup_connection_value (kaiji_mhd.lookup_connection_value)
#define MHD_queue_response (kaiji_mhd.queue_response)
#define MHD_create_response_from_buffer (kaiji_mhd.create_response_from_buffer)
#define MHD_add_response_header (kaiji_mhd.add_response_header)
#define MHD_destroy_response (kaiji_mhd.destroy_response)
#define MHD_create_post_processor (kaiji_mhd.create_post_processor)
#define MHD_post_process (kaiji_mhd.post_process)
#define MHD_destroy_post_processor (kaiji_mhd.destroy_post_processor)
#define MHD_is_feature_supported (kaiji_mhd.is_feature_supported)
#endif

#endif
