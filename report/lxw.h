/*
 * report/lxw.h - libxlsxwriter, loaded when an Excel output is first
 * written (platform/dl.h): `kaiji status --format xlsx`, `kaiji checklist
 * draft`, `kaiji register template`.  No other command maps it (nor the
 * minizip it brings).
 *
 * Include this instead of <xlsxwriter.h>.  Each libxlsxwriter function the
 * report files call is listed in KAIJI_LXW_FUNCTIONS (member, symbol) and
 * named by a macro that reads it from the table `lxw`, a
 * `const kaiji_lxw *` every function that writes a workbook has in scope
 * (a parameter, or a member of what it is handed): the calls read as
 * before and the compiler checks them against <xlsxwriter.h>.  The table
 * lives in the call that writes the workbook (kaiji_lxw_load at its start),
 * never in a global.  A function not listed does not link: add it.
 */
#ifndef KAIJI_REPORT_LXW_H
#define KAIJI_REPORT_LXW_H

#include <stdbool.h>

#include <xlsxwriter.h>

#define KAIJI_LXW_FUNCTIONS(X)                                                                \
    X(workbook_new, workbook_new)                                                             \
    X(workbook_close, workbook_close)                                                         \
    X(workbook_add_format, workbook_add_format)                                               \
    X(workbook_add_worksheet, workbook_add_worksheet)                                         \
    X(workbook_set_properties, workbook_set_properties)                                       \
    X(format_set_align, format_set_align)                                                     \
    X(format_set_bg_color, format_set_bg_color)                                               \
    X(format_set_bold, format_set_bold)                                                       \
    X(format_set_border, format_set_border)                                                   \
    X(format_set_bottom, format_set_bottom)                                                   \
    X(format_set_font_color, format_set_font_color)                                           \
    X(format_set_font_size, format_set_font_size)                                             \
    X(format_set_num_format, format_set_num_format)                                           \
    X(format_set_text_wrap, format_set_text_wrap)                                             \
    X(worksheet_activate, worksheet_activate)                                                 \
    X(worksheet_autofilter, worksheet_autofilter)                                             \
    X(worksheet_data_validation_range, worksheet_data_validation_range)                       \
    X(worksheet_fit_to_pages, worksheet_fit_to_pages)                                         \
    X(worksheet_freeze_panes, worksheet_freeze_panes)                                         \
    X(worksheet_merge_range, worksheet_merge_range)                                           \
    X(worksheet_repeat_rows, worksheet_repeat_rows)                                           \
    X(worksheet_set_column, worksheet_set_column)                                             \
    X(worksheet_set_footer, worksheet_set_footer)                                             \
    X(worksheet_set_header, worksheet_set_header)                                             \
    X(worksheet_set_landscape, worksheet_set_landscape)                                       \
    X(worksheet_set_paper, worksheet_set_paper)                                               \
    X(worksheet_set_row, worksheet_set_row)                                                   \
    X(worksheet_write_blank, worksheet_write_blank)                                           \
    X(worksheet_write_datetime, worksheet_write_datetime)                                     \
    X(worksheet_write_number, worksheet_write_number)                                         \
    X(worksheet_write_string, worksheet_write_string)

typedef struct kaiji_lxw {
#define KAIJI_LXW_MEMBER(m, f) __typeof__(f) *m;
    KAIJI_LXW_FUNCTIONS(KAIJI_LXW_MEMBER)
#undef KAIJI_LXW_MEMBER
} kaiji_lxw;

/*
 * Fills *out with libxlsxwriter's functions.  Returns true; false when it
 * cannot be loaded, with, when err is not NULL, a message for a clerk in
 * *err naming the package to install (the caller frees it; NULL when
 * memory ran out).  The command calls it before writing a workbook to say
 * so; the writers load it again for themselves (cheap: it stays mapped) and
 * return KAIJI_ERROR_NOT_FOUND without it.
 */
bool kaiji_lxw_load(kaiji_lxw *out, char **err);

/* report/lxw.c, which names the symbols, defines KAIJI_LXW_NO_NAMES. */
#ifndef KAIJI_LXW_NO_NAMES
#define workbook_new (lxw->workbook_new)
#define workbook_close (lxw->workbook_close)
#define workbook_add_format (lxw->workbook_add_format)
#define workbook_add_worksheet (lxw->workbook_add_worksheet)
#define workbook_set_properties (lxw->workbook_set_properties)
#define format_set_align (lxw->format_set_align)
#define format_set_bg_color (lxw->format_set_bg_color)
#define format_set_bold (lxw->format_set_bold)
#define format_set_border (lxw->format_set_border)
#define format_set_bottom (lxw->format_set_bottom)
#define format_set_font_color (lxw->format_set_font_color)
#define format_set_font_size (lxw->format_set_font_size)
#define format_set_num_format (lxw->format_set_num_format)
#define format_set_text_wrap (lxw->format_set_text_wrap)
#define worksheet_activate (lxw->worksheet_activate)
#define worksheet_autofilter (lxw->worksheet_autofilter)
#define worksheet_data_validation_range (lxw->worksheet_data_validation_range)
#define worksheet_fit_to_pages (lxw->worksheet_fit_to_pages)
#define worksheet_freeze_panes (lxw->worksheet_freeze_panes)
#define worksheet_merge_range (lxw->worksheet_merge_range)
#define worksheet_repeat_rows (lxw->worksheet_repeat_rows)
#define worksheet_set_column (lxw->worksheet_set_column)
#define worksheet_set_footer (lxw->worksheet_set_footer)
#define worksheet_set_header (lxw->worksheet_set_header)
#define worksheet_set_landscape (lxw->worksheet_set_landscape)
#define worksheet_set_paper (lxw->worksheet_set_paper)
#define worksheet_set_row (lxw->worksheet_set_row)
#define worksheet_write_blank (lxw->worksheet_write_blank)
#define worksheet_write_datetime (lxw->worksheet_write_datetime)
#define worksheet_write_number (lxw->worksheet_write_number)
#define worksheet_write_string (lxw->worksheet_write_string)
#endif

#endif
