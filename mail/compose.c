/*
 * mail/compose.c - the words of a reminder: what each contract of a vendor
 * still lacks and what is wrong with what was received, in polite Japanese
 * business style (宛名, 挨拶, 記 … 以上, 期限, 結び, 署名) followed by English.
 * Findings are told in words a vendor can act on, from their code and item;
 * the English part is English throughout (a message stored in Japanese is
 * not quoted there).  Document types are named as the reports name them, from
 * the glossary formats/report/labels.json ("kind", and "kind_en" in English).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "formats/embedded.h"
#include "mail/text.h"
#include "mail/compose.h"

#define GLOSSARY_PATH "formats/report/labels.json"

/* At most this many findings are listed per document; the rest are counted. */
#define MAX_FINDINGS 20

kaiji_mail_contract_state kaiji_mail_contract_state_from_name(const char *name)
{
    if (!name)
        return KAIJI_MAIL_CONTRACT_SETTLED;
    if (strcmp(name, "missing") == 0)
        return KAIJI_MAIL_CONTRACT_MISSING;
    if (strcmp(name, "overdue") == 0)
        return KAIJI_MAIL_CONTRACT_OVERDUE;
    if (strcmp(name, "outdated") == 0)
        return KAIJI_MAIL_CONTRACT_OUTDATED;
    if (strcmp(name, "invalid") == 0)
        return KAIJI_MAIL_CONTRACT_INVALID;
    return KAIJI_MAIL_CONTRACT_SETTLED;
}

kaiji_mail_doc_state kaiji_mail_doc_state_from_name(const char *name)
{
    if (!name)
        return KAIJI_MAIL_DOC_OK;
    if (strcmp(name, "missing") == 0)
        return KAIJI_MAIL_DOC_MISSING;
    if (strcmp(name, "outdated") == 0)
        return KAIJI_MAIL_DOC_OUTDATED;
    if (strcmp(name, "invalid") == 0)
        return KAIJI_MAIL_DOC_INVALID;
    if (strcmp(name, "unreadable") == 0)
        return KAIJI_MAIL_DOC_UNREADABLE;
    return KAIJI_MAIL_DOC_OK;
}

bool kaiji_mail_vendor_owes(const kaiji_mail_vendor *vendor)
{
    for (size_t i = 0; i < vendor->contract_count; i++)
        if (vendor->contracts[i].state != KAIJI_MAIL_CONTRACT_SETTLED)
            return true;
    return false;
}

static bool has(const char *s)
{
    return s && *s;
}

/* How to say one finding: with its item (one %s) and without.  own: the
 * validator's message speaks to the hospital ("ask the vendor ..."), so the
 * English part uses the wording here instead. */
typedef struct wording {
    const char *code;
    const char *ja_item, *ja;
    const char *en_item, *en;
    bool own;
} wording;

