/*
 * server/watch_page.c - the dashboard's note of the watched folder
 * (server/internal.h, server/watch.h): that a folder is watched, when it
 * was last looked at, what is wrong with it, and the last files taken in.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "parser/inputs.h"
#include "report/words.h"
#include "server/internal.h"
#include "text/text.h"

/* A time of day of this computer, "YYYY-MM-DD HH:MM:SS". */
static void local_time(FILE *fp, time_t t)
{
    struct tm tm;
    char buf[32];
    if (localtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm))
        srv_esc(fp, buf);
}

static void problem_text(FILE *fp, const kaiji_watch_state *s)
{
    const char *what = NULL;
    switch (s->problem) {
    case KAIJI_WATCH_OK: break;
    case KAIJI_WATCH_MISSING:
        what = _("The folder is not there (moved, deleted, or a network drive not connected). "
                 "kaiji looks again and takes its files in once it is back.");
        break;
    case KAIJI_WATCH_NOT_FOLDER:
        what = _("This is a file, not a folder. Start kaiji serve with --watch and a folder.");
        break;
    case KAIJI_WATCH_UNREADABLE:
        what = _("The folder cannot be opened (no permission). Check its permissions; kaiji "
                 "looks again.");
        break;
    case KAIJI_WATCH_STORE:
        what = _("The store could not be written; the files wait in the folder and are taken "
                 "in at a later look.");
        break;
    }
    if (what) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, what);
        fputs("</p>\n", fp);
    }
    if (s->problem == KAIJI_WATCH_OK && s->folders_unreadable) {
        char *text = kaiji_strprintf(_("%zu folders inside it cannot be opened (no "
                                       "permission); their files are not taken in."),
                                     s->folders_unreadable);
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, text ? text : "");
        fputs("</p>\n", fp);
        free(text);
    }
}

static void event_row(FILE *fp, const kaiji_watch_event *e)
{
    fputs("<tr><td class=\"path\">", fp);
    srv_esc(fp, e->name);
    fputs("</td><td>", fp);
    if (e->outcome == KAIJI_WATCH_NOT_READ) {
        kaiji_not_read r = {.path = e->name, .reason = e->reason ? e->reason : "",
                            .detail = e->detail};
        srv_esc(fp, _("Not read"));
        fputs("</td><td>", fp);
        if (e->reason)
            srv_esc(fp, kaiji_not_read_reason(&r));
        if (e->reason && e->detail[0])
            fputs(" ", fp);
        if (e->detail[0]) {
            fputs("<span class=\"muted\">", fp);
            srv_esc(fp, e->detail);
            fputs("</span>", fp);
        }
    } else if (e->outcome == KAIJI_WATCH_DUPLICATE) {
        fputs("—</td><td class=\"muted\">", fp);
        srv_esc(fp, _("(received before)"));
    } else {
        srv_esc(fp, kaiji_word_kind(e->kind));
        fputs("</td><td><span class=\"badge s-", fp);
        srv_esc(fp, kaiji_status_name(e->status));
        fputs("\">", fp);
        srv_esc(fp, kaiji_word_status(e->status));
        fputs("</span>", fp);
    }
    fputs("</td><td>", fp);
    if (e->contracts[0]) {
        srv_esc(fp, e->contracts);
    } else if (e->outcome == KAIJI_WATCH_TAKEN) {
        srv_esc(fp, e->not_disclosure ? _("not a vendor disclosure") : _("not linked"));
    }
    fputs("</td><td class=\"nowrap\">", fp);
    local_time(fp, e->at);
    fputs("</td></tr>\n", fp);
}

void srv_watch_note(FILE *fp, const srv_request *req)
{
    kaiji_watch_state s;
    if (!req->watch || !kaiji_watch_state_get(&s, req->watch))
        return;
    char *dir = kaiji_text_path_show(s.dir);
    fputs("<section class=\"watch\" id=\"watch\">\n<h2>", fp);
    srv_esc(fp, _("Watched folder"));
    fputs("</h2>\n<p><span class=\"path\">", fp);
    srv_esc(fp, dir ? dir : s.dir);
    fputs("</span> — ", fp);
    srv_esc(fp, _("last looked at"));
    fputs(" ", fp);
    if (s.last_look)
        local_time(fp, s.last_look);
    else
        srv_esc(fp, _("not yet"));
    fputs("<br>", fp);
    srv_esc(fp, _("New files there are checked and recorded without pressing a button."));
    fputs(" ", fp);
    srv_esc(fp, _("Files taken in since the start"));
    fprintf(fp, ": <strong>%zu</strong>", s.taken);
    if (s.waiting) {
        fputs(" · ", fp);
        srv_esc(fp, _("still being written (taken in when complete)"));
        fprintf(fp, ": <strong>%zu</strong>", s.waiting);
    }
    fputs("</p>\n", fp);
    free(dir);
    problem_text(fp, &s);
    if (s.recent_count) {
        fputs("<table class=\"results\">\n<thead><tr><th>", fp);
        srv_esc(fp, _("File"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Kind"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("State"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Contract"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("When"));
        fputs("</th></tr></thead>\n<tbody>\n", fp);
        for (size_t i = 0; i < s.recent_count; i++)
            event_row(fp, &s.recent[i]);
        fputs("</tbody>\n</table>\n", fp);
    }
    if (req->role == KAIJI_ROLE_ADMIN) {
        fputs("<p><a href=\"/audit?actor=watch\">", fp);
        srv_esc(fp, _("Every file the folder gave, in the audit log"));
        fputs("</a></p>\n", fp);
    }
    fputs("</section>\n", fp);
    kaiji_watch_state_free(&s);
}
