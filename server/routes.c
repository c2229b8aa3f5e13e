/*
 * server/routes.c - every page kaiji serve answers (server/internal.h): its
 * path, its method, who may use it.  Nothing else reaches a handler; the
 * static files, the token's first visit, signing in and out are server.c's.
 * Add a page with one line here and its handler in the file of its group.
 */
#include "model/i18n.h"
#include "server/internal.h"

const srv_route srv_routes[] = {
    /* path, POST, takes files, the least role, no session needed, handler, refusal */
    {"/", false, false, KAIJI_ROLE_VIEWER, false, srv_page_dashboard, NULL},
    {"/contract/", false, false, KAIJI_ROLE_VIEWER, false, srv_page_contract, NULL},
    {"/upload", false, false, KAIJI_ROLE_STAFF, false, srv_page_upload_form,
     N_("This account can read and print, not add documents.")},
    {"/upload", true, true, KAIJI_ROLE_STAFF, false, srv_page_upload_done,
     N_("This account can read and print, not add documents.")},
    {"/report/status.html", false, false, KAIJI_ROLE_VIEWER, false, srv_page_status_report,
     NULL},
    {"/reports", false, false, KAIJI_ROLE_VIEWER, false, srv_page_reports, NULL},
    {"/reports/checklist", true, false, KAIJI_ROLE_STAFF, false, srv_page_reports_save,
     N_("This account can read and print, not change the checklist's answers.")},
    {"/reports/status.xlsx", false, false, KAIJI_ROLE_VIEWER, false, srv_page_status_xlsx,
     NULL},
    {"/reports/checklist.xlsx", false, false, KAIJI_ROLE_VIEWER, false,
     srv_page_checklist_xlsx, NULL},
    {"/audit", false, false, KAIJI_ROLE_ADMIN, false, srv_page_audit,
     N_("Only an administrator can read the audit log.")},
    {"/audit.csv", false, false, KAIJI_ROLE_ADMIN, false, srv_page_audit_csv,
     N_("Only an administrator can read the audit log.")},
    {"/register", false, false, KAIJI_ROLE_VIEWER, false, srv_page_register, NULL},
    {"/register/import", true, true, KAIJI_ROLE_STAFF, false, srv_page_register_import,
     N_("This account can read and print, not change the register.")},
    {"/register/edit/", false, false, KAIJI_ROLE_STAFF, false, srv_page_contract_edit,
     N_("This account can read and print, not change the register.")},
    {"/register/edit/", true, false, KAIJI_ROLE_STAFF, false, srv_page_contract_save,
     N_("This account can read and print, not change the register.")},
    {"/register/template.csv", false, false, KAIJI_ROLE_VIEWER, false,
     srv_page_register_template_csv, NULL},
    {"/register/template.xlsx", false, false, KAIJI_ROLE_VIEWER, false,
     srv_page_register_template_xlsx, NULL},
    {"/reminders", false, false, KAIJI_ROLE_VIEWER, false, srv_page_reminders, NULL},
    {"/reminders/eml/", false, false, KAIJI_ROLE_VIEWER, false, srv_page_reminder_eml, NULL},
    {"/reminders.zip", false, false, KAIJI_ROLE_VIEWER, false, srv_page_reminders_zip, NULL},
    {"/reminders/send", true, false, KAIJI_ROLE_STAFF, false, srv_page_reminders_send,
     N_("This account can read and print, not send reminders.")},
    {"/catalogs", false, false, KAIJI_ROLE_VIEWER, false, srv_page_catalogs, NULL},
    {"/catalogs/import", true, true, KAIJI_ROLE_ADMIN, false, srv_page_catalog_import,
     N_("Only an administrator can import a catalog.")},
    {"/v/", false, false, KAIJI_ROLE_VIEWER, true, srv_vendor_page, NULL},
    {"/v/", true, true, KAIJI_ROLE_VIEWER, true, srv_vendor_upload, NULL},
    {"/vendor-link/", true, false, KAIJI_ROLE_STAFF, false, srv_vendor_link_action,
     N_("This account can read and print, not make or revoke links.")},
    {NULL, false, false, KAIJI_ROLE_ADMIN, false, NULL, NULL},
};