static const wording wordings[] = {
    {"missing-answer", "項目 %s に回答が記入されていません", "回答が記入されていない項目があります",
     "item %s has no answer", "an item has no answer", false},
    {"invalid-answer", "項目 %s の回答が様式の選択肢（「はい」「いいえ」「対象外」など）のいずれでもありません",
     "様式の選択肢（「はい」「いいえ」「対象外」など）以外の回答があります",
     "item %s is answered with something that is not one of the form's choices",
     "an answer is not one of the form's choices", false},
    {"na-without-reason", "項目 %s が「対象外」ですが、備考に理由が記入されていません",
     "「対象外」の項目に理由が記入されていません",
     "item %s is answered Not applicable but gives no reason in the remarks",
     "an item is answered Not applicable without a reason", false},
    {"no-without-target-date", "項目 %s が「いいえ」ですが目標日が記入されていません",
     "「いいえ」の項目に目標日が記入されていません",
     "item %s is answered No but has no target date",
     "an item answered No has no target date", false},
    {"target-date-outside-fiscal-year",
     "項目 %s の目標日が年度外です。年度内（4月1日〜翌年3月31日）の日付をご記入ください",
     "目標日が年度外の項目があります。年度内（4月1日〜翌年3月31日）の日付をご記入ください",
     "item %s has a target date outside the fiscal year (April 1 to March 31)",
     "a target date is outside the fiscal year (April 1 to March 31)", false},
    {"missing-confirmation-date", "項目 %s の確認日（1回目）が記入されていません",
     "確認日（1回目）が記入されていない項目があります",
     "item %s has no first confirmation date",
     "an item has no first confirmation date", false},
    {"missing-item", "項目 %s が見当たりません。様式の行を削除せずにご記入ください",
     "様式の項目の一部が見当たりません。様式の行を削除せずにご記入ください",
     "item %s is missing from the form; please do not delete rows of the form",
     "items of the form are missing; please do not delete rows of the form", false},
    {"unexpected-item", "様式にない項目 %s があります", "様式にない項目があります",
     "item %s is not on the form", "an item is not on the form", false},
    {"item-text-changed", "項目 %s の設問の文言が公式の様式と異なります。改変していない様式をご使用ください",
     "設問の文言が公式の様式と異なる項目があります",
     "the question of item %s is worded differently from the official form",
     "a question is worded differently from the official form", false},
    {"duplicate-item", "項目 %s が重複しています", "重複している項目があります",
     "item %s appears twice", "an item appears twice", false},
    {"missing-header-field", "ヘッダー欄 %s が記入されていません",
     "ヘッダー欄（事業者名・製品名・作成日・版など）に記入漏れがあります",
     "header field %s is not filled in",
     "a header field (vendor, product, date, version) is not filled in", false},
    {"missing-form-version", NULL, "様式の版（Ver.5.0、令和7年5月版など）が記載されていません", NULL,
     "the document does not say which edition of the form it is", false},
    {"unknown-form-version", NULL, "様式の版を確認できませんでした。最新版の様式をご使用ください", NULL,
     "the edition of the form is not one we know; please use the current form", false},
    {"outdated-form-version", NULL,
     "旧版の様式でご提出いただいております。最新版の様式でのご提出をお願いいたします", NULL,
     "the form is an outdated edition; please use the current one", true},
    {"document-date-in-future", NULL, "作成日が未来の日付になっています", NULL,
     "the document date is in the future", false},
    {"unknown-form", NULL,
     "様式を判別できませんでした。JAHIS の開示書（MDS/SDS）または厚生労働省のチェックリストの様式でご提出ください",
     NULL, "the document is not on a form we recognise (JAHIS MDS/SDS or the MHLW checklist)", false},
    {"file-corrupt", NULL, "ファイルが破損しており読み取れませんでした。再度お送りください", NULL,
     "the file is damaged and could not be read; please send it again", false},
    {"file-unreadable", NULL, "ファイルを読み取れませんでした。再度お送りください", NULL,
     "the file could not be read; please send it again", false},
    {"file-encrypted", NULL,
     "ファイルにパスワードが設定されているため開けませんでした。パスワードを解除してお送りください", NULL,
     "the file is password-protected; please send it without a password", false},
    {"file-legacy-xls", NULL,
     "旧形式の Excel ファイル（.xls）のため読み取れませんでした。.xlsx 形式で保存してお送りください", NULL,
     "the file is an old Excel .xls file; please save it as .xlsx and send it again", false},
    {"file-too-large", NULL, "ファイルが大きすぎるため読み取れませんでした", NULL,
     "the file is too large to read", false},
    {"file-unsafe", NULL,
     "ファイルに安全でない内容が含まれているため読み取れませんでした。様式をそのままご使用ください", NULL,
     "the file holds unsafe content and was not read; please use the form as it is", false},
    {"unsupported-format", NULL, "対応していない形式のファイルです。Excel（.xlsx）形式でお送りください",
     NULL, "the file is in a format we cannot read; please send an Excel (.xlsx) file", false},
};

static const wording *find_wording(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof wordings / sizeof wordings[0]; i++)
        if (strcmp(wordings[i].code, code) == 0)
            return &wordings[i];
    return NULL;
}

