/* placeholder */
#include "server/internal.h"
int srv_page_catalogs(srv_page *page, const srv_request *req) { (void)page; (void)req; return -1; }
int srv_page_catalog_import(srv_page *page, const srv_request *req) { (void)page; (void)req; return -1; }