/* Appends fmt (one %s) with the %s replaced by s as cleaned text. */
static void put_with(kaiji_buf *b, const char *fmt, const char *s)
{
    const char *at = strstr(fmt, "%s");
    if (!at) {
        kaiji_buf_puts(b, fmt);
        return;
    }
    kaiji_buf_append(b, fmt, (size_t)(at - fmt));
    kaiji_mail_put_text(b, s);
    kaiji_buf_puts(b, at + 2);
}

/* One finding in Japanese, without a line break. */
static void put_finding_ja(kaiji_buf *b, const kaiji_mail_finding *f)
{
    const wording *w = find_wording(f->code);
    if (w && w->ja_item && has(f->item))
        put_with(b, w->ja_item, f->item);
    else if (w)
        kaiji_buf_puts(b, w->ja);
    else if (has(f->message))
        kaiji_mail_put_text(b, f->message);
    else
        kaiji_mail_put_text(b, f->code);
}

/* true when text reads as English: more Latin letters than Japanese
 * characters (kana and kanji).  A message stored by a run in Japanese is
 * not. */
static bool reads_english(const char *text)
{
    size_t latin = 0, japanese = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            latin++;
        /* Lead bytes of U+3000..U+9FFF (kana, CJK punctuation, kanji) and
         * U+FF00..U+FFEF (full-width forms). */
        else if (*p >= 0xE3 && *p <= 0xE9)
            japanese++;
        else if (*p == 0xEF && (p[1] == 0xBC || p[1] == 0xBD))
            japanese++;
    }
    return latin > japanese && japanese == 0;
}

/* One finding in English: the wording here (written for the vendor), else
 * the validator's message when it is English, else what can be said in
 * English: the item and the check's code. */
static void put_finding_en(kaiji_buf *b, const kaiji_mail_finding *f)
{
    const wording *w = find_wording(f->code);
    if (w && w->en_item && has(f->item))
        put_with(b, w->en_item, f->item);
    else if (w)
        kaiji_buf_puts(b, w->en);
    else if (has(f->message) && reads_english(f->message))
        kaiji_mail_put_text(b, f->message);
    else {
        if (has(f->item))
            put_with(b, "item %s needs correcting", f->item);
        else
            kaiji_buf_puts(b, "the document needs correcting");
        kaiji_buf_puts(b, " (check: ");
        kaiji_mail_put_text(b, has(f->code) ? f->code : "?");
        kaiji_buf_puts(b, ")");
    }
}

/* The glossary's key of a document type or kind: "checklist" is the
 * vendor's checklist. */
static const char *kind_key(const char *type)
{
    return strcmp(type, "checklist") == 0 ? "vendor-checklist" : type;
}

/* The name of type (a document type or a kind) in the glossary,
 * formats/report/labels.json: its "kind" group in Japanese, "kind_en" in
 * English; NULL when the glossary has none. */
static const char *type_name(const cJSON *glossary, const char *type, bool ja)
{
    if (!type)
        return NULL;
    const cJSON *group = cJSON_GetObjectItemCaseSensitive(glossary, ja ? "kind" : "kind_en");
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(group, kind_key(type)));
}

static void put_type(kaiji_buf *b, const cJSON *glossary, const char *type, bool ja)
{
    const char *name = type_name(glossary, type, ja);
    if (name)
        kaiji_buf_puts(b, name);
    else if (type)
        kaiji_mail_put_text(b, type);
    else
        kaiji_buf_puts(b, ja ? "書類" : "document");
}

/* Writes d as 2026年3月31日 (a month without a day as 2026年3月). */
static void put_date_ja(kaiji_buf *b, kaiji_date d)
{
    if (d.day == 0)
        kaiji_buf_printf(b, "%d年%d月", d.year, d.month);
    else
        kaiji_buf_printf(b, "%d年%d月%d日", d.year, d.month, d.day);
}

/* Writes d as 31 March 2026 (a month without a day as March 2026). */
static void put_date_en(kaiji_buf *b, kaiji_date d)
{
    static const char *const months[] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
    if (d.month < 1 || d.month > 12) {
        char s[11];
        kaiji_buf_puts(b, kaiji_date_format(s, d));
    } else if (d.day == 0) {
        kaiji_buf_printf(b, "%s %d", months[d.month - 1], d.year);
    } else {
        kaiji_buf_printf(b, "%d %s %d", d.day, months[d.month - 1], d.year);
    }
}

/* The received file and its version, in brackets, or nothing. */
static void put_received(kaiji_buf *b, const kaiji_mail_document *d, bool ja)
{
    if (!has(d->name) && !has(d->form_version))
        return;
    kaiji_buf_puts(b, ja ? "（" : " (");
    if (has(d->name)) {
        kaiji_buf_puts(b, ja ? "受領ファイル: " : "received: ");
        kaiji_mail_put_text(b, d->name);
    }
    if (has(d->form_version)) {
        if (has(d->name))
            kaiji_buf_puts(b, ja ? "、" : ", ");
        kaiji_buf_puts(b, ja ? "版: " : "edition ");
        kaiji_mail_put_text(b, d->form_version);
    }
    kaiji_buf_puts(b, ja ? "）" : ")");
}

static void put_findings(kaiji_buf *b, const kaiji_mail_document *d, bool ja)
{
    size_t shown = 0, more = 0;
    for (int pass = 0; pass < 2; pass++) {
        kaiji_severity want = pass == 0 ? KAIJI_SEVERITY_ERROR : KAIJI_SEVERITY_WARNING;
        for (size_t i = 0; i < d->finding_count; i++) {
            const kaiji_mail_finding *f = &d->findings[i];
            if (f->severity != want)
                continue;
            /* The document's own line already says it is outdated. */
            if (d->state == KAIJI_MAIL_DOC_OUTDATED && f->code &&
                strcmp(f->code, "outdated-form-version") == 0)
                continue;
            if (shown == MAX_FINDINGS) {
                more++;
                continue;
            }
            kaiji_buf_puts(b, "      - ");
            if (ja)
                put_finding_ja(b, f);
            else
                put_finding_en(b, f);
            kaiji_buf_puts(b, "\n");
            shown++;
        }
    }
    if (more)
        kaiji_buf_printf(b, ja ? "      - ほか %zu 件\n" : "      - and %zu more\n", more);
}

static void put_document(kaiji_buf *b, const cJSON *glossary, const kaiji_mail_document *d,
                         bool ja)
{
    static const char *const ja_state[] = {
        [KAIJI_MAIL_DOC_MISSING] = "未受領です",
        [KAIJI_MAIL_DOC_OUTDATED] = "旧版の様式です。最新版での再提出をお願いいたします",
        [KAIJI_MAIL_DOC_INVALID] = "記入内容に不備がございます。下記をご確認のうえ再提出をお願いいたします",
        [KAIJI_MAIL_DOC_UNREADABLE] = "ファイルを読み取れませんでした",
    };
    static const char *const en_state[] = {
        [KAIJI_MAIL_DOC_MISSING] = "not received",
        [KAIJI_MAIL_DOC_OUTDATED] = "an outdated edition; please send the current one",
        [KAIJI_MAIL_DOC_INVALID] = "incomplete or wrongly filled in; please correct and resend",
        [KAIJI_MAIL_DOC_UNREADABLE] = "the file could not be read",
    };
    if (d->state == KAIJI_MAIL_DOC_OK)
        return;
    kaiji_buf_puts(b, ja ? "  ・" : "  - ");
    put_type(b, glossary, d->type, ja);
    if (d->state != KAIJI_MAIL_DOC_MISSING)
        put_received(b, d, ja);
    kaiji_buf_puts(b, ": ");
    kaiji_buf_puts(b, ja ? ja_state[d->state] : en_state[d->state]);
    kaiji_buf_puts(b, "\n");
    if (d->state != KAIJI_MAIL_DOC_MISSING)
        put_findings(b, d, ja);
}

static void put_contract(kaiji_buf *b, const cJSON *glossary, const kaiji_mail_contract *c,
                         bool ja)
{
    kaiji_buf_puts(b, ja ? "■ 契約番号: " : "* Contract ");
    kaiji_mail_put_text(b, c->id);
    kaiji_buf_puts(b, "\n");
    if (has(c->system) || has(c->product)) {
        kaiji_buf_puts(b, ja ? "  対象: " : "  For: ");
        kaiji_mail_put_text(b, has(c->system) ? c->system : c->product);
        if (has(c->system) && has(c->product) && strcmp(c->system, c->product) != 0) {
            kaiji_buf_puts(b, ja ? "（製品: " : " (product: ");
            kaiji_mail_put_text(b, c->product);
            kaiji_buf_puts(b, ja ? "）" : ")");
        }
        kaiji_buf_puts(b, "\n");
    }
    kaiji_buf_puts(b, ja ? "  状況: " : "  Status: ");
    bool due = c->due.year != 0;
    switch (c->state) {
    case KAIJI_MAIL_CONTRACT_MISSING:
        if (ja) {
            kaiji_buf_puts(b, "ご提出をお待ちしております");
            if (due) {
                kaiji_buf_puts(b, "（回答期限: ");
                put_date_ja(b, c->due);
                kaiji_buf_puts(b, "）");
            }
        } else {
            kaiji_buf_puts(b, "not received yet");
            if (due) {
                kaiji_buf_puts(b, " (due ");
                put_date_en(b, c->due);
                kaiji_buf_puts(b, ")");
            }
        }
        break;
    case KAIJI_MAIL_CONTRACT_OVERDUE:
        if (ja) {
            kaiji_buf_puts(b, "回答期限");
            if (due) {
                kaiji_buf_puts(b, "（");
                put_date_ja(b, c->due);
                kaiji_buf_puts(b, "）");
            }
            kaiji_buf_puts(b, "を過ぎておりますが、まだ受領できておりません");
        } else {
            kaiji_buf_puts(b, "overdue");
            if (due) {
                kaiji_buf_puts(b, " (was due ");
                put_date_en(b, c->due);
                kaiji_buf_puts(b, ")");
            }
            kaiji_buf_puts(b, ": not received yet");
        }
        break;
    case KAIJI_MAIL_CONTRACT_OUTDATED:
        kaiji_buf_puts(b, ja ? "ご提出いただいた書類が旧版の様式です"
                                  : "a document received is an outdated edition");
        break;
    case KAIJI_MAIL_CONTRACT_INVALID:
    case KAIJI_MAIL_CONTRACT_SETTLED:
        kaiji_buf_puts(b, ja ? "ご提出いただいた書類に不備がございます"
                                  : "a document received needs correcting");
        break;
    }
    kaiji_buf_puts(b, "\n");
    for (size_t i = 0; i < c->document_count; i++)
        put_document(b, glossary, &c->documents[i], ja);
    if (has(c->upload_url)) {
        kaiji_buf_puts(b, ja ? "  ご提出用リンク（アップロードするとすぐに確認結果が表示されます"
                             : "  Upload link (our checks are shown as soon as you upload");
        if (c->upload_until.year) {
            kaiji_buf_puts(b, ja ? "。有効期限: " : "; it works until ");
            if (ja)
                put_date_ja(b, c->upload_until);
            else
                put_date_en(b, c->upload_until);
        }
        kaiji_buf_puts(b, ja ? "）:\n  " : "):\n  ");
        kaiji_mail_put_text(b, c->upload_url);
        kaiji_buf_puts(b, "\n");
    }
    kaiji_buf_puts(b, "\n");
}

static void put_signature(kaiji_buf *b, const kaiji_mail_options *o, const char *from_addr)
{
    kaiji_buf_puts(b, "--\n");
    if (has(o->organization)) {
        kaiji_mail_put_text(b, o->organization);
        kaiji_buf_puts(b, "\n");
    }
    if (has(o->signer)) {
        kaiji_mail_put_text(b, o->signer);
        kaiji_buf_puts(b, "\n");
    }
    kaiji_mail_put_text(b, from_addr);
    kaiji_buf_puts(b, "\n");
}

char *kaiji_mail_compose_subject(void)
{
    kaiji_buf b = {0};
    kaiji_buf_puts(&b, "【ご提出のお願い】医療情報セキュリティ開示書・チェックリストについて"
                            " / Reminder: security disclosures for our contracts");
    return kaiji_buf_detach(&b, NULL);
}

char *kaiji_mail_compose_body(const kaiji_mail_vendor *v, const kaiji_mail_options *o,
                              const char *from_addr)
{
    kaiji_buf b = {0};
    bool named = has(v->name);
    const kaiji_embedded_file *gf = kaiji_embedded_find(GLOSSARY_PATH);
    cJSON *glossary = gf ? cJSON_ParseWithLength(gf->data, gf->size) : NULL;
    if (!glossary)
        return NULL;

    /* 宛名, 挨拶, 名乗り */
    if (named) {
        kaiji_mail_put_text(&b, v->name);
        kaiji_buf_puts(&b, "\n");
    }
    kaiji_buf_puts(&b, "ご担当者様\n\nいつもお世話になっております。\n");
    if (has(o->organization) || has(o->signer)) {
        kaiji_mail_put_text(&b, has(o->organization) ? o->organization : o->signer);
        if (has(o->organization) && has(o->signer)) {
            kaiji_buf_puts(&b, "の");
            kaiji_mail_put_text(&b, o->signer);
        }
        kaiji_buf_puts(&b, "でございます。\n");
    }
    kaiji_buf_puts(&b, "\n貴社とのご契約にかかる医療情報セキュリティ関連書類につきまして、");
    if (o->as_of.year) {
        put_date_ja(&b, o->as_of);
        kaiji_buf_puts(&b, "時点で、");
    }
    kaiji_buf_puts(&b, "下記の書類のご提出またはご確認をお願いしたく、ご連絡いたしました。\n"
                            "お忙しいところ誠に恐れ入りますが、ご対応のほどよろしくお願い申し上げます。\n\n"
                            "記\n\n");
    for (size_t i = 0; i < v->contract_count; i++)
        if (v->contracts[i].state != KAIJI_MAIL_CONTRACT_SETTLED)
            put_contract(&b, glossary, &v->contracts[i], true);
    if (o->reply_by.year) {
        kaiji_buf_puts(&b, "ご提出期限: ");
        put_date_ja(&b, o->reply_by);
        kaiji_buf_puts(&b, "\n恐れ入りますが、上記期限までにご提出くださいますようお願い申し上げます。\n\n");
    }
    kaiji_buf_puts(&b, "以上\n\n"
                            "本メールと行き違いでご提出いただいている場合は、何卒ご容赦ください。\n"
                            "ご不明な点がございましたら、本メールへのご返信にてお問い合わせください。\n"
                            "今後ともどうぞよろしくお願い申し上げます。\n\n");
    put_signature(&b, o, from_addr);

    /* English */
    kaiji_buf_puts(&b, "\n======================================================================\n"
                            "English\n\nDear ");
    if (named)
        kaiji_mail_put_text(&b, v->name);
    else
        kaiji_buf_puts(&b, "Sir or Madam");
    kaiji_buf_puts(&b, ",\n\nThis is a reminder");
    if (has(o->organization)) {
        kaiji_buf_puts(&b, " from ");
        kaiji_mail_put_text(&b, o->organization);
    }
    kaiji_buf_puts(&b, " about the security disclosure documents for our contracts with you.\n");
    if (o->as_of.year) {
        kaiji_buf_puts(&b, "As of ");
        put_date_en(&b, o->as_of);
        kaiji_buf_puts(&b, ", we");
    } else {
        kaiji_buf_puts(&b, "We");
    }
    kaiji_buf_puts(&b, " still need the following:\n\n");
    for (size_t i = 0; i < v->contract_count; i++)
        if (v->contracts[i].state != KAIJI_MAIL_CONTRACT_SETTLED)
            put_contract(&b, glossary, &v->contracts[i], false);
    if (o->reply_by.year) {
        kaiji_buf_puts(&b, "Please send them by ");
        put_date_en(&b, o->reply_by);
        kaiji_buf_puts(&b, ".\n");
    }
    kaiji_buf_puts(&b, "If you have already sent them, please disregard this message.\n"
                            "For any question, simply reply to this e-mail.\n\n"
                            "Best regards,\n\n");
    put_signature(&b, o, from_addr);
    cJSON_Delete(glossary);
    return kaiji_buf_detach(&b, NULL);
}
